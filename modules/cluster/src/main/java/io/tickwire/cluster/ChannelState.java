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
 *
 * <p>Each entry gets an epoch of its own when it is created (on the first subscribe or publish),
 * and keeps it. An entry lost with every copy of its partition (more members gone at once than
 * there are backups, or the whole cluster) is created again with a new epoch, so a client
 * holding a position in the lost history is told {@code recovered: false}.
 */
final class ChannelState implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One kept message: its position and its encoded frame. */
  record Kept(long seq, long ts, byte[] frame) implements Serializable {
  }

  private record Remembered(long seq, long expiresAt) implements Serializable {
  }

  /** Publications remembered per channel, so a retried one is not appended twice. */
  static final int RECENT_OPERATIONS = 256;

  final String epoch;
  long seq;
  Kept last;
  final ArrayDeque<Kept> window = new ArrayDeque<>();
  private final LinkedHashMap<String, Remembered> idempotency = new LinkedHashMap<>();
  private final LinkedHashMap<String, Long> recent = new LinkedHashMap<>();

  ChannelState(String epoch) {
    this.epoch = epoch;
  }

  /** A new epoch, for an entry being created. */
  static String freshEpoch() {
    return java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  /** The seq an idempotency key was answered with, or -1. */
  long remembered(String key, long now) {
    Remembered entry = idempotency.get(key);
    return entry == null || entry.expiresAt() <= now ? -1 : entry.seq();
  }

  /** The seq a publication was given, or -1 when it is not among the recent ones. */
  long appended(String operation) {
    Long earlier = recent.get(operation);
    return earlier == null ? -1 : earlier;
  }

  void append(Kept kept, int historySize, long historyTtlMs, String idempotencyKey,
      long idempotencyTtlMs, String operation) {
    seq = kept.seq();
    recent.put(operation, kept.seq());
    if (recent.size() > RECENT_OPERATIONS) {
      Iterator<String> eldest = recent.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
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

  /** The kept message with {@code seq}, if the window still holds it. */
  java.util.Optional<Kept> kept(long wanted) {
    for (Kept kept : window) {
      if (kept.seq() == wanted) {
        return java.util.Optional.of(kept);
      }
    }
    return last != null && last.seq() == wanted ? java.util.Optional.of(last)
        : java.util.Optional.empty();
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
