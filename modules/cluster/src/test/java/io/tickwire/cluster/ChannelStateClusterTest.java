package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Gauge;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Channel state in a three-member cluster, against hostile clients")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChannelStateClusterTest extends ThreeMemberClusterTest {

  /** Names per subscribe frame: under gateway.maxSubscriptions. */
  static final int BATCH = 250;

  @Test
  @DisplayName("20,000 subscribes and unsubscribes of unseen names leave the channels map, its backups and every member's gauge where they were")
  void unseenNames() {
    IMap<String, ChannelState> map = map();
    int size = map.size();
    long backups = backups();
    TestSocket socket = cluster.member(0).connect("");
    long start = System.nanoTime();
    int peak = size;
    for (int round = 0; round < 20_000 / BATCH; round++) {
      List<String> names = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        names.add("tx.0x" + hex(32));
      }
      JsonObject subscribed = socket.subscribe(names.toArray(String[]::new));
      assertThat(subscribed.getJsonArray("channels")).hasSize(BATCH);
      if (round % 10 == 0) {
        peak = Math.max(peak, map.size());
      }
      socket.unsubscribe(names);
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // Releases trail the unsubscribes by a cluster call: a round or two may still be held.
    assertThat(peak).isLessThanOrEqualTo(size + 3 * BATCH);
    Await.until("the channels map back to its size", () -> map.size() == size);
    Await.until("the backups back to their count", () -> backups() == backups);
    // Each member's gauge counts the entries it owns (refreshed every second): together, the map.
    Await.until("every gauge counting what its member owns", () -> gauges().equals(owned())
        && gauges().stream().mapToDouble(Double::doubleValue).sum() == size);
    assertThat(tookMs).as("20,000 names took %d ms", tookMs).isLessThan(150_000);
    socket.close();
  }

  @Test
  @DisplayName("keep a channel while a subscriber on any member holds it, with the epoch it was told, and drop it when the last leaves")
  void heldAcrossMembers() {
    String channel = "tx.0x" + hex(32);
    TestSocket first = cluster.member(1).connect("");
    String epoch = first.subscribe(channel).getJsonArray("channels").getJsonObject(0)
        .getString("epoch");
    TestSocket second = cluster.member(2).connect("");
    assertThat(second.subscribe(channel).getJsonArray("channels").getJsonObject(0)
        .getString("epoch")).isEqualTo(epoch);
    first.close();
    // Member 1 released it; member 2 still holds it.
    first.awaitClose();
    assertThat(cluster.member(0).publishOnBus(channel, new JsonObject().put("n", 1)).epoch())
        .isEqualTo(epoch);
    assertThat(second.next("message").getString("epoch")).isEqualTo(epoch);
    second.close();
    // The channel retains its message for the namespace's history age: still there.
    second.awaitClose();
    assertThat(map().containsKey(channel)).isTrue();
    // What the entry would have become with its history aged out: once nothing holds it, it
    // goes. Member 2 releases its hold after the socket is closed, not before the client sees
    // the close: age it again until the release has landed.
    Await.until("the entry gone once member 2 released it and its history aged out", () -> {
      map().executeOnKey(channel, entry -> {
        ChannelState state = entry.getValue();
        if (state != null) {
          state.historyTtlMs = 0;
          ChannelState.store(entry, state, System.currentTimeMillis());
        }
        return null;
      });
      return !map().containsKey(channel);
    });
  }

  @Test
  @DisplayName("remove the entry and its backup when the hold of a member that died runs out")
  void deadHolderExpires() {
    IMap<String, ChannelState> map = map();
    int size = map.size();
    long backups = backups();
    String channel = "tx.0x" + hex(32);
    // What a member's first subscriber leaves behind: an entry held by it, with a short lease.
    // The member then never renews nor releases it, as if it had died.
    RecoverProcessor.Found found = map.executeOnKey(channel,
        new RecoverProcessor(null, null, false, 300_000, "gone-member", 1_500));
    assertThat(found.seq()).isZero();
    assertThat(map.containsKey(channel)).isTrue();
    Await.until("one more backup", () -> backups() == backups + 1);
    Await.until("the channel released", () -> !map.containsKey(channel) && map.size() == size);
    Await.until("its backup released", () -> backups() == backups);
  }

  @Test
  @DisplayName("scope idempotency keys to the channel: one key on two channels through POST /api/publish reaches subscribers of both")
  void idempotencyPerChannel() {
    String a = "tx.0x" + hex(32);
    String b = "tx.0x" + hex(32);
    TestSocket socket = cluster.member(2).connect("");
    socket.subscribe(a, b);
    NodeFixture.Response onA = publish(cluster.member(0), a, 1, "order-9");
    NodeFixture.Response onB = publish(cluster.member(1), b, 2, "order-9");
    assertThat(onA.status()).isEqualTo(200);
    assertThat(onB.status()).isEqualTo(200);
    JsonObject publishedA = onA.json();
    JsonObject publishedB = onB.json();
    assertThat(publishedA.getString("channel")).isEqualTo(a);
    assertThat(publishedB.getString("channel")).isEqualTo(b);
    List<String> delivered = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject message = socket.next("message");
      delivered.add(message.getString("channel") + "#" + message.getJsonObject("data")
          .getInteger("n"));
    }
    assertThat(delivered).containsExactlyInAnyOrder(a + "#1", b + "#2");
    assertThat(publish(cluster.member(1), a, 3, "order-9").json()).isEqualTo(publishedA);
    assertThat(socket.drain()).isEmpty();
    socket.close();
  }

  private static NodeFixture.Response publish(TestCluster.Member member, String channel,
      int n, String key) {
    return member.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY, new JsonObject()
        .put("channel", channel).put("data", new JsonObject().put("n", n))
        .put("idempotencyKey", key).encode());
  }

  private static IMap<String, ChannelState> map() {
    return cluster.member(0).cluster.hazelcast().getMap(HazelcastConfigs.CHANNELS_MAP);
  }

  /** The backup entries of the channels map, over every member. */
  private static long backups() {
    long sum = 0;
    for (TestCluster.Member member : cluster.members) {
      sum += member.cluster.hazelcast().getMap(HazelcastConfigs.CHANNELS_MAP)
          .getLocalMapStats().getBackupEntryCount();
    }
    return sum;
  }

  /** The entries of the channels map each member owns. */
  private static List<Double> owned() {
    List<Double> values = new ArrayList<>();
    for (TestCluster.Member member : cluster.members) {
      values.add((double) member.cluster.hazelcast().getMap(HazelcastConfigs.CHANNELS_MAP)
          .getLocalMapStats().getOwnedEntryCount());
    }
    return values;
  }

  private static List<Double> gauges() {
    List<Double> values = new ArrayList<>();
    for (TestCluster.Member member : cluster.members) {
      Gauge gauge = member.node.registry().find("tickwire.channels.retained").gauge();
      assertThat(gauge).as("gauge tickwire.channels.retained").isNotNull();
      values.add(gauge.value());
    }
    return values;
  }

  static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
