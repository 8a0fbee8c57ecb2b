package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A member that dies")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FailoverTest {

  static final int CHANNELS = 8;
  static final int ROUNDS = 12;

  @Test
  @DisplayName("hands its channels to the others within 5 s, with no stream message lost, repeated or reordered")
  void hardKill() throws Exception {
    try (TestCluster cluster = new TestCluster(3)) {
      List<TestSocket> sockets = List.of(cluster.member(0).connect(""),
          cluster.member(2).connect(""));
      String[] channels = new String[CHANNELS];
      for (int c = 0; c < CHANNELS; c++) {
        channels[c] = "tx.failover" + c;
      }
      for (TestSocket socket : sockets) {
        socket.subscribe(channels);
      }
      long slowest = 0;
      ChannelPublisher.Published first = null;
      for (int round = 1; round <= ROUNDS; round++) {
        if (round == ROUNDS / 2) {
          cluster.member(1).kill();
        }
        for (String channel : channels) {
          long start = System.nanoTime();
          ChannelPublisher.Published published = cluster.member(0).publishOnBus(channel,
              new JsonObject().put("round", round));
          slowest = Math.max(slowest, System.nanoTime() - start);
          assertThat(published.seq()).isEqualTo(round);
          if (channel.equals(channels[0])) {
            // Its epoch survives the death of a member: the backups hold it.
            assertThat(published.epoch()).isEqualTo(first == null ? published.epoch()
                : first.epoch());
            first = first == null ? published : first;
          }
        }
      }
      assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).isLessThan(5_000);
      for (TestSocket socket : sockets) {
        Map<String, Long> seen = new HashMap<>();
        for (int i = 0; i < CHANNELS * ROUNDS; i++) {
          JsonObject message = socket.next("message");
          long previous = seen.getOrDefault(message.getString("channel"), 0L);
          assertThat(message.getLong("seq")).isEqualTo(previous + 1);
          seen.put(message.getString("channel"), message.getLong("seq"));
        }
        assertThat(seen.values()).containsOnly((long) ROUNDS);
        assertThat(socket.drain()).isEmpty();
        socket.close();
      }
      TestSocket resumed = cluster.member(2).connect("");
      JsonObject granted = resumed.subscribe(new JsonObject().put(channels[0], new JsonObject()
          .put("seq", 1).put("epoch", first.epoch())), channels[0])
          .getJsonArray("channels").getJsonObject(0);
      assertThat(granted.getBoolean("recovered")).isTrue();
      for (int round = 2; round <= ROUNDS; round++) {
        assertThat(resumed.next("message").getJsonObject("data").getInteger("round"))
            .isEqualTo(round);
      }
      resumed.close();
    }
  }
}
