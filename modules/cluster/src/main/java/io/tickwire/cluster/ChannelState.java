package io.tickwire.cluster;

import com.hazelcast.map.ExtendedMapEntry;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One channel's sequence and history as the cluster keeps it: an entry of the channels map,
 * changed only by entry processors on the partition that owns it (and replayed on its backups),
 * so there is exactly one writer per channel.
 *
 * <p>Each entry gets an epoch of its own when it is created (on the first subscribe or publish),
 * and keeps it. An entry lost with every copy of its partition (more members gone at once than
 * there are backups, or the whole cluster) is created again with a new epoch, so a client
 * holding a position in the lost history is told {@code recovered: false}.
 *
 * <p>An entry is kept while its channel retains history (its newest message is younger than the
 * namespace's {@code historyTtlMs}), while an idempotency answer of it is remembered, or while a
 * member holds a subscriber of it (each member's hold is a lease it renews); every write sets the
 * entry's time-to-live to the end of the latest of these, on the owner and on its backups, and
 * an entry with none is removed. So an entry nothing holds any more is gone at the latest when
 * its time-to-live runs out, even when the member that held it died.
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
  /** Idempotency answers remembered per channel at most (the oldest go first). */
  static final int MAX_IDEMPOTENCY_KEYS = 10_000;

  final String epoch;
  long seq;
  Kept last;
  /** The namespace's history age, as the last write was told it. */
  long historyTtlMs;
  final ArrayDeque<Kept> window = new ArrayDeque<>();
  private final LinkedHashMap<String, Remembered> idempotency = new LinkedHashMap<>();
  private final LinkedHashMap<String, Long> recent = new LinkedHashMap<>();
  /** When the last idempotency answer is forgotten. */
  private long idempotentUntil;
  /** Member → until when its hold lasts unless renewed. */
  private final HashMap<String, Long> holders = new HashMap<>();

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
    this.historyTtlMs = historyTtlMs;
    if (idempotencyKey != null) {
      idempotency.put(idempotencyKey, new Remembered(kept.seq(), kept.ts() + idempotencyTtlMs));
      idempotentUntil = Math.max(idempotentUntil, kept.ts() + idempotencyTtlMs);
    }
    Iterator<Map.Entry<String, Remembered>> oldest = idempotency.entrySet().iterator();
    while (oldest.hasNext()) {
      if (oldest.next().getValue().expiresAt() <= kept.ts()
          || idempotency.size() > MAX_IDEMPOTENCY_KEYS) {
        oldest.remove();
      } else {
        break;
      }
    }
  }

  /** Until when {@code member}'s hold lasts, or 0. */
  long heldUntil(String member) {
    return holders.getOrDefault(member, 0L);
  }

  /** {@code member} holds a subscriber of the channel until {@code until}, unless it renews. */
  void hold(String member, long until, long now) {
    holders.values().removeIf(end -> end <= now);
    holders.put(member, until);
  }

  /** {@code member} holds no subscriber of the channel any more. */
  void release(String member, long now) {
    holders.remove(member);
    holders.values().removeIf(end -> end <= now);
  }

  /**
   * Until when the entry must be kept: the end of its newest message's history age, of its
   * idempotency answers and of its holders' leases.
   */
  long keepUntil() {
    long until = last == null ? 0 : last.ts() + historyTtlMs;
    until = Math.max(until, idempotentUntil);
    for (long end : holders.values()) {
      until = Math.max(until, end);
    }
    return until;
  }

  /**
   * Writes {@code state} back to its entry with a time-to-live to {@link #keepUntil()}, or
   * removes the entry when nothing keeps it. Every processor writes through here, on the owner
   * and on the backups, so no entry is left without an end.
   */
  @SuppressWarnings("unchecked")
  static void store(Map.Entry<String, ChannelState> entry, ChannelState state, long now) {
    long ttl = state.keepUntil() - now;
    if (ttl <= 0) {
      entry.setValue(null);
    } else {
      ((ExtendedMapEntry<String, ChannelState>) entry).setValue(state, ttl,
          TimeUnit.MILLISECONDS);
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
