package io.tickwire.gateway;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client written by hand over a TCP socket, for what a well-behaved client library
 * will not do: never answer pings, send frames over the size limit, send compressed frames that
 * inflate far beyond it. It records the server's close code. With permessage-deflate negotiated
 * it inflates what the server compresses. It keeps text and binary frames apart, and the
 * server's upgrade response.
 */
final class RawSocket {

  private final NetSocket socket;
  private Buffer pending = Buffer.buffer();
  private boolean upgraded;
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final Inflater inflater = new Inflater(true);
  volatile boolean deflate;
  final CompletableFuture<Void> open = new CompletableFuture<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  final CompletableFuture<Void> tcpClosed = new CompletableFuture<>();
  volatile int pings;
  volatile int pongs;
  /** Whether the server's pings are answered (off: the heartbeat closes the socket with 4000). */
  volatile boolean answerPings;
  final java.util.concurrent.BlockingQueue<TextFrame> texts =
      new java.util.concurrent.LinkedBlockingQueue<>();

  final java.util.concurrent.BlockingQueue<BinaryFrame> binaries =
      new java.util.concurrent.LinkedBlockingQueue<>();
  /** The server's upgrade response: status line and headers. */
  volatile String handshake;

  /** A text frame the server sent: whether RSV1 marked it compressed, its bytes on the wire. */
  record TextFrame(String text, boolean compressed, int wireBytes) {}

  /** A binary frame the server sent, inflated if it was compressed. */
  record BinaryFrame(byte[] bytes, boolean compressed, int wireBytes) {}

  private RawSocket(NetSocket socket) {
    this.socket = socket;
    socket.handler(this::received);
    socket.closeHandler(ignored -> {
      tcpClosed.complete(null);
      closeCode.complete(1006);
    });
  }

  static RawSocket connect(Vertx vertx, int port) {
    return connect(vertx, port, "/ws", "");
  }

  /** Connects to {@code path} (with its query), without extensions. */
  static RawSocket connect(Vertx vertx, int port, String path) {
    return connect(vertx, port, path, "");
  }

  /** Connects offering permessage-deflate; fails unless the server accepts it. */
  static RawSocket connectDeflate(Vertx vertx, int port) {
    return connectDeflate(vertx, port, "/ws");
  }

  /** Connects to {@code path} (with its query) offering permessage-deflate. */
  static RawSocket connectDeflate(Vertx vertx, int port, String path) {
    RawSocket raw = connect(vertx, port, path,
        "Sec-WebSocket-Extensions: permessage-deflate\r\n");
    if (!raw.deflate) {
      throw new AssertionError("the server did not accept permessage-deflate");
    }
    return raw;
  }

  /** Connects to {@code path} sending {@code headers} (each line ending in CRLF) as well. */
  static RawSocket connect(Vertx vertx, int port, String path, String headers) {
    NetClient client = vertx.createNetClient();
    RawSocket raw = Await.result(client.connect(port, "127.0.0.1").map(RawSocket::new));
    raw.socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n" + headers
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    Await.result(raw.open, "upgrade");
    return raw;
  }

  /** Sends one masked binary frame. */
  void sendBinary(byte[] bytes) {
    socket.write(frame(0x82, bytes));
  }

  /** Sends a binary message compressed with permessage-deflate in one frame. */
  int sendCompressedBinary(byte[] bytes) {
    byte[] payload = compress(bytes, true);
    socket.write(frame(0x80 | 0x40 | 0x2, payload));
    return payload.length;
  }

