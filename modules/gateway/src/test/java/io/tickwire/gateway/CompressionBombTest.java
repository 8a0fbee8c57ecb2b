package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Compressed frames that inflate past the size limit")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompressionBombTest {

  static final int LIMIT = GatewayConfig.DEFAULT_MAX_FRAME_BYTES;
  static final int BOMB_CHARS = 4 * 1024 * 1024;
  static final int BOMBS = 12;
  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A ping frame of exactly {@code bytes} bytes of JSON. */
  static String ping(String id, int bytes) {
    String head = "{\"type\":\"ping\",\"id\":\"" + id + "\",\"pad\":\"";
    String tail = "\"}";
    return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
  }

  /** Bytes the node's event loops allocated so far. */
  static long eventLoopAllocations() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("vert.x-eventloop-thread")) {
        total += threads.getThreadAllocatedBytes(thread.getId());
      }
    }
    return total;
  }

  static RawSocket welcomed() {
    RawSocket raw = RawSocket.connectDeflate(node.vertx, node.port);
    assertThat(new JsonObject(raw.nextText()).getString("type")).isEqualTo("welcome");
    return raw;
  }

  @Test
  @DisplayName("closes with 1009 every client whose 4 MB text message compresses to a few KB, before inflating it, while the heap stays flat and another client is served")
  void bombs() {
    TestSocket bystander = node.connect("?channels=tx.bystander");
    bystander.next("subscribed");
    ChannelPublisher publisher = new ChannelPublisher(node.vertx);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    String bomb = ping("bomb", BOMB_CHARS);
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    long allocatedBefore = eventLoopAllocations();
    for (int i = 1; i <= BOMBS; i++) {
      RawSocket raw = welcomed();
      if (i % 2 == 0) {
        assertThat(raw.sendCompressed(bomb)).isLessThan(LIMIT / 4);
      } else {
        // The same message in four compressed fragments of 1 MB each once inflated.
        raw.sendCompressedFragmented(bomb, BOMB_CHARS / 4);
      }
      assertThat(raw.awaitCloseCode()).isEqualTo(1009);
      assertThat(raw.texts).isEmpty();
      Await.result(publisher.publish("tx.bystander", new JsonObject().put("n", i)));
      assertThat(bystander.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
    }
    // Stopped early, inflation costs a fraction of what one message holds: the event loops
    // allocate less than a quarter of a bomb per bomb, all work included.
    assertThat(eventLoopAllocations() - allocatedBefore).isLessThan((long) BOMBS * BOMB_CHARS / 4);
    bystander.send(new JsonObject().put("type", "ping").put("id", "still-here"));
    assertThat(bystander.next("pong").getString("id")).isEqualTo("still-here");
    System.gc();
    long heapAfter = memory.getHeapMemoryUsage().getUsed();
    // Twelve 4 MB messages held as strings would be 48 MB or more.
    assertThat(heapAfter - heapBefore).isLessThan(16L * 1024 * 1024);
    bystander.close();
  }

  @Test
  @DisplayName("answers a compressed frame that inflates to exactly the limit, and closes with 1009 one that inflates to one byte more")
  void singleFrameAtTheLimit() {
    RawSocket exact = welcomed();
    exact.sendCompressed(ping("exact", LIMIT));
    JsonObject pong = new JsonObject(exact.nextText());
    assertThat(pong.getString("type")).isEqualTo("pong");
    assertThat(pong.getString("id")).isEqualTo("exact");

    RawSocket over = welcomed();
    over.sendCompressed(ping("over", LIMIT + 1));
    assertThat(over.awaitCloseCode()).isEqualTo(1009);
    assertThat(over.texts).isEmpty();
  }

  @Test
  @DisplayName("closes with 1009 a compressed message whose fragments each stay under the limit but add up over it")
  void fragmentsAddUp() {
    RawSocket joined = welcomed();
    joined.sendCompressedFragmented(ping("joined", LIMIT - 100), LIMIT / 4);
    assertThat(new JsonObject(joined.nextText()).getString("id")).isEqualTo("joined");

    RawSocket over = welcomed();
    over.sendCompressedFragmented(ping("over", 3 * LIMIT), LIMIT / 2);
    assertThat(over.awaitCloseCode()).isEqualTo(1009);
    assertThat(over.texts).isEmpty();
  }
}
