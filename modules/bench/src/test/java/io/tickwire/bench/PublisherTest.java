package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The publisher: open loop, every message stamped with its intended send time")
class PublisherTest {

  private static final String ANSWER = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
      + "content-length: 2\r\n\r\n{}";

  private HeldServer server;

  @BeforeEach
  void start() throws Exception {
    server = new HeldServer();
  }

  @AfterEach
  void close() throws Exception {
    Await.result(server.vertx.close());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("keeps sending while answers stall, up to its in-flight bound, and stamps late "
      + "messages with the time they were due")
  void stall() {
    int bound = 30;
    // 200 msg/s: the bound is reached after 150 ms; the server answers nothing until it has
    // seen the bound's worth of requests and 300 ms have passed since the first.
    server.releaseAfter(bound, 300);
    JsonObject result;
    try (Publisher publisher = new Publisher(8, 2, bound, 10_000)) {
      result = publisher.run(Target.TICKWIRE, List.of(server.port), List.of("benchs.t"), 200, 1,
          3);
    }
    assertThat(result.getLong("published")).isEqualTo(200);
    assertThat(result.getLong("failed")).isZero();
    assertThat(result.getLong("unsent")).isZero();
    // No answer was in before the bound's worth of requests was on the wire, and no more were.
    assertThat(server.seenAtRelease.get()).isEqualTo(bound);
    // Message n carries start + n × 5 ms, however late it left.
    List<Long> stamps = server.stamps();
    long first = stamps.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(stamps.stream().map(t -> t - first).sorted().toList())
        .isEqualTo(LongStream.range(0, 200).map(n -> n * 5_000_000L).boxed().toList());
    // The held messages waited for the stall to end, and their delay is counted from when
    // they were due: in how late they left and in how late they were answered.
    assertThat(result.getJsonObject("sendLagMs").getDouble("max")).isGreaterThan(100.0);
    assertThat(result.getJsonObject("publishMs").getDouble("max")).isGreaterThanOrEqualTo(300.0);
    assertThat(result.getJsonObject("publishMs").getLong("count")).isEqualTo(200);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @DisplayName("never has more than its bound in flight against a server that never answers, "
      + "and gives up after the grace period")
  void bound() {
    int bound = 20;
    server.releaseAfter(Integer.MAX_VALUE, 0);
    long started = System.nanoTime();
    JsonObject result;
    try (Publisher publisher = new Publisher(8, 2, bound, 1_000)) {
      result = publisher.run(Target.TICKWIRE, List.of(server.port), List.of("benchs.t"), 500,
          0.4, 4);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(result.getLong("published")).isZero();
    assertThat(result.getLong("failed")).isEqualTo(200);
    assertThat(result.getLong("unsent")).isEqualTo(200 - bound);
    assertThat(server.requests()).isBetween(1, bound);
    // 0.4 s of sending, 1 s of grace, and the publisher's close.
    assertThat(seconds).isLessThan(10.0);
  }

  /**
   * A keep-alive HTTP/1.1 server on loopback that reads pipelined requests and holds every
   * answer until it has seen {@code requests} of them and {@code afterMs} have passed since the
   * first; then it answers them all, in order, and every later one at once.
   */
  private static final class HeldServer {
    final Vertx vertx = Vertx.vertx();
    final int port;
    final List<Conn> conns = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger seen = new AtomicInteger();
    final AtomicInteger seenAtRelease = new AtomicInteger(-1);
    volatile int releaseAt;
    volatile long releaseAfterMs;
    volatile long firstNanos;
    volatile boolean released;

    /** One connection's bytes and requests, touched on its own event loop. */
    final class Conn {
      final Context context = Vertx.currentContext();
      final NetSocket socket;
      Buffer in = Buffer.buffer();
      int requests;
      int answered;

      Conn(NetSocket socket) {
        this.socket = socket;
      }

      void read(Buffer data) {
        in.appendBuffer(data);
        String text = in.toString(StandardCharsets.ISO_8859_1);
        int from = 0;
        while (true) {
          int headersEnd = text.indexOf("\r\n\r\n", from);
          if (headersEnd < 0) {
            break;
          }
          String headers = text.substring(from, headersEnd).toLowerCase(Locale.ROOT);
          int at = headers.indexOf("content-length:");
          int length = at < 0 ? 0 : Integer.parseInt(
              headers.substring(at + 15, headers.indexOf('\n', at) < 0 ? headers.length()
                  : headers.indexOf('\n', at)).trim());
          if (headersEnd + 4 + length > text.length()) {
            break;
          }
          bodies.add(text.substring(headersEnd + 4, headersEnd + 4 + length));
          requests++;
          if (seen.incrementAndGet() == 1) {
            firstNanos = System.nanoTime();
            vertx.setTimer(Math.max(1, releaseAfterMs), id -> maybeRelease());
          }
          from = headersEnd + 4 + length;
        }
        in = in.getBuffer(from, in.length());
        maybeRelease();
        answer();
      }

      void answer() {
        if (released) {
          for (; answered < requests; answered++) {
            socket.write(ANSWER);
          }
        }
      }
    }

    HeldServer() throws Exception {
      port = Await.result(vertx.createNetServer().connectHandler(socket -> {
        Conn conn = new Conn(socket);
        conns.add(conn);
        socket.handler(conn::read);
      }).listen(0, "127.0.0.1")).actualPort();
    }

    void releaseAfter(int requests, long afterMs) {
      releaseAt = requests;
      releaseAfterMs = afterMs;
    }

    synchronized void maybeRelease() {
      if (released || seen.get() < releaseAt
          || System.nanoTime() - firstNanos < TimeUnit.MILLISECONDS.toNanos(releaseAfterMs)) {
        return;
      }
      seenAtRelease.set(seen.get());
      released = true;
      conns.forEach(conn -> conn.context.runOnContext(ignored -> conn.answer()));
    }

    int requests() {
      return seen.get();
    }

    /** The intended send time each request carried, in the order they arrived. */
    List<Long> stamps() {
      List<Long> stamps = new ArrayList<>();
      for (String body : bodies) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        stamps.add(FrameScan.number(bytes, FrameScan.after(bytes, FrameScan.SENT, 0)));
      }
      return stamps;
    }
  }
}
