package io.tickwire.gateway.admin;

import io.tickwire.channels.LocalChannels;
import io.tickwire.gateway.middleware.TokenBucket;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What the admin console of one node shares across its gateway instances: each instance's view
 * of its connections and channels, the latest load report of every member heard from, and the
 * node's budget of admin calls. Thread-safe; an instance's view answers on its own event loop.
 */
public final class AdminBoard {

  /** The latest report of a member and when it arrived ({@link System#nanoTime()}). */
  private record Report(JsonObject body, long receivedNanos) {
  }

  /** The most members listed; reports from more are ignored. */
  static final int MAX_MEMBERS = 256;

  private final List<Supplier<Future<InstanceSnapshot>>> instances = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, Report> members = new ConcurrentHashMap<>();
  private TokenBucket calls;
  private volatile JsonObject config = new JsonObject();

  /** Keeps {@code loaded}, redacted ({@link Redaction}), for the console's configuration view. */
  public void showConfig(JsonObject loaded) {
    config = Redaction.redact(loaded);
  }

  /** The redacted configuration, a copy. */
  JsonObject config() {
    return config.copy();
  }

  /** Adds a gateway instance's view; it answers on the instance's event loop. */
  public void register(Supplier<Future<InstanceSnapshot>> view) {
    instances.add(view);
  }

  public void unregister(Supplier<Future<InstanceSnapshot>> view) {
    instances.remove(view);
  }

  /**
   * This node's connections grouped by user (at most {@code maxUsers}, the most connected first)
   * and its channels (at most {@code maxChannels}, the most subscribed first), as the node's
   * admin address answers it. The instances count on their event loops; the merge and sort run
   * back on the caller's context, not on the loop of the instance that answered last.
   */
  Future<JsonObject> describe(String node, LocalChannels channels, int maxUsers,
      int maxChannels) {
    List<Future<InstanceSnapshot>> views = new ArrayList<>();
    instances.forEach(view -> views.add(view.get()));
    Context caller = Vertx.currentContext();
    Future<CompositeFuture> gathered = Future.all(views);
    if (caller != null) {
      Promise<CompositeFuture> back = Promise.promise();
      gathered.onComplete(result -> caller.runOnContext(ignored -> back.handle(result)));
      gathered = back.future();
    }
    return gathered.map(all -> {
      InstanceSnapshot merged = new InstanceSnapshot();
      for (int i = 0; i < all.size(); i++) {
        merged.merge(all.resultAt(i));
      }
      JsonArray users = new JsonArray();
      merged.users.entrySet().stream()
          .sorted(Comparator.<Map.Entry<String, InstanceSnapshot.Tally>>comparingInt(
              entry -> -entry.getValue().sessions).thenComparing(Map.Entry::getKey))
          .limit(maxUsers)
          .forEach(entry -> users.add(new JsonObject().put("user", entry.getKey())
              .put("sessions", entry.getValue().sessions).put("since", entry.getValue().since)
              .put("subscriptions", entry.getValue().subscriptions)));
      JsonObject listed = new JsonObject();
      Map<String, Integer> subscribed = channels.snapshot();
      subscribed.entrySet().stream()
          .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(entry -> -entry.getValue())
              .thenComparing(Map.Entry::getKey))
          .limit(maxChannels)
          .forEach(entry -> {
            JsonObject channel = new JsonObject().put("subscribers", entry.getValue());
            InstanceSnapshot.Position at = merged.positions.get(entry.getKey());
            if (at != null) {
              channel.put("seq", at.seq()).put("epoch", at.epoch());
            }
            listed.put(entry.getKey(), channel);
          });
      return new JsonObject().put("node", node).put("users", users)
          .put("userCount", merged.users.size())
          .put("anonymous", merged.anonymous)
          .put("anonymousSubscriptions", merged.anonymousSubscriptions)
          .put("channels", listed).put("channelCount", subscribed.size());
    });
  }

  /** Takes a member's report (or its goodbye, {@code "leaving": true}). */
  void report(JsonObject body, long nowNanos) {
    String node = body.getString("node");
    if (node == null) {
      return;
    }
    if (body.getBoolean("leaving", false)) {
      members.remove(node);
    } else if (members.size() < MAX_MEMBERS || members.containsKey(node)) {
      members.put(node, new Report(body, nowNanos));
    }
  }

  /**
   * The reports heard from within {@code maxAgeNanos}, sorted by node, each with {@code ageMs};
   * older ones are forgotten (the member left or died).
   */
  List<JsonObject> members(long nowNanos, long maxAgeNanos) {
    members.entrySet().removeIf(entry -> nowNanos - entry.getValue().receivedNanos() > maxAgeNanos);
    List<JsonObject> list = new ArrayList<>();
    members.values().forEach(report -> list.add(report.body().copy()
        .put("ageMs", (nowNanos - report.receivedNanos()) / 1_000_000)));
    list.sort(Comparator.comparing(report -> report.getString("node")));
    return list;
  }

  /** Whether one more admin call fits the node's budget of {@code perSec} a second. */
  synchronized boolean tryCall(int perSec, long nowNanos) {
    if (calls == null) {
      calls = new TokenBucket(perSec, perSec * 2, nowNanos);
    }
    return calls.tryTake(nowNanos);
  }
}
