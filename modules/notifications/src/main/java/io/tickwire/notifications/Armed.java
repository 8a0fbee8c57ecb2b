package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rule inside an index, with what evaluation needs to know between events: how often it fired,
 * when it last fired (event time), and whether it is done (a {@code once} rule that fired).
 * Confined to the index's thread.
 */
final class Armed {

  final Rule rule;
  final RuleSpec spec;
  long fireCount;
  long lastFiredTs;
  boolean done;

  Armed(Rule rule) {
    this.rule = rule;
    this.spec = rule.spec();
    this.fireCount = rule.fireCount();
    this.lastFiredTs = rule.lastFiredAt() == null ? Long.MIN_VALUE : rule.lastFiredAt();
  }

  String id() {
    return rule.id();
  }

  /** Whether the rule may fire at event time {@code ts}: not done and out of its cooldown. */
  boolean mayFire(long ts) {
    if (done) {
      return false;
    }
    return spec.once() || lastFiredTs == Long.MIN_VALUE || ts - lastFiredTs >= spec.cooldownMs();
  }

  /** Records a firing and reports it; a {@code once} rule is done after it. */
  Fired fire(long ts, String firingId, JsonObject facts) {
    fireCount++;
    lastFiredTs = Math.max(ts, lastFiredTs);
    done = spec.once();
    return new Fired(rule, fireCount, firingId == null ? rule.id() + ":" + fireCount : firingId,
        ts, facts);
  }

  /** Adds {@code armed} to the bucket of {@code key}. */
  static <K> void put(Map<K, List<Armed>> index, K key, Armed armed) {
    index.computeIfAbsent(key, ignored -> new ArrayList<>(2)).add(armed);
  }

  /** Removes {@code armed} from the bucket of {@code key}, dropping an emptied bucket. */
  static <K> void drop(Map<K, List<Armed>> index, K key, Armed armed) {
    List<Armed> bucket = index.get(key);
    if (bucket != null && bucket.remove(armed) && bucket.isEmpty()) {
      index.remove(key);
    }
  }
}
