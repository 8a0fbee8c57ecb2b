package io.tickwire.bench.jmh;

import io.tickwire.notifications.Condition;
import io.tickwire.notifications.Fired;
import io.tickwire.notifications.PriceIndex;
import io.tickwire.notifications.Rule;
import io.tickwire.notifications.RuleSpec;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The alert rule engine on one core: {@link PriceIndex#onTick}, which is how
 * {@code EvaluatorVerticle} evaluates a price tick, over {@code rules} active price rules
 * (1,000,000 by default; setup takes a few seconds and leaves about 400 MB of heap in use) on
 * {@value #SYMBOLS} symbols.
 * Not in the figure: decoding the tick's channel frame before the index sees it, and recording
 * the firings (notification, storage, delivery) after it.
 *
 * <p><b>The rules.</b> Each symbol gets the same share, a third each of {@code above},
 * {@code below} and {@code crosses} (either direction), owned by users with 200 rules each (the
 * per-user maximum). Levels are spread evenly over ±{@value #SPREAD_PCT} % of the symbol's
 * starting price, leaving out a quiet band of ±{@value #QUIET_PCT} % around it: {@code above}
 * levels lie above the price, {@code below} levels under it (as users set them, so nothing holds
 * when the rules are armed), {@code crosses} levels on both sides. Every rule is
 * {@code trigger: every} with {@code cooldownMs: 0}: a rule that fired stays armed and fires on
 * its next crossing. Setup arms all rules with one tick per symbol at its starting price, which
 * fires nothing.
 *
 * <p><b>{@link #quiet}</b> (target: at least 200,000 ticks/s): ticks go round the symbols, each
 * price a random point inside the quiet band, where no level lies. Nothing fires; the cost is
 * finding the book and looking up the empty level range.
 *
 * <p><b>{@link #firing}</b> (about 1 % of all rules fire per tick): ticks go round the symbols,
 * each visit moving the symbol's price between {@value #SWING_PCT} % below and above its
 * starting price, alternately. That range holds three quarters of the symbol's levels, and a
 * move fires the rules in it of one direction: going up the {@code above} and {@code crosses}
 * rules, going down the {@code below} and {@code crosses} rules, i.e. two thirds of three
 * quarters, half of the symbol's rules: 1/100 of all rules with 50 symbols (10,000 of 1,000,000).
 * Because the rules fire {@code every} time without cooldown, they re-arm by themselves and the
 * next move the other way (or the one after, for {@code above} and {@code below}) fires them
 * again. The first visit of each symbol starts from the middle and fires half as many.
 *
 * <p>Score: ticks/s. The secondary result {@code fired} is the rate of firings, so
 * {@code fired / score} is the number fired per tick; the trial's tear-down also checks that
 * nothing fired in {@link #quiet} and that {@link #firing} fired 0.9 to 1.1 % per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuleEngineBenchmark {

  static final int SYMBOLS = 50;
  static final double SPREAD_PCT = 10;
  static final double QUIET_PCT = 0.1;
  /** Three quarters of the levels of each side lie within this distance of the price. */
  static final double SWING_PCT = QUIET_PCT + 0.75 * (SPREAD_PCT - QUIET_PCT);
  private static final int RULES_PER_USER = 200;
  private static final int QUIET_RING = 1 << 16;

  /** Firings counted per iteration; JMH reports them as a rate next to the ticks. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Firings {
    public long fired;

    @Setup(Level.Iteration)
    public void reset() {
      fired = 0;
    }
  }

  /** Hands every firing to the blackhole and counts it. */
  static final class Sink implements Consumer<Fired> {
    Blackhole blackhole;
    long count;

    @Override
    public void accept(Fired fired) {
      // Arming the rules in the set-up has no blackhole (and fires nothing).
      if (blackhole != null) {
        blackhole.consume(fired);
      }
      count++;
    }
  }

  @Param({"1000000"})
  public int rules;

  final Sink sink = new Sink();
  PriceIndex index;
  String[] symbols;
  double[] start;
  private double[] quietPrices;
  private int[] quietSymbols;
  private long ts;
  private int tick;
  long quietTicks;
  long quietFired;
  long firingTicks;
  long firingFired;

  @Setup
  public void setup() {
    symbols = new String[SYMBOLS];
    start = new double[SYMBOLS];
    for (int s = 0; s < SYMBOLS; s++) {
      symbols[s] = String.format("S%02d-USD", s);
      start[s] = 100.0 * (s + 1);
    }
    index = new PriceIndex();
    String[] users = new String[(rules + RULES_PER_USER - 1) / RULES_PER_USER];
    for (int u = 0; u < users.length; u++) {
      users[u] = "user" + u;
    }
    for (int i = 0; i < rules; i++) {
      int s = i % SYMBOLS;
      int j = i / SYMBOLS;
      int perSymbol = rules / SYMBOLS + (s < rules % SYMBOLS ? 1 : 0);
      // Rule j of the symbol: kind j % 3, k-th of n of its kind.
      int kind = j % 3;
      int k = j / 3;
      int n = (perSymbol - kind + 2) / 3;
      double distance = (QUIET_PCT + (SPREAD_PCT - QUIET_PCT) * (k + 0.5) / n) / 100;
      RuleSpec spec = switch (kind) {
        case 0 -> RuleSpec.price(Condition.ABOVE, symbols[s], start[s] * (1 + distance), null);
        case 1 -> RuleSpec.price(Condition.BELOW, symbols[s], start[s] * (1 - distance), null);
        default -> RuleSpec.price(Condition.CROSSES, symbols[s],
            start[s] * (k % 2 == 0 ? 1 + distance : 1 - distance), "either");
      };
      index.add(Rule.of("rule_" + i, users[i / RULES_PER_USER], spec.every(0)));
    }
    for (int s = 0; s < SYMBOLS; s++) {
      index.onTick(symbols[s], start[s], ++ts, sink);
    }
    if (sink.count != 0) {
      throw new IllegalStateException(sink.count + " rules fired when armed");
    }
    Random random = new Random(7);
    quietPrices = new double[QUIET_RING];
    quietSymbols = new int[QUIET_RING];
    for (int i = 0; i < QUIET_RING; i++) {
      int s = i % SYMBOLS;
      quietSymbols[i] = s;
      quietPrices[i] = start[s] * (1 + (random.nextDouble() * 2 - 1) * QUIET_PCT * 0.9 / 100);
    }
    // The set-up leaves a gigabyte of young objects behind: collect it now, not while measuring.
    System.gc();
  }

  /** A tick inside the quiet band: nothing fires. */
  @Benchmark
  public void quiet(Blackhole blackhole, Firings firings) {
    int i = tick++ & (QUIET_RING - 1);
    sink.blackhole = blackhole;
    long before = sink.count;
    index.onTick(symbols[quietSymbols[i]], quietPrices[i], ++ts, sink);
    long fired = sink.count - before;
    firings.fired += fired;
    quietFired += fired;
    quietTicks++;
  }

  /** A tick that moves its symbol through three quarters of its levels: half its rules fire. */
  @Benchmark
  public void firing(Blackhole blackhole, Firings firings) {
    int t = tick++;
    int s = t % SYMBOLS;
    double swing = (t / SYMBOLS) % 2 == 0 ? -SWING_PCT / 100 : SWING_PCT / 100;
    sink.blackhole = blackhole;
    long before = sink.count;
    index.onTick(symbols[s], start[s] * (1 + swing), ++ts, sink);
    long fired = sink.count - before;
    firings.fired += fired;
    firingFired += fired;
    firingTicks++;
  }

  /** Checks the scenario: nothing fired when quiet; 0.9 to 1.1 % of the rules per firing tick. */
  @TearDown
  public void check() {
    if (quietFired != 0) {
      throw new IllegalStateException(quietFired + " rules fired in the quiet band");
    }
    if (firingTicks > 0) {
      double pct = 100.0 * firingFired / firingTicks / rules;
      if (pct < 0.9 || pct > 1.1) {
        throw new IllegalStateException(String.format(
            "%.3f %% of the rules fired per tick, not about 1 %%", pct));
      }
    }
  }
}
