package io.tickwire.notifications;

/**
 * The lowest and highest value of a time window that slides with the newest sample, in amortized
 * O(1) per sample. Samples are grouped in buckets of a thousandth of the window, so memory is
 * bounded by about a thousand entries however fast samples come; the window's edge is exact to
 * one bucket. Not thread-safe.
 */
final class MinMaxWindow {

  private final long bucketMs;
  private final long buckets;
  private final Deque lows = new Deque(true);
  private final Deque highs = new Deque(false);

  MinMaxWindow(long windowMs) {
    this.bucketMs = Math.max(1, windowMs / 1_000);
    this.buckets = Math.max(1, windowMs / bucketMs);
  }

  /** Adds a sample at time {@code ts}; samples older than the window fall out. */
  void add(double value, long ts) {
    long bucket = Math.floorDiv(ts, bucketMs);
    lows.add(bucket, value);
    highs.add(bucket, value);
    lows.expire(bucket - buckets);
    highs.expire(bucket - buckets);
  }

  double min() {
    return lows.front();
  }

  double max() {
    return highs.front();
  }

  /** A monotonic deque of (bucket, value) in primitive arrays. */
  private static final class Deque {
    private final boolean lowest;
    private long[] keys = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;

    Deque(boolean lowest) {
      this.lowest = lowest;
    }

    void add(long bucket, double value) {
      // Drop the samples the new one makes irrelevant: they leave the window before it does.
      while (size > 0 && (lowest ? values[last()] >= value : values[last()] <= value)) {
        size--;
      }
      if (size > 0 && keys[last()] >= bucket) {
        return;
      }
      if (size == keys.length) {
        grow();
      }
      int at = (head + size) % keys.length;
      keys[at] = bucket;
      values[at] = value;
      size++;
    }

    void expire(long upToBucket) {
      while (size > 1 && keys[head] <= upToBucket) {
        head = (head + 1) % keys.length;
        size--;
      }
    }

    double front() {
      return size == 0 ? Double.NaN : values[head];
    }

    private int last() {
      return (head + size - 1) % keys.length;
    }

    private void grow() {
      long[] newKeys = new long[keys.length * 2];
      double[] newValues = new double[keys.length * 2];
      for (int i = 0; i < size; i++) {
        newKeys[i] = keys[(head + i) % keys.length];
        newValues[i] = values[(head + i) % keys.length];
      }
      keys = newKeys;
      values = newValues;
      head = 0;
    }
  }
}
