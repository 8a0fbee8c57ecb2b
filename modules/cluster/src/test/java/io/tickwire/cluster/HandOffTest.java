package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Ownership;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("A member that leaves on purpose")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HandOffTest {

  static final long PERIOD_MS = 50;
  static final int LEAVER = 1;

  /**
   * Stands for the price feed: while it owns a key it publishes on it every period, and it
   * re-checks what it owns whenever ownership may have changed, as the services do.
   */
  static final class Feed extends VerticleBase {
    final int member;
    final Ownership ownership;
    final List<String> keys;
    /** When this member started working on a key, in System.nanoTime(). */
    final Map<String, Long> gainedAt = new ConcurrentHashMap<>();
    final Set<String> owned = ConcurrentHashMap.newKeySet();
    volatile long stoppedAt;
    /** The keys some other member owned when this one's services stopped. */
    volatile List<String> ownedElsewhereAtStop = List.of();
    List<Ownership> others = List.of();
    ChannelPublisher publisher;

    Feed(int member, Ownership ownership, List<String> keys) {
      this.member = member;
      this.ownership = ownership;
      this.keys = keys;
    }

    @Override
    public Future<?> start() {
      publisher = new ChannelPublisher(vertx);
      refresh();
      ownership.onChange(() -> context.runOnContext(ignored -> refresh()));
      vertx.setPeriodic(PERIOD_MS, ignored -> owned.forEach(key ->
          publisher.publish(key, new JsonObject().put("member", member))));
      return Future.succeededFuture();
    }

    private void refresh() {
      for (String key : keys) {
        if (ownership.owns(key)) {
          if (owned.add(key)) {
            gainedAt.putIfAbsent(key, System.nanoTime());
          }
        } else {
          owned.remove(key);
        }
      }
    }

    @Override
    public Future<?> stop() {
      stoppedAt = System.nanoTime();
      ownedElsewhereAtStop = keys.stream().filter(key -> others.stream()
          .anyMatch(other -> other.owns(key))).toList();
      return Future.succeededFuture();
    }
  }

  @Test
  @DisplayName("hands each of its keys to one other member by the time its services stop, and nothing is published twice or by two members at once")
  void handsOffFirst() throws Exception {
    try (TestCluster cluster = new TestCluster(3)) {
      List<String> candidates = IntStream.range(0, 200).mapToObj(i -> "tx.handoff" + i)
          .toList();
      Ownership leaving = cluster.member(LEAVER).cluster.ownership();
      List<String> keys = new ArrayList<>(candidates.stream().filter(leaving::owns).limit(6)
          .toList());
      keys.addAll(candidates.stream().filter(key -> !leaving.owns(key)).limit(2).toList());
      assertThat(keys).hasSize(8);
      List<Feed> feeds = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Feed feed = new Feed(i, cluster.member(i).cluster.ownership(), keys);
        Await.result(cluster.member(i).deployments.deploy(() -> feed, 1));
        feeds.add(feed);
      }
      feeds.get(LEAVER).others = List.of(cluster.member(0).cluster.ownership(),
          cluster.member(2).cluster.ownership());
      TestSocket socket = cluster.member(0).connect("");
      socket.subscribe(keys.toArray(String[]::new));

      Map<String, List<JsonObject>> seen = new HashMap<>();
      readUntil(socket, seen, keys, 3, -1);
      long leftAt = System.nanoTime();
      cluster.member(LEAVER).stop();
      long stoppedAt = System.nanoTime();
      readUntil(socket, seen, keys, 3, LEAVER);
      socket.close();

      Feed leaver = feeds.get(LEAVER);
      assertThat(leaver.stoppedAt).isBetween(leftAt, stoppedAt);
      // Ownership moved first: when the leaver's services stopped, the others owned every key.
      assertThat(leaver.ownedElsewhereAtStop).containsExactlyInAnyOrderElementsOf(keys);
      for (String key : keys.subList(0, 6)) {
        List<Feed> takers = feeds.stream().filter(feed -> feed != leaver)
            .filter(feed -> feed.owned.contains(key)).toList();
        assertThat(takers).as("members working on %s", key).hasSize(1);
        long gained = takers.get(0).gainedAt.get(key);
        // Taken over by the time the leaver's services stop: the partitions move while they
        // are still deployed (the survivors are told on their own threads, so allow a little).
        assertThat(gained).as("taken over by the time the leaver's services stopped")
            .isLessThan(leaver.stoppedAt + TimeUnit.SECONDS.toNanos(1));
        assertThat(TimeUnit.NANOSECONDS.toMillis(gained - leftAt)).isLessThan(5_000);
      }
      for (String key : keys) {
        List<JsonObject> messages = seen.get(key);
        List<Integer> publishers = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
          JsonObject message = messages.get(i);
          assertThat(message.getLong("seq")).as("seq on %s", key)
              .isEqualTo(messages.get(0).getLong("seq") + i);
          int member = message.getJsonObject("data").getInteger("member");
          if (publishers.isEmpty() || publishers.get(publishers.size() - 1) != member) {
            publishers.add(member);
          }
        }
        // One member at a time: at most one switch, from the leaver to its successor.
        assertThat(publishers).as("publishers of %s in seq order", key)
            .hasSizeLessThanOrEqualTo(2);
        if (publishers.size() == 2) {
          assertThat(publishers.get(0)).isEqualTo(LEAVER);
        }
      }
    }
  }

  /** Reads until every key has {@code count} messages from members other than {@code not}. */
  private static void readUntil(TestSocket socket, Map<String, List<JsonObject>> seen,
      List<String> keys, int count, int not) {
    Map<String, Integer> fresh = new HashMap<>();
    while (keys.stream().anyMatch(key -> fresh.getOrDefault(key, 0) < count)) {
      JsonObject frame = socket.next("message");
      String channel = frame.getString("channel");
      seen.computeIfAbsent(channel, ignored -> new ArrayList<>()).add(frame);
      if (frame.getJsonObject("data").getInteger("member") != not) {
        fresh.merge(channel, 1, Integer::sum);
      }
    }
  }
}
