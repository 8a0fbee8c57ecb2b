package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Protocol 1.1 in a three-member cluster: announcements, client publish, ephemeral channels")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProtocolClusterTest {

  static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(3, 3, new JsonObject(), json -> {
      JsonObject extra = TestConfig.gateway().desks().json();
      json.getJsonObject("namespaces").mergeIn(extra.getJsonObject("namespaces"))
          .put("flash", new JsonObject().put("access", "public").put("historySize", 0));
      json.getJsonObject("gateway").mergeIn(extra.getJsonObject("gateway"));
    });
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static TestSocket trader(int member, String user, String... desks) {
    String token = Tokens.hs256(TestConfig.SECRET, new JsonObject().put("sub", user)
        .put("exp", System.currentTimeMillis() / 1000 + 600)
        .put("desks", new JsonArray(List.of((Object[]) desks))));
    return cluster.member(member).connect("?token=" + token);
  }

  @Test
  @DisplayName("a publication to system.announcements through the HTTP API of one member reaches every connection of every member")
  void announcements() {
    List<TestSocket> sockets = new ArrayList<>();
    for (int member = 0; member < 3; member++) {
      sockets.add(cluster.member(member).connect());
      sockets.add(trader(member, "ann-" + member));
    }
    for (TestSocket socket : sockets) {
      assertThat(socket.welcome.getJsonArray("subscriptions"))
          .isEqualTo(new JsonArray().add("system.announcements"));
      // Joined in the turn of welcome; a round trip later every member's consumer is in place.
      socket.drain();
    }
    JsonObject published = cluster.member(1).publish("system.announcements",
        new JsonObject().put("text", "maintenance at 22:00 UTC"));
    for (TestSocket socket : sockets) {
      JsonObject message = socket.message("system.announcements");
      assertThat(message.getLong("seq")).isEqualTo(published.getLong("seq"));
      assertThat(message.getString("epoch")).isEqualTo(published.getString("epoch"));
      assertThat(message.getJsonObject("data").getString("text"))
          .isEqualTo("maintenance at 22:00 UTC");
    }
    String id = TestSocket.newId();
    TestSocket one = sockets.get(5);
    one.send(new JsonObject().put("type", "unsubscribe").put("id", id)
        .put("channels", new JsonArray().add("system.announcements")));
    assertThat(one.answer(id).getString("code")).isEqualTo("forbidden");
    assertThat(one.answer(id).getJsonArray("channels")).isEmpty();
    sockets.forEach(TestSocket::close);
  }

  @Test
  @DisplayName("a client's publication on one member is sequenced with HTTP publishes on another and reaches subscribers everywhere with from")
  void clientPublish() {
    TestSocket alice = trader(0, "alice", "alpha");
    TestSocket bob = trader(2, "bob", "alpha");
    alice.subscribeAll("desk.alpha");
    bob.subscribeAll("desk.alpha");

    JsonObject first = cluster.member(1).publish("desk.alpha", "from the backend");
    String id = TestSocket.newId();
    alice.send(new JsonObject().put("type", "publish").put("id", id).put("channel", "desk.alpha")
        .put("data", "from alice"));
    JsonObject published = alice.answer(id);
    assertThat(published.getString("type")).as(published.encode()).isEqualTo("published");
    assertThat(published.getLong("seq")).isEqualTo(first.getLong("seq") + 1);
    assertThat(published.getString("epoch")).isEqualTo(first.getString("epoch"));

    assertThat(bob.message("desk.alpha").getValue("data")).isEqualTo("from the backend");
    JsonObject fromAlice = bob.message("desk.alpha");
    assertThat(fromAlice.getLong("seq")).isEqualTo(published.getLong("seq"));
    assertThat(fromAlice.getJsonObject("from")).isEqualTo(new JsonObject().put("user", "alice")
        .put("session", alice.welcome.getString("session")));

    // Recovered from the cluster's history on a third member, from included.
    TestSocket carol = trader(1, "carol", "alpha");
    carol.subscribe(new JsonObject().put("desk.alpha", new JsonObject()
        .put("seq", first.getLong("seq")).put("epoch", first.getString("epoch"))), "desk.alpha");
    JsonObject replayed = carol.message("desk.alpha");
    assertThat(replayed.getJsonObject("from").getString("user")).isEqualTo("alice");

    TestSocket outsider = trader(1, "mallory", "beta");
    String refused = TestSocket.newId();
    outsider.send(new JsonObject().put("type", "publish").put("id", refused)
        .put("channel", "desk.alpha").put("data", "intrusion"));
    assertThat(outsider.answer(refused).getString("code")).isEqualTo("forbidden");
    for (TestSocket socket : List.of(alice, bob, carol, outsider)) {
      socket.close();
    }
  }

  @Test
  @DisplayName("the cluster's store answers since on an ephemeral channel with recovered false, even up to date")
  void ephemeral() {
    TestSocket listener = cluster.member(0).connect();
    listener.subscribeAll("flash.cluster");
    JsonObject last = null;
    for (int i = 0; i < 2; i++) {
      last = cluster.member(1).publish("flash.cluster", i);
    }
    assertThat(listener.message("flash.cluster").getInteger("data")).isZero();
    assertThat(listener.message("flash.cluster").getInteger("data")).isOne();

    TestSocket resumed = cluster.member(2).connect();
    JsonObject subscribed = resumed.subscribe(new JsonObject().put("flash.cluster",
        new JsonObject().put("seq", last.getLong("seq")).put("epoch", last.getString("epoch"))),
        "flash.cluster");
    JsonObject granted = subscribed.getJsonArray("channels").getJsonObject(0);
    assertThat(granted.getBoolean("recovered")).isFalse();
    assertThat(granted.getLong("seq")).isEqualTo(last.getLong("seq"));
    assertThat(granted.getString("epoch")).isEqualTo(last.getString("epoch"));
    listener.close();
    resumed.close();
  }
}
