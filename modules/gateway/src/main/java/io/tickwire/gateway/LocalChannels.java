package io.tickwire.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local subscribers per channel across the gateway instances of one node, for
 * {@code GET /api/channels}. Updated on subscribe and unsubscribe only, never per message.
 */
final class LocalChannels {

  private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  void joined(String channel) {
    counts.computeIfAbsent(channel, ignored -> new AtomicInteger()).incrementAndGet();
  }

  void left(String channel) {
    counts.computeIfPresent(channel, (name, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /** Channel → local subscribers, sorted by channel. */
  Map<String, Integer> snapshot() {
    Map<String, Integer> snapshot = new TreeMap<>();
    counts.forEach((channel, count) -> snapshot.put(channel, count.get()));
    return snapshot;
  }
}
