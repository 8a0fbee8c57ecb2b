package io.tickwire.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.prices.Aggregate;
import io.tickwire.prices.Aggregator;
import io.tickwire.prices.ConsolidatedBook;
import io.tickwire.prices.Tick;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmarks measure what they say: their states are set up and their methods called
 * directly, with small sizes. Nothing here depends on the machine's speed.
 */
@DisplayName("The JMH benchmarks")
class BenchmarkStatesTest {

  private static final Blackhole BLACKHOLE = new Blackhole("Today's password is swordfish. "
      + "I understand instantiating Blackholes directly is dangerous.");

  static RuleEngineBenchmark rules(int count) {
    RuleEngineBenchmark benchmark = new RuleEngineBenchmark();
    benchmark.rules = count;
    benchmark.setup();
    return benchmark;
  }

  @Test
  @DisplayName("the rule engine's firing ticks fire 1 % of the rules each, again and again")
  void firing() {
    RuleEngineBenchmark benchmark = rules(10_000);
    assertThat(benchmark.index.size()).isEqualTo(10_000);
    RuleEngineBenchmark.Firings firings = new RuleEngineBenchmark.Firings();
    // The first visit of each symbol starts from the middle of the swing.
    for (int i = 0; i < RuleEngineBenchmark.SYMBOLS; i++) {
      benchmark.firing(BLACKHOLE, firings);
    }
    for (int i = 0; i < 10 * RuleEngineBenchmark.SYMBOLS; i++) {
      long before = benchmark.sink.count;
      benchmark.firing(BLACKHOLE, firings);
      assertThat(benchmark.sink.count - before).as("fired on tick %d", i).isBetween(98L, 102L);
    }
    assertThat(firings.fired).isEqualTo(benchmark.sink.count);
    assertThat(benchmark.index.size()).as("every rule stays armed").isEqualTo(10_000);
    benchmark.check();
  }

  @Test
  @DisplayName("the rule engine's quiet ticks fire nothing")
  void quiet() {
    RuleEngineBenchmark benchmark = rules(10_000);
    RuleEngineBenchmark.Firings firings = new RuleEngineBenchmark.Firings();
    for (int i = 0; i < 100_000; i++) {
      benchmark.quiet(BLACKHOLE, firings);
    }
    assertThat(firings.fired).isZero();
    assertThat(benchmark.quietTicks).isEqualTo(100_000);
    for (int s = 0; s < RuleEngineBenchmark.SYMBOLS; s++) {
      assertThat(benchmark.index.lastPrice(benchmark.symbols[s]))
          .isBetween(benchmark.start[s] * 0.999, benchmark.start[s] * 1.001);
    }
    benchmark.check();
  }

  @Test
  @DisplayName("the aggregator's price lies within its venues' band, the outlier left out")
  void aggregator() {
    AggregatorBenchmark benchmark = new AggregatorBenchmark();
    benchmark.venues = 5;
    benchmark.setup();
    Map<String, Map<String, Double>> latest = new HashMap<>();
    for (int i = 0; i < AggregatorBenchmark.RING + 1_000; i++) {
      Tick tick = benchmark.ticks[i % AggregatorBenchmark.RING];
      Aggregate aggregate = benchmark.tick();
      Map<String, Double> quotes = latest.computeIfAbsent(tick.symbol(), s -> new HashMap<>());
      quotes.put(tick.venue(), tick.price());
      double low = quotes.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double high = quotes.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      assertThat(aggregate.price()).as("tick %d of %s", i, tick.symbol()).isBetween(low, high);
      if (quotes.size() == 5) {
        assertThat(aggregate.used()).hasSize(tick.symbol().equals("BTC-USD") ? 4 : 5);
        assertThat(aggregate.excluded()).isEqualTo(tick.symbol().equals("BTC-USD")
            ? Map.of("venue-e", Aggregator.OUTLIER) : Map.of());
      }
    }
  }

  @Test
  @DisplayName("the book merge keeps every venue's levels summed, sorted and not crossed")
  void bookMerge() {
    BookMergeBenchmark benchmark = new BookMergeBenchmark();
    benchmark.venues = 5;
    benchmark.mergeEvery = 50;
    benchmark.setup();
    int changed = 0;
    for (int i = 0; i < BookMergeBenchmark.RING + 1_000; i++) {
      changed += benchmark.levelUpdates() ? 1 : 0;
    }
    assertThat(changed).as("merges that changed the top").isPositive();
    for (ConsolidatedBook book : benchmark.books) {
      book.merge(System.currentTimeMillis(), Map.of());
      assertThat(book.venues()).hasSize(5);
      assertThat(book.crossed()).isFalse();
      JsonObject json = book.toJson(0);
      assertThat(json.getJsonArray("bids")).hasSize(BookMergeBenchmark.DEPTH);
      assertThat(json.getJsonArray("asks")).hasSize(BookMergeBenchmark.DEPTH);
      for (int level = 1; level < BookMergeBenchmark.DEPTH; level++) {
        assertThat(json.getJsonArray("bids").getJsonArray(level).getDouble(0))
            .isLessThan(json.getJsonArray("bids").getJsonArray(level - 1).getDouble(0));
      }
      book.markPublished();
    }
    assertThat(benchmark.merge()).as("merged again, unchanged").isFalse();
  }

  @Test
  @DisplayName("the fan-out writes each message once to every subscriber's socket")
  void fanout() {
    FanoutBenchmark benchmark = new FanoutBenchmark();
    benchmark.subscribers = 100;
    benchmark.setup();
    for (int i = 0; i < 10; i++) {
      assertThat(benchmark.fanout().seq()).isEqualTo(i + 1);
    }
    assertThat(benchmark.deliveries()).isEqualTo(1_000);
    benchmark.check();
  }

  @Test
  @DisplayName("the encoded frames carry about 100 bytes and about 1 KB of data")
  void encoding() {
    FrameEncodingBenchmark small = new FrameEncodingBenchmark();
    small.payload = "small";
    small.setup();
    assertThat(small.dataBytes()).isBetween(80, 120);
    assertThat(small.message().frameText()).startsWith("{\"type\":\"message\","
        + "\"channel\":\"prices.BTC-USD\",\"seq\":1,").contains("\"symbol\":\"BTC-USD\"");
    assertThat(small.wire().length()).isGreaterThan(small.message().frame().length);
    FrameEncodingBenchmark large = new FrameEncodingBenchmark();
    large.payload = "1k";
    large.setup();
    assertThat(large.dataBytes()).isBetween(900, 1_100);
  }

  @Test
  @DisplayName("the middleware chain answers a ping with pong and every echo request with its data")
  void chain() {
    FrameChainBenchmark benchmark = new FrameChainBenchmark();
    benchmark.setup();
    try {
      assertThat(benchmark.ping()).startsWith("{\"type\":\"pong\",\"id\":\"p1\",");
      assertThat(benchmark.echoRequests()).isEqualTo(
          "{\"type\":\"response\",\"id\":\"r1\",\"data\":{\"text\":\"hello\",\"n\":42}}");
      // The set-up's ping and requests, then these.
      assertThat(benchmark.socket().textMessages())
          .isEqualTo(2 + 2 * FrameChainBenchmark.IN_FLIGHT);
      assertThat(benchmark.socket().closeCode()).isZero();
    } finally {
      benchmark.tearDown();
    }
  }
}
