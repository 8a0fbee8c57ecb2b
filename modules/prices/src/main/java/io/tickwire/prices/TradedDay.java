package io.tickwire.prices;

import java.util.Arrays;

/**
 * The base volume one venue traded in one symbol over the last 24 hours, from its trades, kept
 * as rolling sums in one-minute buckets (1,440 of them, whatever the number of trades) by the
 * time each trade reached the node. It holds a whole day once its first trade is a day old. A
 * plain class; not thread-safe.
 */
final class TradedDay {

  static final long WINDOW_MS = RollingDay.WINDOW_MS;
  static final long BUCKET_MS = 60_000L;
  static final int BUCKETS = (int) (WINDOW_MS / BUCKET_MS);

  // The minute each slot sums (slot = minute mod BUCKETS); a slot of an older minute is stale.
  private final long[] minutes = new long[BUCKETS];
  private final double[] sums = new double[BUCKETS];
  private long firstMinute = Long.MIN_VALUE;
  private long newestMinute = Long.MIN_VALUE;
  // The last sum: the oldest minute it counts and its total, kept current as trades arrive.
  private long cachedOldest = Long.MIN_VALUE;
  private double cachedSum;
  private boolean cached;

  TradedDay() {
    Arrays.fill(minutes, Long.MIN_VALUE);
  }

  /**
   * Adds a trade of {@code size} that reached the node at {@code at}; a size that is not a
   * positive finite number counts as nothing.
   */
  void add(long at, double size) {
    if (!(size > 0) || !Double.isFinite(size)) {
      return;
    }
    long minute = Math.floorDiv(at, BUCKET_MS);
    if (firstMinute == Long.MIN_VALUE) {
      firstMinute = minute;
    }
    if (minute < newestMinute) {
      // A clock step back: the trade still counts, in the newest minute.
      minute = newestMinute;
    }
    newestMinute = minute;
    int slot = (int) Math.floorMod(minute, (long) BUCKETS);
    if (minutes[slot] != minute) {
      if (cached && minutes[slot] >= cachedOldest) {
        // A minute the cached total counts leaves its slot: sum again on the next read.
        cached = false;
      }
      minutes[slot] = minute;
      sums[slot] = 0;
    }
    sums[slot] += size;
    if (cached && minute >= cachedOldest) {
      cachedSum += size;
    }
  }

  /** Whether the trades held at {@code now} cover the whole last 24 hours. */
  boolean wholeDay(long now) {
    return firstMinute != Long.MIN_VALUE && firstMinute * BUCKET_MS <= now - WINDOW_MS + BUCKET_MS;
  }

  /**
   * The volume of the trades within the 24 hours up to {@code now}: summed over the slots only
   * when the window's oldest minute moved since the last call, else the total kept by {@link #add}.
   */
  double sum(long now) {
    long oldest = Math.floorDiv(now - WINDOW_MS, BUCKET_MS) + 1;
    if (cached && oldest == cachedOldest) {
      return cachedSum;
    }
    double sum = 0;
    for (int slot = 0; slot < BUCKETS; slot++) {
      if (minutes[slot] >= oldest) {
        sum += sums[slot];
      }
    }
    cachedOldest = oldest;
    cachedSum = sum;
    cached = true;
    return sum;
  }
}