  /** Sends one masked text frame. */
  void sendText(String text) {
    socket.write(frame(0x81, text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Sends {@code count} masked frames of {@code firstByte} (FIN and opcode) and {@code payload}
   * in one write: pings, pongs, empty fragments, as fast as the socket takes them.
   */
  void sendFrames(int firstByte, byte[] payload, int count) {
    Buffer frames = Buffer.buffer();
    for (int i = 0; i < count; i++) {
      frames.appendBuffer(frame(firstByte, payload));
    }
    socket.write(frames);
  }

  /** Sends a text message split into frames of at most {@code size} bytes. */
  void sendFragmented(String text, int size) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < bytes.length; from += size) {
      int to = Math.min(bytes.length, from + size);
      int opcode = from == 0 ? 0x1 : 0x0;
      int fin = to == bytes.length ? 0x80 : 0;
      socket.write(frame(fin | opcode, java.util.Arrays.copyOfRange(bytes, from, to)));
    }
  }

  /**
   * Sends a text message compressed with permessage-deflate in one frame; answers the bytes
   * that went on the wire.
   */
  int sendCompressed(String text) {
    byte[] payload = compress(text.getBytes(StandardCharsets.UTF_8), true);
    socket.write(frame(0x80 | 0x40 | 0x1, payload));
    return payload.length;
  }

  /**
   * Sends a text message compressed with permessage-deflate in fragments, each carrying
   * {@code size} characters of the text compressed on its own (so each inflates to at most that).
   */
  void sendCompressedFragmented(String text, int size) {
    for (int from = 0; from < text.length(); from += size) {
      int to = Math.min(text.length(), from + size);
      boolean last = to == text.length();
      byte[] payload = compress(text.substring(from, to).getBytes(StandardCharsets.UTF_8), last);
      int first = (last ? 0x80 : 0) | (from == 0 ? 0x40 | 0x1 : 0x0);
      socket.write(frame(first, payload));
    }
  }

  /** Deflates with a sync flush; the message's last part drops the 00 00 ff ff tail (RFC 7692). */
  private byte[] compress(byte[] bytes, boolean last) {
    deflater.setInput(bytes);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] chunk = new byte[64 * 1024];
    int n;
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
    } while (n == chunk.length || !deflater.needsInput());
    byte[] compressed = out.toByteArray();
    return last ? java.util.Arrays.copyOf(compressed, compressed.length - 4) : compressed;
  }

  private String inflate(Buffer payload) {
    return new String(inflateBytes(payload), StandardCharsets.UTF_8);
  }

  private byte[] inflateBytes(Buffer payload) {
    try {
      inflater.setInput(payload.appendBytes(new byte[] {0, 0, (byte) 0xff, (byte) 0xff})
          .getBytes());
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] chunk = new byte[16 * 1024];
      int n;
      while ((n = inflater.inflate(chunk)) > 0) {
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new AssertionError("the server sent a frame that does not inflate: " + e, e);
    }
  }

  /** The text of the next text frame the server sent. */
  String nextText() {
    return nextTextFrame().text();
  }

  /** The next binary frame the server sent. */
  BinaryFrame nextBinaryFrame() {
    return Await.next(binaries, "binary frame");
  }

  /** The next text frame the server sent. */
  TextFrame nextTextFrame() {
    return Await.next(texts, "text frame");
  }

  private static Buffer frame(int firstByte, byte[] payload) {
    Buffer frame = Buffer.buffer().appendByte((byte) firstByte);
    if (payload.length < 126) {
      frame.appendByte((byte) (0x80 | payload.length));
    } else if (payload.length < 65_536) {
      frame.appendByte((byte) (0x80 | 126)).appendShort((short) payload.length);
    } else {
      frame.appendByte((byte) (0x80 | 127)).appendLong(payload.length);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.appendBytes(mask);
    byte[] masked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    return frame.appendBytes(masked);
  }

  /** Drops the TCP connection without a close frame. */
  void close() {
    socket.close();
  }

  int awaitCloseCode() {
    return Await.result(closeCode, "close");
  }

  private void received(Buffer data) {
    pending.appendBuffer(data);
    if (!upgraded) {
      String text = pending.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      if (!text.startsWith("HTTP/1.1 101")) {
        open.completeExceptionally(new AssertionError("upgrade refused: " + text));
        return;
      }
      upgraded = true;
      handshake = text.substring(0, end);
      deflate = text.substring(0, end).toLowerCase().contains("permessage-deflate");
      pending = pending.getBuffer(end + 4, pending.length());
      open.complete(null);
    }
    parseFrames();
  }

  private void parseFrames() {
    while (pending.length() >= 2) {
      int opcode = pending.getByte(0) & 0x0f;
      boolean compressed = (pending.getByte(0) & 0x40) != 0;
      int length = pending.getByte(1) & 0x7f;
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
      Buffer payload = pending.getBuffer(header, header + length);
      pending = pending.getBuffer(header + length, pending.length());
      if (opcode == 0x1) {
        String text = compressed ? inflate(payload) : payload.toString(StandardCharsets.UTF_8);
        texts.add(new TextFrame(text, compressed, length));
      } else if (opcode == 0x2) {
        byte[] bytes = compressed ? inflateBytes(payload) : payload.getBytes();
        binaries.add(new BinaryFrame(bytes, compressed, length));
      } else if (opcode == 0x9) {
        pings++;
        if (answerPings) {
          socket.write(frame(0x8A, payload.getBytes()));
        }
      } else if (opcode == 0xA) {
        pongs++;
      } else if (opcode == 0x8) {
        closeCode.complete(payload.length() >= 2 ? payload.getUnsignedShort(0) : 1005);
      }
    }
  }
}
