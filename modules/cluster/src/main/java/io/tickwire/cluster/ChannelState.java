package io.tickwire.cluster;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel's sequence and history as the cluster keeps it: an entry of the channels map,
 * changed only by entry processors on the partition that owns it (and replayed on its backups),
 * so there is exactly one writer per channel.
 */
final class ChannelState implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One kept message: its position and its encoded frame. */
  record Kept(long seq, long ts, byte[] frame) implements Serializable {
  }

  private record Remembered(long seq, long expiresAt) implements Serializable {
  }

  final String epoch;
  long seq;
  Kept last;
  final ArrayDeque<Kept> window = new ArrayDeque<>();
  private final LinkedHashMap<String, Remembered> idempotency = new LinkedHashMap<>();

  ChannelState(String epoch) {
    this.epoch = epoch;
  }

  /** The seq an idempotency key was answered with, or -1. */
  long remembered(String key, long now) {
    Remembered entry = idempotency.get(key);
    return entry == null || entry.expiresAt() <= now ? -1 : entry.seq();
  }

  void append(Kept kept, int historySize, long historyTtlMs, String idempotencyKey,
      long idempotencyTtlMs) {
    seq = kept.seq();
    last = kept;
    if (historySize > 0) {
      window.addLast(kept);
      while (window.size() > historySize) {
        window.removeFirst();
      }
    }
    expire(kept.ts(), historyTtlMs);
    if (idempotencyKey != null) {
      idempotency.put(idempotencyKey, new Remembered(kept.seq(), kept.ts() + idempotencyTtlMs));
    }
    Iterator<Map.Entry<String, Remembered>> oldest = idempotency.entrySet().iterator();
    while (oldest.hasNext() && oldest.next().getValue().expiresAt() <= kept.ts()) {
      oldest.remove();
    }
  }

  /** The kept messages after {@code after}, oldest first, within the age window. */
  List<Kept> after(long after, long now, long historyTtlMs) {
    List<Kept> missed = new ArrayList<>();
    for (Kept kept : window) {
      if (kept.seq() > after && kept.ts() >= now - historyTtlMs) {
        missed.add(kept);
      }
    }
    return missed;
  }

  /** The seq of the oldest message still kept, or {@code seq + 1} when none is. */
  long oldest(long now, long historyTtlMs) {
    for (Kept kept : window) {
      if (kept.ts() >= now - historyTtlMs) {
        return kept.seq();
      }
    }
    return seq + 1;
  }

  private void expire(long now, long historyTtlMs) {
    while (!window.isEmpty() && window.peekFirst().ts() < now - historyTtlMs) {
      window.removeFirst();
    }
  }
}
