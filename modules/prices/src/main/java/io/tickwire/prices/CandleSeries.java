package io.tickwire.prices;

import java.util.ArrayList;
import java.util.List;

/**
 * The candles of one symbol at one interval, oldest first, bounded by a retention: a candle
 * older than the newest one's start minus the retention is dropped. Candles are built from the
 * published values in the order they come; a value for an older candle still in the series
 * (a clock step, a new owner after fail-over) updates its high, low and volume. Intervals with
 * no publication have no candle. A plain class; not thread-safe.
 */
final class CandleSeries {

  private final CandleInterval interval;
  private final long retentionMs;
  private final int capacity;
  // A ring of candles: arrays grow up to capacity, then the oldest slot is reused.
  private long[] t = new long[16];
  private double[] open = new double[16];
  private double[] high = new double[16];
  private double[] low = new double[16];
  private double[] close = new double[16];
  private double[] volume = new double[16];
  private int head;
  private int size;

  CandleSeries(CandleInterval interval, long retentionMs) {
    this.interval = interval;
    this.retentionMs = retentionMs;
    this.capacity = (int) Math.max(1, retentionMs / interval.millis());
  }

  CandleInterval interval() {
    return interval;
  }

  int size() {
    return size;
  }

  /** Adds a published price at {@code ts} and the volume traded since the previous one. */
  void add(long ts, double price, double traded) {
    long start = interval.start(ts);
    double tradedVolume = Double.isFinite(traded) && traded > 0 ? traded : 0;
    if (size > 0) {
      int newest = slot(size - 1);
      if (start == t[newest]) {
        high[newest] = Math.max(high[newest], price);
        low[newest] = Math.min(low[newest], price);
        close[newest] = price;
        volume[newest] += tradedVolume;
        return;
      }
      if (start < t[newest]) {
        int index = find(start);
        if (index >= 0) {
          int slot = slot(index);
          high[slot] = Math.max(high[slot], price);
          low[slot] = Math.min(low[slot], price);
          volume[slot] += tradedVolume;
        }
        return;
      }
    }
    append(start, price, tradedVolume);
    long oldestKept = start - retentionMs;
    while (size > 0 && t[head] <= oldestKept) {
      head = (head + 1) % t.length;
      size--;
    }
  }

  /**
   * The candles whose start lies in {@code [from, to]} (either bound may be {@code null}), at most
   * {@code limit}, in time order: the first ones from {@code from} when it is given, else the
   * latest ones up to {@code to}.
   */
  List<Candle> range(Long from, Long to, int limit) {
    int first = from == null ? 0 : lowerBound(from);
    int end = to == null || to == Long.MAX_VALUE ? size : lowerBound(to + 1);
    if (end - first > limit) {
      if (from != null) {
        end = first + limit;
      } else {
        first = end - limit;
      }
    }
    List<Candle> candles = new ArrayList<>(Math.max(0, end - first));
    for (int i = first; i < end; i++) {
      int slot = slot(i);
      candles.add(new Candle(t[slot], open[slot], high[slot], low[slot], close[slot],
          volume[slot]));
    }
    return candles;
  }

  private void append(long start, double price, double tradedVolume) {
    if (size == t.length) {
      if (size < capacity) {
        grow();
      } else {
        head = (head + 1) % t.length;
        size--;
      }
    }
    int slot = slot(size);
    t[slot] = start;
    open[slot] = price;
    high[slot] = price;
    low[slot] = price;
    close[slot] = price;
    volume[slot] = tradedVolume;
    size++;
  }

  private void grow() {
    int length = (int) Math.min(capacity, (long) t.length * 2);
    long[] newT = new long[length];
    double[][] columns = {open, high, low, close, volume};
    double[][] grown = new double[5][length];
    for (int i = 0; i < size; i++) {
      int slot = slot(i);
      newT[i] = t[slot];
      for (int c = 0; c < 5; c++) {
        grown[c][i] = columns[c][slot];
      }
    }
    t = newT;
    open = grown[0];
    high = grown[1];
    low = grown[2];
    close = grown[3];
    volume = grown[4];
    head = 0;
  }

  private int slot(int index) {
    return (head + index) % t.length;
  }

  /** The index of the candle starting at {@code start}, or -1. */
  private int find(long start) {
    int index = lowerBound(start);
    return index < size && t[slot(index)] == start ? index : -1;
  }

  /** The first index whose start is at or after {@code start}. */
  private int lowerBound(long start) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int middle = (lo + hi) >>> 1;
      if (t[slot(middle)] < start) {
        lo = middle + 1;
      } else {
        hi = middle;
      }
    }
    return lo;
  }
}
