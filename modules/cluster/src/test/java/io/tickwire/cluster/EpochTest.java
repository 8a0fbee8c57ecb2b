package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A channel's epoch")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EpochTest {

  static final String CHANNEL = "tx.epoch";

  @Test
  @DisplayName("is fixed from the first subscriber on, and is new when the channel's history was lost, so an old position is not recovered")
  void newEpochAfterLoss() throws Exception {
    try (TestCluster cluster = new TestCluster(2)) {
      TestSocket early = cluster.member(0).connect("");
      JsonObject granted = early.subscribe(CHANNEL).getJsonArray("channels").getJsonObject(0);
      String before = granted.getString("epoch");
      assertThat(granted.getLong("seq")).isZero();
      for (int i = 1; i <= 3; i++) {
        ChannelPublisher.Published published = cluster.member(1).publishOnBus(CHANNEL,
            new JsonObject().put("n", i));
        // Nothing was lost: the epoch the subscriber was told stays.
        assertThat(published.epoch()).isEqualTo(before);
        assertThat(early.next("message").getString("epoch")).isEqualTo(before);
      }
      early.close();

      // What losing every copy of the channel's partition leaves: no entry at all.
      cluster.member(1).cluster.hazelcast().getMap(HazelcastConfigs.CHANNELS_MAP).delete(CHANNEL);
      List<ChannelPublisher.Published> again = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        again.add(cluster.member(1).publishOnBus(CHANNEL, new JsonObject().put("n", 100 + i)));
      }
      assertThat(again).extracting(ChannelPublisher.Published::seq)
          .containsExactly(1L, 2L, 3L, 4L, 5L);
      String after = again.get(0).epoch();
      assertThat(after).isNotEqualTo(before);
      assertThat(again).extracting(ChannelPublisher.Published::epoch).containsOnly(after);

      // Seq 3 exists again, but in another history: not recovered, and none of it is sent.
      TestSocket resumed = cluster.member(0).connect("");
      JsonObject answer = resumed.subscribe(new JsonObject().put(CHANNEL,
          new JsonObject().put("seq", 3).put("epoch", before)), CHANNEL)
          .getJsonArray("channels").getJsonObject(0);
      assertThat(answer.getBoolean("recovered")).isFalse();
      assertThat(answer.getString("epoch")).isEqualTo(after);
      assertThat(answer.getLong("seq")).isEqualTo(5);
      assertThat(resumed.drain()).isEmpty();
      resumed.close();
    }
  }
}
