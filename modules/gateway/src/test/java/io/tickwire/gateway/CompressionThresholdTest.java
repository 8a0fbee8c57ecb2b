package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Compression of outbound messages")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionThresholdTest {

  static final String CHANNEL = "tx.0x" + "5e".repeat(32);
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A server frame as it came off the wire. */
  record Frame(boolean compressed, int opcode, byte[] payload) {
    String text() throws Exception {
      if (!compressed) {
        return new String(payload, StandardCharsets.UTF_8);
      }
      // RFC 7692: the sender dropped the trailing 00 00 ff ff of the deflate block.
      Inflater inflater = new Inflater(true);
      inflater.setInput(Buffer.buffer(payload).appendBytes(new byte[] {0, 0, -1, -1}).getBytes());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      int read;
      while ((read = inflater.inflate(chunk)) > 0) {
        out.write(chunk, 0, read);
      }
      inflater.end();
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("sends messages under 1 KiB uncompressed and larger ones compressed to a client "
      + "that negotiated permessage-deflate")
  void smallUncompressed() throws Exception {
    BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    NetSocket socket = TestNode.await(node.onEventLoop(() -> node.vertx.createNetClient()
        .connect(node.port, "127.0.0.1").onSuccess(connected -> connected.handler(
            new FrameReader(frames)::received))));
    socket.write("GET /ws?channels=" + CHANNEL + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");

    Frame welcome = next(frames);
    assertThat(new JsonObject(welcome.text()).getString("type")).isEqualTo("welcome");
    assertThat(welcome.compressed()).as("welcome compressed").isFalse();
    Frame subscribed = next(frames);
    assertThat(new JsonObject(subscribed.text()).getString("type")).isEqualTo("subscribed");
    assertThat(subscribed.compressed()).as("subscribed compressed").isFalse();

    node.publish(CHANNEL, new JsonObject().put("price", 64210.5));
    String big = "x".repeat(4_000);
    node.publish(CHANNEL, new JsonObject().put("blob", big));
    node.publish(CHANNEL, new JsonObject().put("price", 64211.5));

    Frame small = next(frames);
    assertThat(small.compressed()).as("small message compressed").isFalse();
    assertThat(new JsonObject(small.text()).getJsonObject("data").getDouble("price"))
        .isEqualTo(64210.5);
    Frame large = next(frames);
    assertThat(large.compressed()).as("large message compressed").isTrue();
    assertThat(large.payload().length).isLessThan(1_000);
    assertThat(new JsonObject(large.text()).getJsonObject("data").getString("blob"))
        .isEqualTo(big);
    // The compressor's context goes on across the uncompressed message in between.
    Frame after = next(frames);
    assertThat(after.compressed()).isFalse();
    assertThat(new JsonObject(after.text()).getJsonObject("data").getDouble("price"))
        .isEqualTo(64211.5);
    socket.close();
  }

  private static Frame next(BlockingQueue<Frame> frames) throws InterruptedException {
    Frame frame = frames.poll(TestSocket.WAIT_SECONDS, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within " + TestSocket.WAIT_SECONDS + " s");
    }
    return frame;
  }

  /** Reads the upgrade answer, then unmasked server frames with their RSV1 bit. */
  static final class FrameReader {
    private final BlockingQueue<Frame> frames;
    private Buffer pending = Buffer.buffer();
    private boolean upgraded;

    FrameReader(BlockingQueue<Frame> frames) {
      this.frames = frames;
    }

    void received(Buffer data) {
      pending.appendBuffer(data);
      if (!upgraded) {
        String text = pending.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
          return;
        }
        if (!text.startsWith("HTTP/1.1 101") || !text.contains("permessage-deflate")) {
          throw new AssertionError("no compressed upgrade: " + text);
        }
        upgraded = true;
        pending = pending.getBuffer(end + 4, pending.length());
      }
      while (pending.length() >= 2) {
        int first = pending.getUnsignedByte(0);
        int length = pending.getUnsignedByte(1) & 0x7f;
        int header = 2;
        if (length == 126) {
          if (pending.length() < 4) {
            return;
          }
          length = pending.getUnsignedShort(2);
          header = 4;
        } else if (length == 127) {
          if (pending.length() < 10) {
            return;
          }
          length = (int) pending.getLong(2);
          header = 10;
        }
        if (pending.length() < header + length) {
          return;
        }
        frames.add(new Frame((first & 0x40) != 0, first & 0x0f,
            pending.getBytes(header, header + length)));
        pending = pending.getBuffer(header + length, pending.length());
      }
    }
  }
}
