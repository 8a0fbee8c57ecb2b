package io.tickwire.bench.jmh;

import io.tickwire.prices.Aggregate;
import io.tickwire.prices.Aggregator;
import io.tickwire.prices.PricesConfig;
import io.tickwire.prices.Tick;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The price feed's work per venue tick in {@link Aggregator}, one thread: the tick replaces its
 * venue's quote ({@link Aggregator#offer}) and the symbol's aggregate is computed at the tick's
 * time ({@link Aggregator#aggregate}: staleness, outlier judgement with hysteresis, median price,
 * best bid and ask, summed volume, the venues' own 24-hour medians). That is what
 * {@code PriceFeedVerticle} does per tick before its publish gate decides whether to publish;
 * the gate, the rolling statistics and the publication are not in this figure.
 *
 * <p>The market: the ten default symbols, {@code venues} venues each, at the default
 * aggregation settings. Each symbol follows a random walk; each venue quotes it with its own
 * steady bias and per-quote noise (as the simulated source does), with bid, ask and 24-hour
 * volume. One venue of the first symbol quotes 3 % off throughout, so that symbol always has an
 * outlier excluded. Ticks are made in advance (a ring of {@value #RING} ticks, symbols and
 * venues interleaved) so that making them is not measured; their receive times advance 1 ms per
 * tick within the ring.
 *
 * <p>Score: venue ticks/s (issue target: at least 1,000,000 on one core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AggregatorBenchmark {

  static final int RING = 1 << 14;
  private static final double NOISE = 0.02 / 100;
  private static final double BIAS = 0.02 / 100;
  private static final double VOLATILITY = 0.03 / 100;
  private static final double SPREAD = 0.05 / 100;
  private static final double OUTLIER = 0.03;

  @Param({"5"})
  public int venues;

  Aggregator[] aggregators;
  Tick[] ticks;
  int[] symbolOf;
  private int next;

  @Setup
  public void setup() {
    List<String> symbols = PricesConfig.DEFAULT_SYMBOLS;
    aggregators = new Aggregator[symbols.size()];
    for (int s = 0; s < symbols.size(); s++) {
      aggregators[s] = new Aggregator(symbols.get(s), PricesConfig.DEFAULT_STALE_AFTER_MS,
          PricesConfig.DEFAULT_OUTLIER_PCT, false);
    }
    String[] names = new String[venues];
    for (int v = 0; v < venues; v++) {
      names[v] = "venue-" + (char) ('a' + v);
    }
    Random random = new Random(42);
    double[] walk = new double[symbols.size()];
    double[][] bias = new double[symbols.size()][venues];
    double[][] volume = new double[symbols.size()][venues];
    for (int s = 0; s < symbols.size(); s++) {
      walk[s] = 65_000.0 / (s * s + 1);
      for (int v = 0; v < venues; v++) {
        bias[s][v] = (random.nextDouble() - 0.5) * 2 * BIAS;
        volume[s][v] = (20e6 + random.nextDouble() * 80e6) / walk[s];
      }
    }
    bias[0][venues - 1] = OUTLIER;
    ticks = new Tick[RING];
    symbolOf = new int[RING];
    long start = System.currentTimeMillis();
    for (int i = 0; i < RING; i++) {
      int s = i % symbols.size();
      int v = (i / symbols.size() + s) % venues;
      if (v == 0) {
        walk[s] *= Math.exp(VOLATILITY * random.nextGaussian());
      }
      double price = walk[s] * (1 + bias[s][v] + NOISE * random.nextGaussian());
      volume[s][v] *= 1 + 1e-6 * random.nextGaussian();
      ticks[i] = Tick.of(names[v], symbols.get(s), price, start + i)
          .withBook(price * (1 - SPREAD / 2), price * (1 + SPREAD / 2), volume[s][v]);
      symbolOf[i] = s;
    }
  }

  /** One venue tick in, the symbol's aggregate out. */
  @Benchmark
  public Aggregate tick() {
    int i = next;
    next = (i + 1) & (RING - 1);
    Tick tick = ticks[i];
    Aggregator aggregator = aggregators[symbolOf[i]];
    aggregator.offer(tick);
    return aggregator.aggregate(tick.receivedAt());
  }
}
