package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

@DisplayName("Presence in a cluster of three")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PresenceClusterTest {

  static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    // The third member joins during the first test, when the others already have subscribers.
    cluster = new TestCluster(3, 2, new JsonObject(), json -> json.getJsonObject("namespaces")
        .put("room", new JsonObject().put("presence", true).put("joinLeave", true)));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  static JsonObject presence(TestSocket socket, String channel) {
    String id = TestSocket.newId();
    socket.send(new JsonObject().put("type", "presence").put("id", id).put("channel", channel));
    return socket.next(frame -> id.equals(frame.getString("id")));
  }

  static Set<String> sessions(JsonObject presence) {
    return presence.getJsonArray("clients").stream()
        .map(client -> ((JsonObject) client).getString("session")).collect(Collectors.toSet());
  }

  @Test
  @Order(1)
  @DisplayName("every member, one that joins later included, lists the same clients of every member, and join/leave reach subscribers on other members once")
  void sameEverywhere() {
    List<TestSocket> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (i == 2) {
        TestSocket early = cluster.join(2).connect("");
        // What the member found in the cluster when it joined.
        Await.until("the new member lists the two earlier subscribers",
            () -> presence(early, "room.same").getInteger("count") == 2);
        assertThat(sessions(presence(early, "room.same"))).containsExactlyInAnyOrder(
            clients.get(0).welcome.getString("session"),
            clients.get(1).welcome.getString("session"));
        early.close();
      }
      TestSocket client = cluster.member(i).connect("?token=" + TestCluster.token("user" + i));
      client.subscribe("room.same");
      clients.add(client);
    }
    Set<String> expected = clients.stream().map(client -> client.welcome.getString("session"))
        .collect(Collectors.toSet());
    for (int i = 0; i < 3; i++) {
      TestSocket asker = cluster.member(i).connect("");
      Await.until("member " + i + " lists the three subscribers",
          () -> sessions(presence(asker, "room.same")).equals(expected));
      JsonObject answer = presence(asker, "room.same");
      assertThat(answer.getInteger("count")).isEqualTo(3);
      assertThat(answer.getInteger("users")).isEqualTo(3);
      for (Object listed : answer.getJsonArray("clients")) {
        JsonObject client = (JsonObject) listed;
        int on = Integer.parseInt(client.getString("user").substring(4));
        assertThat(client.getString("node")).isEqualTo("node-" + on);
        assertThat(client.getString("session"))
            .isEqualTo(clients.get(on).welcome.getString("session"));
      }
      JsonObject http = cluster.member(i).call(HttpMethod.GET, "/api/presence/room.same").json();
      assertThat(sessions(http)).isEqualTo(expected);
      asker.close();
    }
    // The first subscriber (member 0) heard of the two that joined after it, on other members.
    TestSocket first = clients.get(0);
    Set<String> joined = Set.of(first.next("join").getJsonObject("client").getString("session"),
        first.next("join").getJsonObject("client").getString("session"));
    assertThat(joined).containsExactlyInAnyOrder(clients.get(1).welcome.getString("session"),
        clients.get(2).welcome.getString("session"));

    clients.get(2).unsubscribe(List.of("room.same"));
    for (TestSocket other : clients.subList(0, 2)) {
      if (other == clients.get(1)) {
        assertThat(other.next("join").getJsonObject("client").getString("user"))
            .isEqualTo("user2");
      }
      JsonObject leave = other.next("leave");
      assertThat(leave.getJsonObject("client").getString("session"))
          .isEqualTo(clients.get(2).welcome.getString("session"));
      assertThat(other.drain()).as("nothing twice").isEmpty();
    }
    assertThat(clients.get(2).drain()).isEmpty();
    clients.forEach(TestSocket::close);
  }

  @Test
  @Order(2)
  @DisplayName("a member killed makes its clients leave on the others within 5 s")
  void killedMemberLeaves() {
    TestSocket watcher = cluster.member(0).connect("?token=" + TestCluster.token("watcher"));
    watcher.subscribe("room.kill");
    TestSocket doomed = cluster.member(2).connect("?token=" + TestCluster.token("doomed"));
    doomed.subscribe("room.kill");
    String doomedSession = doomed.welcome.getString("session");
    assertThat(watcher.next("join").getJsonObject("client").getString("session"))
        .isEqualTo(doomedSession);
    TestSocket asker = cluster.member(1).connect("");
    Await.until("member 1 lists both", () -> presence(asker, "room.kill").getInteger("count") == 2);

    long killed = System.nanoTime();
    cluster.member(2).kill();
    JsonObject leave = watcher.next("leave");
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    assertThat(leave.getJsonObject("client").getString("session")).isEqualTo(doomedSession);
    assertThat(tookMs).as("ms from the kill to the leave").isLessThan(5_000);
    assertThat(sessions(presence(watcher, "room.kill")))
        .containsExactly(watcher.welcome.getString("session"));
    Await.until("member 1 forgets the killed member's client",
        () -> presence(asker, "room.kill").getInteger("count") == 1);
    assertThat(watcher.drain()).as("one leave").isEmpty();
    watcher.close();
    asker.close();
  }
}
