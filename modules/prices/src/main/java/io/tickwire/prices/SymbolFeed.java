package io.tickwire.prices;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the owner of one symbol keeps for it: the venues' quotes (an {@link Aggregator}),
 * their order books (a {@link ConsolidatedBook}, published at most {@code book.maxRatePerSec}
 * when it changed), when to publish (a {@link PublishGate}), the 24-hour statistics of what it
 * published (a {@link RollingDay}) and the volume traded since the last publication, per venue: a
 * value counts the traded volume of the venues it was made from, as its {@code volume24h} sums
 * their 24-hour volumes. A venue that sends trades has its traded volume counted from its trades
 * (the sizes of the new ones, {@link #trade}) rather than from its ticks, and its 24-hour volume
 * from them too (a {@link TradedDay}) once the node holds a whole day of them; until then its
 * own 24-hour figure, or when it gives none, its trades so far. A plain class; not thread-safe.
 */
final class SymbolFeed {

  private final String symbol;
  private final Aggregator aggregator;
  private final PublishGate gate;
  private final RollingDay day = new RollingDay();
  private final Map<String, Double> lastVolume24h = new HashMap<>();
  // Venue → volume traded since the last publication (a one-element array, to add in place).
  private final Map<String, double[]> traded = new HashMap<>();
  // Venues that sent a trade of this symbol, with their trades' volume over the last 24 hours:
  // their ticks' traded volume no longer counts.
  private final Map<String, TradedDay> trading = new HashMap<>();
  // Venue → the 24-hour volume its last tick reported (NaN when it reported none).
  private final Map<String, Double> venueVolume24h = new HashMap<>();
  private PriceUpdate last;
  private final ConsolidatedBook book;
  private final long bookIntervalMs;
  private long bookPublishedAt = Long.MIN_VALUE;
  // When the oldest book event not yet in a published book reached the node, or MIN_VALUE.
  private long bookPendingSince = Long.MIN_VALUE;
  // The venues the price rules excluded at the last aggregation; the book leaves them out too.
  private Map<String, String> excluded = Map.of();

  SymbolFeed(String symbol, PricesConfig config) {
    this.symbol = symbol;
    this.aggregator = new Aggregator(symbol, config.staleAfterMs(), config.outlierPct(),
        config.volumeWeighted());
    for (VenueConfig venue : config.activeVenues()) {
      if (venue.symbols().containsKey(symbol)) {
        venue.venueNames().forEach(aggregator::expect);
      }
    }
    this.gate = new PublishGate(config.deviationPct(), config.heartbeatMs(),
        config.maxRatePerSec());
    BookConfig books = config.book();
    this.book = new ConsolidatedBook(symbol, books.depth(), books.maxVenueLevels(),
        config.staleAfterMs());
    this.bookIntervalMs = PublishGate.minIntervalMs(books.maxRatePerSec());
  }

  String symbol() {
    return symbol;
  }

  /** Takes a venue's quote. */
  void offer(Tick tick) {
    aggregator.offer(tick);
    book.touch(tick.venue(), tick.receivedAt());
    // Always read, so the 24-hour volume estimate stays current.
    double since = tradedSince(tick);
    venueVolume24h.put(tick.venue(), tick.volume24h());
    if (!trading.containsKey(tick.venue())) {
      traded.computeIfAbsent(tick.venue(), venue -> new double[1])[0] += since;
    }
  }

  /** Takes a venue's trade (not a repeat): its size is volume traded at the venue. */
  void trade(Trade trade) {
    trading.computeIfAbsent(trade.venue(), venue -> new TradedDay())
        .add(trade.receivedAt(), trade.size());
    traded.computeIfAbsent(trade.venue(), venue -> new double[1])[0] += trade.size();
  }

  void venueHealth(String venue, boolean healthy) {
    aggregator.venueHealth(venue, healthy);
    book.venueHealth(venue, healthy);
  }

  /** Takes a venue's book event; answers whether it was taken. */
  boolean offer(BookEvent event) {
    boolean taken = book.apply(event);
    if (taken && bookPendingSince == Long.MIN_VALUE) {
      bookPendingSince = event.receivedAt();
    }
    return taken;
  }

  /**
   * The consolidated book to publish at {@code now} ({@code book.<SYMBOL>} data), or
   * {@code null} when no venue sent a book, it has not changed since the last one published or
   * the last one is younger than {@code 1 / book.maxRatePerSec}. A returned book counts as
   * published.
   */
  JsonObject pollBook(long now) {
    if (!book.hasVenues()
        || bookPublishedAt != Long.MIN_VALUE && now - bookPublishedAt < bookIntervalMs) {
      return null;
    }
    book.merge(now, excluded);
    long since = bookPendingSince;
    bookPendingSince = Long.MIN_VALUE;
    if (!book.changed()) {
      // The events since the last book changed nothing within its depth.
      return null;
    }
    book.markPublished();
    bookPublishedAt = now;
    JsonObject json = book.toJson(now);
    // A change of venues alone (one went stale or was excluded) has no event behind it.
    return json.put("changedAt", since == Long.MIN_VALUE ? now : Math.min(since, now));
  }

  ConsolidatedBook book() {
    return book;
  }

  /**
   * The value to publish at {@code now}, or {@code null} when no venue is usable or the gate
   * says not yet. A returned value counts as published.
   */
  PriceUpdate poll(long now) {
    Aggregate aggregate = aggregator.aggregate(now);
    excluded = aggregate.excluded();
    if (!aggregate.usable()) {
      return null;
    }
    double price = Numbers.round(aggregate.price());
    if (!gate.due(price, now)) {
      return null;
    }
    day.add(now, price);
    RollingDay.Stats stats = day.stats(now);
    double open = stats.open();
    double high = stats.high();
    double low = stats.low();
    boolean fullDay = stats.since() <= now - RollingDay.WINDOW_MS + 60_000;
    if (!fullDay && Double.isFinite(aggregate.venueOpen24h())) {
      // Until a whole day was published here, the venues' own 24-hour view is the better one.
      open = aggregate.venueOpen24h();
      high = Double.isFinite(aggregate.venueHigh24h()) ? Math.max(high, aggregate.venueHigh24h())
          : high;
      low = Double.isFinite(aggregate.venueLow24h()) ? Math.min(low, aggregate.venueLow24h())
          : low;
    }
    double change = price - open;
    // Only the venues the value was made from: an excluded venue's volume is as untrusted as its
    // price, and the candle would otherwise disagree with volume24h.
    double volume = 0;
    double volume24h = Double.NaN;
    for (String venue : aggregate.used()) {
      double[] since = traded.get(venue);
      volume += since == null ? 0 : since[0];
      double venueVolume = volume24h(venue, now);
      if (!Double.isNaN(venueVolume)) {
        volume24h = Double.isNaN(volume24h) ? venueVolume : volume24h + venueVolume;
      }
    }
    double bid = aggregate.bid();
    double ask = aggregate.ask();
    if (book.hasVenues()) {
      // The merged book's best levels, read without merging (pollBook merges to publish).
      double bookBid = book.bestBid(now, excluded);
      double bookAsk = book.bestAsk(now, excluded);
      if (!Double.isNaN(bookBid) && !Double.isNaN(bookAsk)) {
        bid = bookBid;
        ask = bookAsk;
      }
    }
    bid = Numbers.round(bid);
    ask = Numbers.round(ask);
    PriceUpdate update = new PriceUpdate(symbol, price, bid, ask, aggregate.used(),
        aggregate.excluded(), Numbers.round(open), Numbers.round(high), Numbers.round(low),
        Numbers.round(change), Numbers.round(change / open * 100, 4),
        Numbers.round(volume24h), volume, now, bid >= ask);
    gate.published(price, now);
    traded.values().forEach(since -> since[0] = 0);
    last = update;
    return update;
  }

  /** The last value published, or {@code null}. */
  PriceUpdate last() {
    return last;
  }

  long minIntervalMs() {
    return gate.minIntervalMs();
  }

  /**
   * A used venue's 24-hour volume at {@code now}: from its trades once the node holds a whole day
   * of them (as for open, high and low, until then the venue's own view is the better one), else
   * its own figure, else its trades so far; NaN when it neither trades nor reports a figure.
   */
  private double volume24h(String venue, long now) {
    TradedDay trades = trading.get(venue);
    Double own = venueVolume24h.get(venue);
    boolean hasOwn = own != null && own >= 0 && Double.isFinite(own);
    if (trades != null && (!hasOwn || trades.wholeDay(now))) {
      return trades.sum(now);
    }
    return hasOwn ? own : Double.NaN;
  }

  /**
   * The base volume a tick reports as traded since the venue's previous one: its own figure when
   * the venue gives it, else the rise of its rolling 24-hour volume (an estimate: the 24-hour
   * volume also falls as old trades leave it, so falls count as nothing).
   */
  private double tradedSince(Tick tick) {
    if (tick.traded() >= 0 && Double.isFinite(tick.traded())) {
      return tick.traded();
    }
    if (!(tick.volume24h() >= 0) || !Double.isFinite(tick.volume24h())) {
      return 0;
    }
    Double previous = lastVolume24h.put(tick.venue(), tick.volume24h());
    return previous == null ? 0 : Math.max(0, tick.volume24h() - previous);
  }
}
