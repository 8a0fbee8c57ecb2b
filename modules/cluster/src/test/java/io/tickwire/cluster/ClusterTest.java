package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Three clustered nodes")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterTest extends ThreeMemberClusterTest {

  @Test
  @DisplayName("deliver a message published on any node to subscribers on every node, once and in seq order")
  void crossNodeDelivery() {
    List<TestSocket> sockets = cluster.members.stream().map(member -> {
      TestSocket socket = member.connect("");
      socket.subscribe("tx.cross");
      return socket;
    }).toList();
    for (int i = 1; i <= 90; i++) {
      ChannelPublisher.Published published = cluster.member(i % 3)
          .publishOnBus("tx.cross", new JsonObject().put("n", i));
      assertThat(published.seq()).isEqualTo(i);
    }
    for (TestSocket socket : sockets) {
      for (int i = 1; i <= 90; i++) {
        JsonObject message = socket.next("message");
        assertThat(message.getLong("seq")).isEqualTo(i);
        assertThat(message.getJsonObject("data").getInteger("n")).isEqualTo(i);
      }
      assertThat(socket.drain()).isEmpty();
      socket.close();
    }
  }

  @Test
  @DisplayName("hand a node one copy of each channel message per gateway instance, however many of its sockets subscribe")
  void oneCopyPerNode() {
    TestCluster.Member node = cluster.member(0);
    // A channel sequenced elsewhere, so every copy reaching node 0 comes over the cluster.
    String channel = IntStream.range(0, 100).mapToObj(i -> "tx.copies" + i)
        .filter(name -> !node.cluster.ownership().owns(name)).findFirst().orElseThrow();
    int sockets = 20;
    int messages = 10;
    List<TestSocket> subscribers = new ArrayList<>();
    for (int i = 0; i < sockets; i++) {
      TestSocket socket = node.connect("");
      socket.subscribe(channel);
      subscribers.add(socket);
    }
    Map<Long, AtomicInteger> copies = new ConcurrentHashMap<>();
    String address = Addresses.channel(channel);
    Handler<DeliveryContext<Object>> counter = delivery -> {
      if (delivery.message().address().equals(address)
          && delivery.message().body() instanceof ChannelMessage message) {
        copies.computeIfAbsent(message.seq(), ignored -> new AtomicInteger()).incrementAndGet();
      }
      delivery.next();
    };
    node.cluster.vertx().eventBus().addInboundInterceptor(counter);
    try {
      for (int i = 1; i <= messages; i++) {
        cluster.member(1 + i % 2).publishOnBus(channel, new JsonObject().put("n", i));
      }
      for (TestSocket socket : subscribers) {
        for (int i = 1; i <= messages; i++) {
          assertThat(socket.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
        }
      }
    } finally {
      node.cluster.vertx().eventBus().removeInboundInterceptor(counter);
    }
    // Every socket got every message, from one event-bus delivery per gateway instance with
    // subscribers (TestCluster deploys two), not one per socket.
    assertThat(copies).hasSize(messages);
    assertThat(copies.values()).allSatisfy(count ->
        assertThat(count.get()).isBetween(1, TestCluster.GATEWAY_INSTANCES));
    subscribers.forEach(TestSocket::close);
  }

  @Test
  @DisplayName("let a client that leaves one node resume on another with exactly what it missed")
  void resumeElsewhere() {
    TestSocket first = cluster.member(0).connect("");
    first.subscribe("tx.resume");
    ChannelPublisher.Published last = null;
    for (int i = 1; i <= 5; i++) {
      last = cluster.member(1).publishOnBus("tx.resume", new JsonObject().put("n", i));
    }
    for (int i = 1; i <= 5; i++) {
      first.next("message");
    }
    first.close();
    for (int i = 6; i <= 10; i++) {
      cluster.member(2).publishOnBus("tx.resume", new JsonObject().put("n", i));
    }
    TestSocket again = cluster.member(2).connect("");
    JsonObject granted = again.subscribe(new JsonObject().put("tx.resume", new JsonObject()
        .put("seq", last.seq()).put("epoch", last.epoch())), "tx.resume")
        .getJsonArray("channels").getJsonObject(0);
    assertThat(granted.getBoolean("recovered")).isTrue();
    for (int i = 6; i <= 10; i++) {
      assertThat(again.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
    }
    assertThat(again.drain()).isEmpty();
    again.close();
  }

  @Test
  @DisplayName("know where a user is connected, hold the per-user limit across nodes, and disconnect the user everywhere")
  void userRegistry() {
    String token = TestCluster.token("carol");
    TestSocket first = cluster.member(0).connect("?token=" + token);
    TestSocket second = cluster.member(1).connect("?token=" + token);
    assertThatThrownBy(() -> cluster.member(2).connect("?token=" + token))
        .hasMessageContaining("429");
    JsonObject where = new JsonObject(cluster.member(2)
        .call(HttpMethod.GET, "/api/users/carol").body());
    assertThat(where.getBoolean("online")).isTrue();
    assertThat(where.getInteger("connections")).isEqualTo(2);
    assertThat(where.getJsonObject("nodes").getMap()).containsOnlyKeys("node-0", "node-1");
    assertThat(cluster.member(2).call(HttpMethod.POST, "/api/users/carol/disconnect").status())
        .isEqualTo(202);
    assertThat(first.awaitClose()).isEqualTo(4003);
    assertThat(second.awaitClose()).isEqualTo(4003);
    // The registry forgets the closed sessions shortly after the close: reconnecting before
    // that would still count them against the limit.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonObject status;
    do {
      status = new JsonObject(cluster.member(2)
          .call(HttpMethod.GET, "/api/users/carol").body());
    } while (status.getBoolean("online") && System.nanoTime() < deadline);
    assertThat(status.getBoolean("online")).as("carol online after the disconnect").isFalse();
    assertThat(status.getInteger("connections")).isZero();
    TestSocket third = cluster.member(2).connect("?token=" + token);
    third.close();
  }

  @Test
  @DisplayName("give every node the same seq and epoch for a channel")
  void sameEpochEverywhere() {
    ChannelPublisher.Published a = cluster.member(0).publishOnBus("prices.SAME-USD", 1);
    ChannelPublisher.Published b = cluster.member(1).publishOnBus("prices.SAME-USD", 2);
    ChannelPublisher.Published c = cluster.member(2).publishOnBus("prices.SAME-USD", 3);
    assertThat(List.of(a.epoch(), b.epoch(), c.epoch())).containsOnly(a.epoch());
    assertThat(List.of(a.seq(), b.seq(), c.seq())).containsExactly(1L, 2L, 3L);
    TestSocket socket = cluster.member(2).connect("");
    socket.subscribe("prices.SAME-USD");
    assertThat(socket.next("message").getInteger("data")).isEqualTo(3);
    socket.close();
  }
}
