package io.tickwire.bench.jmh;

import io.tickwire.prices.BookEvent;
import io.tickwire.prices.ConsolidatedBook;
import io.tickwire.prices.PricesConfig;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The price feed's work per venue order-book update in {@link ConsolidatedBook}, one thread: a
 * venue's book event (a few changed levels) is applied to its book of the symbol, and every
 * {@code mergeEvery} events the symbol's book is merged over its venues into the top
 * {@value #DEPTH} levels per side and compared with the last one published (what
 * {@code PriceFeedVerticle} does per book event and, at most {@code book.maxRatePerSec} times a
 * second per symbol, before publishing). The JSON of a published book and its publication are not
 * in this figure: they happen at most {@code maxRatePerSec} times a second per symbol whatever
 * the venues send.
 *
 * <p>The market: the ten default symbols, {@code venues} venues each, every venue's book seeded
 * with {@value #SEEDED} levels per side on a common price grid (so levels of several venues
 * meet at the same prices and are summed). Events are made in advance (a ring of {@value #RING},
 * symbols and venues interleaved) with {@value #LEVELS_PER_EVENT} level changes each: a side at
 * random, a level near the top (half-normal, 20 levels wide), and a new size, or 0 (removal) one
 * time in six; a removed level comes back when a later change names it again.
 *
 * <p>Score: venue level updates/s (issue target: at least 1,000,000 on one core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BookMergeBenchmark {

  static final int RING = 1 << 14;
  static final int DEPTH = 20;
  static final int SEEDED = 500;
  static final int LEVELS_PER_EVENT = 4;

  @Param({"5"})
  public int venues;

  /** Events between two merges of a symbol's book (of all its venues' events). */
  @Param({"50"})
  public int mergeEvery;

  ConsolidatedBook[] books;
  BookEvent[] events;
  int[] symbolOf;
  private int next;
  private int sinceMerge;
  private long now;

  @Setup
  public void setup() {
    List<String> symbols = PricesConfig.DEFAULT_SYMBOLS;
    books = new ConsolidatedBook[symbols.size()];
    Random random = new Random(42);
    now = System.currentTimeMillis();
    double[] mid = new double[symbols.size()];
    double[] step = new double[symbols.size()];
    for (int s = 0; s < symbols.size(); s++) {
      books[s] = new ConsolidatedBook(symbols.get(s), DEPTH, 1_000,
          PricesConfig.DEFAULT_STALE_AFTER_MS * 1_000);
      mid[s] = 65_000.0 / (s * s + 1);
      step[s] = mid[s] * 1e-5;
      for (int v = 0; v < venues; v++) {
        double[] bids = new double[SEEDED];
        double[] asks = new double[SEEDED];
        double[] bidSizes = new double[SEEDED];
        double[] askSizes = new double[SEEDED];
        for (int i = 0; i < SEEDED; i++) {
          bids[i] = price(mid[s], step[s], true, i);
          asks[i] = price(mid[s], step[s], false, i);
          bidSizes[i] = 0.1 + random.nextDouble();
          askSizes[i] = 0.1 + random.nextDouble();
        }
        books[s].apply(new BookEvent("venue-" + (char) ('a' + v), symbols.get(s), true, bids,
            bidSizes, asks, askSizes, now));
      }
    }
    events = new BookEvent[RING];
    symbolOf = new int[RING];
    for (int e = 0; e < RING; e++) {
      int s = e % symbols.size();
      int v = (e / symbols.size() + s) % venues;
      int bidCount = 0;
      boolean[] bid = new boolean[LEVELS_PER_EVENT];
      for (int k = 0; k < LEVELS_PER_EVENT; k++) {
        bid[k] = random.nextBoolean();
        bidCount += bid[k] ? 1 : 0;
      }
      double[] bids = new double[bidCount];
      double[] bidSizes = new double[bidCount];
      double[] asks = new double[LEVELS_PER_EVENT - bidCount];
      double[] askSizes = new double[LEVELS_PER_EVENT - bidCount];
      int b = 0;
      int a = 0;
      for (int k = 0; k < LEVELS_PER_EVENT; k++) {
        int level = Math.min(SEEDED - 1, (int) Math.abs(random.nextGaussian() * 20));
        double size = random.nextInt(6) == 0 ? 0 : 0.1 + random.nextDouble();
        if (bid[k]) {
          bids[b] = price(mid[s], step[s], true, level);
          bidSizes[b++] = size;
        } else {
          asks[a] = price(mid[s], step[s], false, level);
          askSizes[a++] = size;
        }
      }
      events[e] = new BookEvent("venue-" + (char) ('a' + v), symbols.get(s), false, bids,
          bidSizes, asks, askSizes, now);
      symbolOf[e] = s;
    }
  }

  /** The {@code level}-th grid price from the mid, below it for bids, above it for asks. */
  private static double price(double mid, double step, boolean bid, int level) {
    double ticks = Math.rint(mid / step) + (bid ? -1 - level : 1 + level);
    return Math.rint(ticks * step * 100) / 100;
  }

  /** One venue book event ({@value #LEVELS_PER_EVENT} level updates) in; now and then a merge. */
  @Benchmark
  @OperationsPerInvocation(LEVELS_PER_EVENT)
  public boolean levelUpdates() {
    int i = next;
    next = (i + 1) & (RING - 1);
    ConsolidatedBook book = books[symbolOf[i]];
    book.apply(events[i]);
    if (++sinceMerge < mergeEvery) {
      return false;
    }
    sinceMerge = 0;
    book.merge(now, Map.of());
    boolean changed = book.changed();
    if (changed) {
      book.markPublished();
    }
    return changed;
  }

  /** The merge alone: the top {@value #DEPTH} per side of one symbol's venues, and the compare. */
  @Benchmark
  public boolean merge() {
    int i = next;
    next = (i + 1) & (RING - 1);
    ConsolidatedBook book = books[symbolOf[i]];
    book.merge(now, Map.of());
    return book.changed();
  }
}
