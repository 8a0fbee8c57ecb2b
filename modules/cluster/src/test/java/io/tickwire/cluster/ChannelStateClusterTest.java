package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Gauge;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
    socket.next("welcome");
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
    awaitTrue(() -> map.size() == size);
    awaitTrue(() -> backups() == backups);
    // Each member's gauge counts the entries it owns (refreshed every second): together, the map.
    awaitTrue(() -> gauges().equals(owned())
        && gauges().stream().mapToDouble(Double::doubleValue).sum() == size);
    assertThat(tookMs).as("20,000 names took %d ms", tookMs).isLessThan(150_000);
    socket.close();
  }

  @Test
  @DisplayName("keep a channel while a subscriber on any member holds it, with the epoch it was told, and drop it when the last leaves")
  void heldAcrossMembers() {
    String channel = "tx.0x" + hex(32);
    TestSocket first = cluster.member(1).connect("");
    first.next("welcome");
    String epoch = first.subscribe(channel).getJsonArray("channels").getJsonObject(0)
        .getString("epoch");
    TestSocket second = cluster.member(2).connect("");
    second.next("welcome");
    assertThat(second.subscribe(channel).getJsonArray("channels").getJsonObject(0)
        .getString("epoch")).isEqualTo(epoch);
    first.close();
    // Member 1 released it; member 2 still holds it.
    first.awaitClose();
    assertThat(cluster.member(0).publish(channel, new JsonObject().put("n", 1)).epoch())
        .isEqualTo(epoch);
    assertThat(second.next("message").getString("epoch")).isEqualTo(epoch);
    second.close();
    // The channel retains its message for the namespace's history age: still there.
    second.awaitClose();
    assertThat(map().containsKey(channel)).isTrue();
    // What the entry would have become with its history aged out: nothing holds it, it goes.
    map().executeOnKey(channel, entry -> {
      ChannelState state = entry.getValue();
      state.historyTtlMs = 0;
      ChannelState.store(entry, state, System.currentTimeMillis());
      return null;
    });
    assertThat(map().containsKey(channel)).isFalse();
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
    awaitTrue(() -> backups() == backups + 1);
    awaitTrue(() -> !map.containsKey(channel) && map.size() == size);
    awaitTrue(() -> backups() == backups);
  }

  @Test
  @DisplayName("scope idempotency keys to the channel: one key on two channels through POST /api/publish reaches subscribers of both")
  void idempotencyPerChannel() {
    String a = "tx.0x" + hex(32);
    String b = "tx.0x" + hex(32);
    TestSocket socket = cluster.member(2).connect("");
    socket.next("welcome");
    socket.subscribe(a, b);
    JsonObject onA = publish(cluster.member(0), a, 1, "order-9");
    JsonObject onB = publish(cluster.member(1), b, 2, "order-9");
    assertThat(onA.getInteger("status")).isEqualTo(200);
    assertThat(onB.getInteger("status")).isEqualTo(200);
    JsonObject publishedA = new JsonObject(onA.getString("body"));
    JsonObject publishedB = new JsonObject(onB.getString("body"));
    assertThat(publishedA.getString("channel")).isEqualTo(a);
    assertThat(publishedB.getString("channel")).isEqualTo(b);
    List<String> delivered = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject message = socket.next("message");
      delivered.add(message.getString("channel") + "#" + message.getJsonObject("data")
          .getInteger("n"));
    }
    assertThat(delivered).containsExactlyInAnyOrder(a + "#1", b + "#2");
    JsonObject again = publish(cluster.member(1), a, 3, "order-9");
    assertThat(new JsonObject(again.getString("body"))).isEqualTo(publishedA);
    assertThat(socket.drain()).isEmpty();
    socket.close();
  }

  private static JsonObject publish(TestCluster.Member member, String channel, int n,
      String key) {
    String body = new JsonObject().put("channel", channel)
        .put("data", new JsonObject().put("n", n)).put("idempotencyKey", key).encode();
    return TestCluster.await(member.onEventLoop(() -> member.http.request(new RequestOptions()
            .setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(member.port)
            .setURI("/api/publish").putHeader("Authorization", "ApiKey cluster-key")
            .putHeader("content-type", "application/json"))
        .compose(request -> request.send(body).compose(response -> response.body()
            .map(answer -> new JsonObject().put("status", response.statusCode())
                .put("body", answer.toString()))))));
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

  /**
   * Waits until {@code condition} holds, at most 20 s; it is checked on a worker thread (it may
   * ask the cluster) every 50 ms.
   */
  static void awaitTrue(BooleanSupplier condition) {
    Vertx vertx = cluster.member(0).cluster.vertx();
    long deadline = System.currentTimeMillis() + 20_000;
    TestCluster.await(Future.<Void>future(promise -> check(vertx, condition, deadline, promise)));
  }

  private static void check(Vertx vertx, BooleanSupplier condition, long deadline,
      io.vertx.core.Promise<Void> promise) {
    vertx.executeBlocking(condition::getAsBoolean).onComplete(held -> {
      if (held.succeeded() && held.result()) {
        promise.complete();
      } else if (System.currentTimeMillis() > deadline) {
        promise.fail("condition not met within 20 s");
      } else {
        vertx.setTimer(50, id -> check(vertx, condition, deadline, promise));
      }
    });
  }
}
