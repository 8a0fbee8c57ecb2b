package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The presence scenario's WebSocket client against a real Vert.x WebSocket server on loopback:
 * it must take every message whole, whatever its size and fragments, keep its first and last
 * bytes right, and speak the protocol a server expects (masked frames, pongs, close).
 */
@DisplayName("RawSockets: the presence scenario's reading client")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawSocketsTest {

  private Vertx vertx;
  private int port;
  /** What the server's socket received: text messages, and "pong:<payload>" for pongs. */
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<ServerWebSocket> accepted = new CompletableFuture<>();
  private RawSockets sockets;

  /** One message or close seen by the client. */
  record Seen(byte[] head, byte[] tail, long length, int closeCode) {
  }

  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions()
        .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 22));
    server.webSocketHandshakeHandler(handshake -> {
      if (handshake.path().equals("/ws")) {
        handshake.accept();
      } else {
        handshake.reject(403);
      }
    });
    server.webSocketHandler(ws -> {
      ws.textMessageHandler(received::add);
      ws.pongHandler(payload -> received.add("pong:" + payload));
      accepted.complete(ws);
    });
    port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    sockets = new RawSockets(2);
  }

  @AfterEach
  void stop() {
    sockets.close();
    Await.result(vertx.close());
  }

  private RawSockets.Socket connect(String uri) throws Exception {
    return sockets.connect(new InetSocketAddress("127.0.0.1", 0),
        new InetSocketAddress("127.0.0.1", port), uri, new RawSockets.Listener() {
          @Override
          public void message(RawSockets.Socket socket, byte[] head, byte[] tail, long length,
              long nanos) {
            seen.add(new Seen(head, tail, length, 0));
          }

          @Override
          public void closed(RawSockets.Socket socket, int code) {
            seen.add(new Seen(null, null, -1, code));
          }
        }).get(10, TimeUnit.SECONDS);
  }

  private Seen next() throws InterruptedException {
    Seen next = seen.poll(10, TimeUnit.SECONDS);
    assertThat(next).as("something arrived").isNotNull();
    return next;
  }

  /** A message of {@code length} bytes: byte {@code i} is the character {@code '0' + i % 64}. */
  private static byte[] message(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('0' + i % 64);
    }
    return bytes;
  }

  /** Writes {@code bytes} as one text message in frames of {@code pieces} bytes. */
  private void write(ServerWebSocket ws, byte[] bytes, int pieces) {
    vertx.runOnContext(ignored -> {
      if (bytes.length == 0) {
        ws.writeFrame(WebSocketFrame.textFrame("", true));
        return;
      }
      for (int at = 0; at < bytes.length; at += pieces) {
        int end = Math.min(bytes.length, at + pieces);
        Buffer piece = Buffer.buffer(Arrays.copyOfRange(bytes, at, end));
        ws.writeFrame(at == 0 ? WebSocketFrame.binaryFrame(piece, end == bytes.length)
            : WebSocketFrame.continuationFrame(piece, end == bytes.length));
      }
    });
  }

  @Test
  @DisplayName("keeps the first 128 and last 64 bytes and the length of messages of every size and fragmentation, with 7-, 16- and 64-bit lengths")
  void messages() throws Exception {
    connect("/ws");
    ServerWebSocket ws = accepted.get(10, TimeUnit.SECONDS);
    // Sizes around the head and tail, the 16- and 64-bit length forms, and one larger than the
    // client's 256 KiB read buffer; each whole and in pieces down to one byte.
    for (int length : new int[] {0, 1, 63, 64, 65, 127, 128, 129, 200, 65_535, 65_536, 300_000}) {
      for (int pieces : new int[] {Integer.MAX_VALUE, 1000, 7, 1}) {
        if (pieces == 1 && length > 2000) {
          continue;
        }
        byte[] bytes = message(length);
        write(ws, bytes, pieces);
        Seen got = next();
        String what = length + " bytes in pieces of " + pieces;
        assertThat(got.length()).as(what).isEqualTo(length);
        assertThat(got.head()).as(what).isEqualTo(Arrays.copyOf(bytes, Math.min(length, 128)));
        assertThat(got.tail()).as(what)
            .isEqualTo(Arrays.copyOfRange(bytes, Math.max(0, length - 64), length));
      }
    }
  }

  @Test
  @DisplayName("takes a message whole when the server pings between its fragments, and answers the ping")
  void pingBetweenFragments() throws Exception {
    connect("/ws");
    ServerWebSocket ws = accepted.get(10, TimeUnit.SECONDS);
    byte[] bytes = message(500);
    vertx.runOnContext(ignored -> {
      ws.writeFrame(WebSocketFrame.binaryFrame(Buffer.buffer(Arrays.copyOfRange(bytes, 0, 300)),
          false));
      ws.writePing(Buffer.buffer("between"));
      ws.writeFrame(WebSocketFrame.continuationFrame(
          Buffer.buffer(Arrays.copyOfRange(bytes, 300, 500)), true));
    });
    Seen got = next();
    assertThat(got.length()).isEqualTo(500);
    assertThat(got.head()).isEqualTo(Arrays.copyOf(bytes, 128));
    assertThat(got.tail()).isEqualTo(Arrays.copyOfRange(bytes, 436, 500));
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("pong:between");
  }

  @Test
  @DisplayName("sends masked text frames the server reads, in order, from several threads at once")
  void sends() throws Exception {
    RawSockets.Socket socket = connect("/ws");
    accepted.get(10, TimeUnit.SECONDS);
    String large = "x".repeat(70_000);
    List<String> texts = List.of("{\"type\":\"presence\",\"id\":\"1\"}", "ü€", large, "");
    for (String text : texts) {
      socket.send(text);
    }
    for (String text : texts) {
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(text);
    }
    // Four threads at once, 500 frames each: every frame arrives whole, each thread's in order.
    List<Thread> senders = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread sender = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          socket.send(thread + ":" + i);
        }
      });
      sender.start();
      senders.add(sender);
    }
    for (Thread sender : senders) {
      sender.join();
    }
    int[] next = new int[4];
    for (int n = 0; n < 2000; n++) {
      String[] frame = received.poll(10, TimeUnit.SECONDS).split(":");
      int thread = Integer.parseInt(frame[0]);
      assertThat(Integer.parseInt(frame[1])).as("thread %d in order", thread)
          .isEqualTo(next[thread]++);
    }
  }

  @Test
  @DisplayName("answers a ping with a pong carrying its payload")
  void pong() throws Exception {
    connect("/ws");
    ServerWebSocket ws = accepted.get(10, TimeUnit.SECONDS);
    vertx.runOnContext(ignored -> ws.writePing(Buffer.buffer("are you there")));
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("pong:are you there");
  }

  @Test
  @DisplayName("reports the server's close code and stops; a refused upgrade fails the connect")
  void closes() throws Exception {
    RawSockets.Socket socket = connect("/ws");
    ServerWebSocket ws = accepted.get(10, TimeUnit.SECONDS);
    CompletableFuture<Short> echoed = new CompletableFuture<>();
    ws.closeHandler(ignored -> echoed.complete(ws.closeStatusCode()));
    vertx.runOnContext(ignored -> ws.close((short) 4009, "slow consumer"));
    assertThat(next().closeCode()).isEqualTo(4009);
    assertThat(socket.isOpen()).isFalse();
    assertThat(echoed.get(10, TimeUnit.SECONDS)).as("the close echoed").isEqualTo((short) 4009);

    assertThatThrownBy(() -> connect("/elsewhere")).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("403");
  }
}
