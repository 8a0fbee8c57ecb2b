package io.tickwire.prices;

import java.util.ArrayDeque;

/**
 * A symbol's 24-hour statistics from its published prices, kept in one-minute buckets: the open
 * (the first price of the oldest bucket still inside the window), high and low. A plain class;
 * not thread-safe.
 */
final class RollingDay {

  static final long WINDOW_MS = 86_400_000L;
  private static final long BUCKET_MS = 60_000L;

  private static final class Bucket {
    final long minute;
    final double open;
    double high;
    double low;

    Bucket(long minute, double price) {
      this.minute = minute;
      this.open = price;
      this.high = price;
      this.low = price;
    }
  }

  /** The window's statistics; {@code since} is when its oldest price was published. */
  record Stats(double open, double high, double low, long since) {
  }

  private final ArrayDeque<Bucket> buckets = new ArrayDeque<>();

  void add(long ts, double price) {
    long minute = Math.floorDiv(ts, BUCKET_MS);
    Bucket last = buckets.peekLast();
    if (last != null && minute <= last.minute) {
      // Same minute (or a clock step back): the price still counts for high and low.
      last.high = Math.max(last.high, price);
      last.low = Math.min(last.low, price);
    } else {
      buckets.addLast(new Bucket(minute, price));
    }
    expire(ts);
  }

  /** The statistics at {@code now}, or {@code null} when nothing was published within 24 h. */
  Stats stats(long now) {
    expire(now);
    if (buckets.isEmpty()) {
      return null;
    }
    double high = Double.NEGATIVE_INFINITY;
    double low = Double.POSITIVE_INFINITY;
    for (Bucket bucket : buckets) {
      high = Math.max(high, bucket.high);
      low = Math.min(low, bucket.low);
    }
    Bucket oldest = buckets.peekFirst();
    return new Stats(oldest.open, high, low, oldest.minute * BUCKET_MS);
  }

  private void expire(long now) {
    long oldestMinute = Math.floorDiv(now - WINDOW_MS, BUCKET_MS) + 1;
    while (!buckets.isEmpty() && buckets.peekFirst().minute < oldestMinute) {
      buckets.removeFirst();
    }
  }
}
