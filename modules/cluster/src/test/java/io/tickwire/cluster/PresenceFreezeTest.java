package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.ForkedNode;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A member that hangs")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PresenceFreezeTest {

  /** What the cluster promises for a fail-over. */
  static final long FAILOVER_MS = 5_000;

  @Test
  @DisplayName("(SIGSTOP, its sockets left open) makes its clients leave on the others within 5 s, found dead by its missing heartbeats alone")
  void frozenMemberLeaves() {
    Consumer<JsonObject> rooms = json -> json.getJsonObject("namespaces")
        .put("room", new JsonObject().put("presence", true).put("joinLeave", true));
    JsonObject gateway = TestCluster.config();
    rooms.accept(gateway);
    // One member here, the one that hangs in a JVM of its own.
    try (TestCluster cluster = new TestCluster(2, 1, new JsonObject(), rooms);
        ForkedNode forked = ForkedNode.start(ForkedMemberMain.class, "node-1",
            cluster.clusterJson(1).encode(), gateway.encode())) {
      cluster.settle(30);
      NodeFixture remote = NodeFixture.remote(forked.port());
      TestSocket watcher = cluster.member(0).connect("?token=" + TestCluster.token("watcher"));
      watcher.subscribe("room.freeze");
      TestSocket hung = remote.connect("?token=" + TestCluster.token("hung"));
      hung.subscribe("room.freeze");
      String hungSession = hung.welcome.getString("session");
      assertThat(watcher.next("join").getJsonObject("client").getString("session"))
          .isEqualTo(hungSession);
      TestSocket asker = cluster.member(0).connect("");
      Await.until("member 0 lists both",
          () -> PresenceClusterTest.presence(asker, "room.freeze").getInteger("count") == 2);

      long frozen = System.nanoTime();
      forked.freeze();
      JsonObject leave = watcher.next("leave");
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen);
      assertThat(leave.getJsonObject("client").getString("session")).isEqualTo(hungSession);
      assertThat(tookMs).as("ms from the freeze to the leave").isLessThan(FAILOVER_MS);
      assertThat(PresenceClusterTest.sessions(PresenceClusterTest.presence(asker,
          "room.freeze"))).containsExactly(watcher.welcome.getString("session"));
      assertThat(watcher.drain()).as("one leave").isEmpty();
      System.out.printf("presence: a frozen member's client left after %d ms%n", tookMs);
      forked.kill();
      remote.close();
      watcher.close();
      asker.close();
    }
  }
}
