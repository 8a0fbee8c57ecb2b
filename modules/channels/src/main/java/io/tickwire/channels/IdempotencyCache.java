package io.tickwire.channels;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Remembers answers by idempotency key for a fixed time, and at most {@code maxEntries} of them
 * (the oldest go first). Thread-safe: each call holds the cache's lock.
 */
final class IdempotencyCache<V> {

  private record Entry<V>(V value, long expiresAt) {
  }

  private final long ttlMs;
  private final int maxEntries;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>();

  IdempotencyCache(long ttlMs, int maxEntries, LongSupplier clock) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The answer remembered for {@code key}, or {@code null}. */
  synchronized V get(String key) {
    Entry<V> entry = entries.get(key);
    if (entry == null || entry.expiresAt() <= clock.getAsLong()) {
      return null;
    }
    return entry.value();
  }

  synchronized void put(String key, V value) {
    entries.remove(key);
    entries.put(key, new Entry<>(value, clock.getAsLong() + ttlMs));
    if (entries.size() > maxEntries) {
      Iterator<String> oldest = entries.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Forgets expired answers; entries expire in insertion order, so this stops at the first live one. */
  synchronized void expire() {
    long now = clock.getAsLong();
    Iterator<Map.Entry<String, Entry<V>>> it = entries.entrySet().iterator();
    while (it.hasNext() && it.next().getValue().expiresAt() <= now) {
      it.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
