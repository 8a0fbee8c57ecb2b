package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A rolling restart")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RollingRestartTest {

  static final String[] CHANNELS = {"tx.roll0", "tx.roll1", "tx.roll2", "tx.roll3"};
  static final int PER_ROUND = 10;

  /** A client that keeps its position per channel and resumes elsewhere when its node goes. */
  static final class Resumer {
    final Map<String, Long> positions = new HashMap<>();
    final Map<String, String> epochs = new HashMap<>();
    TestSocket socket;

    void connect(TestCluster.Member member) {
      socket = member.connect("");
      JsonObject since = new JsonObject();
      positions.forEach((channel, seq) ->
          since.put(channel, new JsonObject().put("seq", seq)
              .put("epoch", epochs.get(channel))));
      JsonObject subscribed = socket.subscribe(since.isEmpty() ? null : since, CHANNELS);
      for (Object entry : subscribed.getJsonArray("channels")) {
        JsonObject granted = (JsonObject) entry;
        String channel = granted.getString("channel");
        if (positions.containsKey(channel)) {
          assertThat(granted.getBoolean("recovered")).as("recovered").isTrue();
          assertThat(granted.getString("epoch")).as("epoch of %s", channel)
              .isEqualTo(epochs.get(channel));
        }
        epochs.put(channel, granted.getString("epoch"));
      }
    }

    /** Takes what arrived before the node closed the connection with 1001. */
    void goingAway() {
      assertThat(socket.awaitClose()).isEqualTo(1001);
      for (JsonObject frame = socket.frames.poll(); frame != null; frame = socket.frames.poll()) {
        take(frame);
      }
    }

    void take(JsonObject frame) {
      if (!"message".equals(frame.getString("type"))) {
        return;
      }
      String channel = frame.getString("channel");
      long expected = positions.getOrDefault(channel, 0L) + 1;
      assertThat(frame.getLong("seq")).as("seq on %s", channel).isEqualTo(expected);
      positions.put(channel, expected);
    }

    void readUntil(long last) {
      while (positions.values().stream().anyMatch(seq -> seq < last)
          || positions.size() < CHANNELS.length) {
        take(socket.next());
      }
    }
  }

  @Test
  @DisplayName("of every node under steady publishing loses, repeats and reorders nothing for clients that resume")
  void restartEveryNode() throws Exception {
    try (TestCluster cluster = new TestCluster(3)) {
      Resumer[] clients = new Resumer[3];
      for (int i = 0; i < 3; i++) {
        clients[i] = new Resumer();
        clients[i].connect(cluster.member(i));
      }
      int[] clientNode = {0, 1, 2};
      long published = 0;
      for (int k = 0; k < 3; k++) {
        TestCluster.Member stable = cluster.member((k + 1) % 3);
        published = round(stable, published);
        TestCluster.Member leaving = cluster.member(k);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
          try {
            leaving.stop();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        published = round(stable, published);
        stopping.get(60, TimeUnit.SECONDS);
        for (int c = 0; c < 3; c++) {
          if (clientNode[c] == k) {
            clients[c].goingAway();
            clients[c].connect(stable);
            clientNode[c] = (k + 1) % 3;
          }
        }
        cluster.members.set(k, cluster.startMember(k));
        cluster.settle(30);
        published = round(cluster.member(k), published);
      }
      for (Resumer client : clients) {
        client.readUntil(published);
        assertThat(client.positions.values()).containsOnly(published);
        assertThat(client.socket.drain()).isEmpty();
        client.socket.close();
      }
    }
  }

  private static long round(TestCluster.Member via, long published) {
    for (int i = 1; i <= PER_ROUND; i++) {
      for (String channel : CHANNELS) {
        assertThat(via.publishOnBus(channel, new JsonObject().put("n", published + i)).seq())
            .isEqualTo(published + i);
      }
    }
    return published + PER_ROUND;
  }
}
