package io.tickwire.prices;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The price feed's meters, shared by its verticles (meters are thread-safe). Names follow
 * {@code tickwire.prices.<thing>}.
 */
final class PricesMetrics {

  private final MeterRegistry registry;
  private final Map<String, Counter> ticks = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> malformed = new ConcurrentHashMap<>();
  private final Map<String, Counter> reconnects = new ConcurrentHashMap<>();
  private final Map<String, Counter> gaps = new ConcurrentHashMap<>();
  private final Map<String, Counter> published = new ConcurrentHashMap<>();
  private final Map<String, Counter> booksRefused = new ConcurrentHashMap<>();
  private final Map<String, Counter> tradesDropped = new ConcurrentHashMap<>();
  private final Map<String, Counter> tradeRepeats = new ConcurrentHashMap<>();
  private final Map<String, Counter> tradesInvalid = new ConcurrentHashMap<>();
  private final Counter publishFailures;
  private final Counter badUpdates;
  /** By venue, then reason: no key is built per published price. */
  private final Map<String, Map<String, Counter>> excluded = new ConcurrentHashMap<>();
  private final Timer aggregationLatency;

  PricesMetrics(MeterRegistry registry) {
    this.registry = registry;
    publishFailures = Counter.builder("tickwire.prices.publish.failures")
        .description("Price or overview publications the channel log refused or did not answer")
        .register(registry);
    badUpdates = Counter.builder("tickwire.prices.updates.invalid")
        .description("Messages on the price update stream that could not be read")
        .register(registry);
    aggregationLatency = Timer.builder("tickwire.prices.aggregation.latency")
        .description("From a venue quote's arrival to the channel log's acknowledgement of the"
            + " price it made, for quotes published at once")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
  }

  MeterRegistry registry() {
    return registry;
  }

  void tick(String venue) {
    ticks.computeIfAbsent(venue, v -> Counter.builder("tickwire.prices.venue.ticks")
        .description("Quotes received, per venue").tag("venue", v).register(registry))
        .increment();
  }

  void malformed(String venue, String reason) {
    malformed.computeIfAbsent(List.of(venue, reason), key ->
        Counter.builder("tickwire.prices.venue.malformed")
            .description("Venue messages that could not be used, per venue and reason")
            .tag("venue", venue).tag("reason", reason).register(registry)).increment();
  }

  void reconnect(String venue) {
    reconnects.computeIfAbsent(venue, v -> Counter.builder("tickwire.prices.venue.reconnects")
        .description("Lost, refused or replaced venue connections").tag("venue", v)
        .register(registry)).increment();
  }

  void gap(String venue) {
    gaps.computeIfAbsent(venue, v -> Counter.builder("tickwire.prices.venue.gaps")
        .description("Sequence gaps in a venue's feed (each one resubscribes)").tag("venue", v)
        .register(registry)).increment();
  }

  /** A venue's book event was refused (malformed, or one venue too many for its symbol). */
  void bookRefused(String venue) {
    booksRefused.computeIfAbsent(venue, v -> Counter.builder("tickwire.prices.venue.books.refused")
        .description("Venue book events refused as malformed or over the venue limit")
        .tag("venue", v).register(registry)).increment();
  }

  void published(String symbol) {
    published.computeIfAbsent(symbol, s -> Counter.builder("tickwire.prices.published")
        .description("Aggregated prices published, per symbol").tag("symbol", s)
        .register(registry)).increment();
  }

  /** A published value left {@code venue} out, for {@code reason} (stale, outlier, unhealthy). */
  void excluded(String venue, String reason) {
    excluded.computeIfAbsent(venue, v -> new ConcurrentHashMap<>()).computeIfAbsent(reason, r ->
        Counter.builder("tickwire.prices.venue.excluded")
            .description("Published prices a venue was left out of, per venue and reason")
            .tag("venue", venue).tag("reason", reason).register(registry)).increment();
  }

  /** A quote that arrived at {@code receivedAt} (ms since the epoch) is published and sequenced. */
  void aggregated(long receivedAt, long now) {
    aggregationLatency.record(Math.max(0, now - receivedAt), TimeUnit.MILLISECONDS);
  }

  /** {@code count} waiting trades of {@code symbol} were dropped: a flood outran the rate. */
  void tradesDropped(String symbol, long count) {
    tradesDropped.computeIfAbsent(symbol, s -> Counter.builder("tickwire.prices.trades.dropped")
        .description("Trades dropped from a full backlog before they were published, per symbol")
        .tag("symbol", s).register(registry)).increment(count);
  }

  /** A trade of {@code venue} repeated one seen before (after a reconnect) and was dropped. */
  void tradeRepeat(String venue) {
    tradeRepeats.computeIfAbsent(venue, v -> Counter.builder("tickwire.prices.trades.repeats")
        .description("Trades dropped as repeats of a trade id seen before, per venue")
        .tag("venue", v).register(registry)).increment();
  }

  /** A trade of {@code venue} had no usable id, price or size and was dropped. */
  void tradeInvalid(String venue) {
    tradesInvalid.computeIfAbsent(venue, v -> Counter.builder("tickwire.prices.trades.invalid")
        .description("Trades dropped for a missing or too long id or a price or size that is not"
            + " positive, per venue").tag("venue", v).register(registry)).increment();
  }

  void publishFailed() {
    publishFailures.increment();
  }

  void badUpdate() {
    badUpdates.increment();
  }
}
