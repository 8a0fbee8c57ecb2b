package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Delivery metrics")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryMetricsTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    // One gateway instance, so that a message reaches exactly one fan-out; a small write queue,
    // so that a client that stops reading soon has messages waiting.
    node = GatewayFixture.start(json -> {
      json.getJsonObject("gateway").put("instances", 1).put("compression", false)
          .put("writeQueueBytes", 16 * 1024).put("outboundQueueMessages", 1_000);
      JsonObject stream = new JsonObject().put("mode", "stream").put("historySize", 1_000);
      json.getJsonObject("namespaces").put("fan", stream.copy()).put("slow", stream.copy())
          .put("replay", stream.copy());
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static double delivered(String namespace) {
    Counter counter = node.node.registry().find("tickwire.gateway.delivered")
        .tag("namespace", namespace).counter();
    return counter == null ? 0 : counter.count();
  }

  static long latencyCount() {
    Timer timer = node.node.registry().find("tickwire.gateway.delivery.latency").timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  @DisplayName("counts a message once per socket it is written to, and its latency once per message")
  void fanOut() {
    List<TestSocket> sockets = List.of(node.connect(), node.connect(), node.connect());
    sockets.forEach(socket -> socket.subscribe("fan.a"));
    long latencies = latencyCount();
    for (int i = 1; i <= 5; i++) {
      node.publish("fan.a", new JsonObject().put("n", i));
    }
    for (TestSocket socket : sockets) {
      for (int i = 1; i <= 5; i++) {
        assertThat(socket.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
      }
      // The pong follows the fan-out's bookkeeping on the gateway's event loop.
      socket.drain();
    }
    assertThat(delivered("fan")).isEqualTo(15);
    assertThat(latencyCount() - latencies).isEqualTo(5);
    sockets.forEach(TestSocket::close);
  }

  @Test
  @DisplayName("counts the messages that waited for a slow client when they are written")
  void drained() {
    int messages = 300;
    TestSocket fast = node.connect();
    TestSocket slow = node.connect();
    fast.subscribe("slow.a");
    slow.subscribe("slow.a");
    slow.ws.pause();
    ChannelPublisher publisher = new ChannelPublisher(node.vertx);
    List<String> payloads = BackpressureTest.payloads();
    List<Future<ChannelPublisher.Published>> published = new ArrayList<>();
    Await.result(node.vertx.executeBlocking(() -> {
      for (int i = 1; i <= messages; i++) {
        published.add(publisher.publish("slow.a", new JsonObject().put("n", i)
            .put("blob", payloads.get(i % payloads.size()))));
      }
      return null;
    }));
    Await.result(Future.all(published));
    for (int i = 1; i <= messages; i++) {
      assertThat(fast.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
    }
    slow.ws.resume();
    for (int i = 1; i <= messages; i++) {
      assertThat(slow.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
    }
    fast.drain();
    slow.drain();
    assertThat(delivered("slow")).isEqualTo(2 * messages);
    fast.close();
    slow.close();
  }

  @Test
  @DisplayName("counts the messages a resuming client recovers")
  void recovered() {
    JsonObject first = null;
    for (int i = 1; i <= 3; i++) {
      JsonObject published = node.publish("replay.a", new JsonObject().put("n", i));
      first = first == null ? published : first;
    }
    TestSocket socket = node.connect();
    JsonObject since = new JsonObject().put("replay.a", new JsonObject()
        .put("seq", first.getLong("seq") - 1).put("epoch", first.getString("epoch")));
    JsonObject granted = socket.subscribe(since, "replay.a").getJsonArray("channels")
        .getJsonObject(0);
    assertThat(granted.getBoolean("recovered")).isTrue();
    node.publish("replay.a", new JsonObject().put("n", 4));
    for (int i = 1; i <= 4; i++) {
      assertThat(socket.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
    }
    socket.drain();
    assertThat(delivered("replay")).isEqualTo(4);
    socket.close();
  }
}
