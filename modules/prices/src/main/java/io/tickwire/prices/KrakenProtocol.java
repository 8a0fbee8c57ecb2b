package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kraken WebSocket v2: subscribes to {@code ticker}, {@code book} (depth {@value #BOOK_DEPTH})
 * and {@code trade} for the mapped pairs ({@code BTC/USD}); the server acknowledges each pair,
 * sends a {@code snapshot} then {@code update}s, a {@code status} message and a
 * {@code heartbeat} every second. The client pings with {@code {"method": "ping"}} and gets a
 * {@code pong}. Numbers are JSON numbers, read as sent: the book of each pair is kept here
 * ({@link KrakenBook}) and every book message's {@code checksum} is checked against it; a
 * mismatch is a gap: the pair's book is {@linkplain BookEvent#cleared cleared}, its book
 * subscription renewed, and its updates ignored until the new snapshot; a pair that mismatches
 * again before any of its updates matched is renewed only after a wait that doubles each time.
 * Levels an insertion pushes beyond the depth are passed on as removals.
 */
final class KrakenProtocol implements VenueProtocol {

  /** The book depth subscribed to: one of Kraken's (10, 25, 100, 500, 1000), above 20. */
  static final int BOOK_DEPTH = 25;
  /** Most book levels one message may carry, both sides together. */
  static final int MAX_LEVELS = 5_000;
  /** Most trades one message may carry (a snapshot brings the last 50). */
  static final int MAX_TRADES = 5_000;
  /**
   * The wait before renewing a pair's book again when it mismatched again before any update
   * matched; doubled on each further mismatch up to {@link #RESYNC_MAX_DELAY_MS}. A book that
   * never matches must not become a subscription loop.
   */
  static final long RESYNC_FIRST_DELAY_MS = 1_000;
  static final long RESYNC_MAX_DELAY_MS = 60_000;

  private final String venue;
  private final Map<String, String> canonicalByPair = new HashMap<>();
  private final List<String> pairs;
  private final Map<String, KrakenBook> books = new HashMap<>();
  // Pairs whose book waits for a snapshot: at first, and after a checksum mismatch.
  private final Set<String> unsynced = new HashSet<>();
  // Pairs that mismatched since their last matching update → the next wait before renewing.
  private final Map<String, Long> resyncDelays = new HashMap<>();
  // Pairs whose renewed subscription waits → when it is due.
  private final Map<String, Long> resyncsDue = new HashMap<>();
  private long requestId;

  /** @param symbols canonical symbol → Kraken pair, e.g. {@code BTC/USD} */
  KrakenProtocol(String venue, Map<String, String> symbols) {
    this.venue = venue;
    symbols.forEach((canonical, pair) -> canonicalByPair.put(pair, canonical));
    this.pairs = List.copyOf(symbols.values());
    unsynced.addAll(pairs);
  }

  @Override
  public String url(String endpoint) {
    return endpoint;
  }

  @Override
  public List<String> subscribe() {
    return List.of(request("subscribe", "ticker", pairs),
        request("subscribe", "book", pairs), request("subscribe", "trade", pairs));
  }

  private String request(String method, String channel, List<String> symbols) {
    JsonObject params = new JsonObject().put("channel", channel)
        .put("symbol", new JsonArray(symbols));
    if (channel.equals("book")) {
      params.put("depth", BOOK_DEPTH);
    }
    return new JsonObject().put("method", method).put("params", params)
        .put("req_id", ++requestId).encode();
  }

  @Override
  public String ping() {
    return new JsonObject().put("method", "ping").put("req_id", ++requestId).encode();
  }

  @Override
  public void onMessage(String text, long now, VenueSink sink) throws MalformedMessage {
    if (!resyncsDue.isEmpty()) {
      renewDue(now, sink);
    }
    // Exact numbers: the book checksum is computed over their text.
    JsonObject json = ExactJson.object(text);
    String method = VenueJson.optionalString(json, "method");
    if (method != null) {
      if (Boolean.FALSE.equals(json.getValue("success"))) {
        throw new MalformedMessage(MalformedMessage.VENUE_ERROR,
            method + " refused: " + json.getValue("error"));
      }
      if (!method.equals("pong") && !method.equals("subscribe")
          && !method.equals("unsubscribe")) {
        throw new MalformedMessage(MalformedMessage.UNEXPECTED,
            "unexpected method '" + method + "'");
      }
      sink.alive();
      return;
    }
    String channel = VenueJson.optionalString(json, "channel");
    if (channel == null) {
      throw new MalformedMessage(json.getValue("error") != null ? MalformedMessage.VENUE_ERROR
          : MalformedMessage.MISSING_FIELD, "neither 'method' nor 'channel': "
          + json.getValue("error"));
    }
    switch (channel) {
      case "heartbeat", "status" -> sink.alive();
      case "ticker" -> {
        type(json, "ticker");
        JsonArray data = VenueJson.array(json, "data");
        List<Tick> ticks = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
          ticks.add(ticker(VenueJson.element(data, i, "data"), now));
        }
        ticks.forEach(sink::tick);
      }
      case "book" -> book(json, now, sink);
      case "trade" -> trades(json, now, sink);
      default -> throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "unexpected channel '" + channel + "'");
    }
  }

  private static String type(JsonObject json, String channel) throws MalformedMessage {
    String type = VenueJson.string(json, "type");
    if (!type.equals("snapshot") && !type.equals("update")) {
      throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "unexpected " + channel + " type '" + type + "'");
    }
    return type;
  }

  /** One pair's part of a book message, read and checked, not yet applied. */
  private record BookData(String pair, BigDecimal[] bids, BigDecimal[] asks, long checksum) {
  }

  private void book(JsonObject json, long now, VenueSink sink) throws MalformedMessage {
    boolean snapshot = type(json, "book").equals("snapshot");
    JsonArray data = VenueJson.array(json, "data");
    List<BookData> parts = new ArrayList<>(data.size());
    int levels = 0;
    for (int i = 0; i < data.size(); i++) {
      JsonObject entry = VenueJson.element(data, i, "data");
      String pair = VenueJson.string(entry, "symbol");
      symbol(pair);
      JsonArray bids = optionalArray(entry, "bids");
      JsonArray asks = optionalArray(entry, "asks");
      levels += bids.size() + asks.size();
      if (levels > MAX_LEVELS) {
        throw new MalformedMessage(MalformedMessage.UNEXPECTED,
            "more than " + MAX_LEVELS + " book levels in one message");
      }
      long checksum = VenueJson.whole(entry, "checksum");
      if (checksum < 0 || checksum > 0xFFFF_FFFFL) {
        throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
            "'checksum' must be an unsigned 32-bit number, got " + checksum);
      }
      parts.add(new BookData(pair, levels(bids, "bids"), levels(asks, "asks"), checksum));
    }
    int delivered = 0;
    for (BookData part : parts) {
      delivered += snapshot ? snapshot(part, now, sink) : update(part, now, sink);
    }
    if (delivered == 0) {
      sink.alive();
    }
  }

  private int snapshot(BookData part, long now, VenueSink sink) {
    KrakenBook book = books.computeIfAbsent(part.pair(), ignored -> new KrakenBook(BOOK_DEPTH));
    book.clear();
    apply(book, true, part.bids(), null);
    apply(book, false, part.asks(), null);
    book.truncate(true);
    book.truncate(false);
    if (!verified(book, part, now, sink)) {
      return 0;
    }
    unsynced.remove(part.pair());
    double[][] bids = book.side(true);
    double[][] asks = book.side(false);
    sink.book(new BookEvent(venue, canonicalByPair.get(part.pair()), true, bids[0], bids[1],
        asks[0], asks[1], now));
    return 1;
  }

  private int update(BookData part, long now, VenueSink sink) {
    KrakenBook book = books.get(part.pair());
    if (book == null || unsynced.contains(part.pair())) {
      // Sent before the snapshot that a renewed subscription brings.
      return 0;
    }
    List<BigDecimal> bids = new ArrayList<>(part.bids().length / 2 + 4);
    List<BigDecimal> asks = new ArrayList<>(part.asks().length / 2 + 4);
    apply(book, true, part.bids(), bids);
    apply(book, false, part.asks(), asks);
    // Levels pushed beyond the depth are gone at Kraken too, without a word: say so downstream.
    for (BigDecimal price : book.truncate(true)) {
      bids.add(price);
      bids.add(BigDecimal.ZERO);
    }
    for (BigDecimal price : book.truncate(false)) {
      asks.add(price);
      asks.add(BigDecimal.ZERO);
    }
    if (!verified(book, part, now, sink)) {
      return 0;
    }
    resyncDelays.remove(part.pair());
    double[][] bidLevels = doubles(bids);
    double[][] askLevels = doubles(asks);
    sink.book(new BookEvent(venue, canonicalByPair.get(part.pair()), false, bidLevels[0],
        bidLevels[1], askLevels[0], askLevels[1], now));
    return 1;
  }

  /** Whether the book matches the venue's checksum; if not, starts the pair over. */
  private boolean verified(KrakenBook book, BookData part, long now, VenueSink sink) {
    long computed = book.checksum();
    if (computed == part.checksum()) {
      return true;
    }
    book.clear();
    unsynced.add(part.pair());
    sink.gap("book checksum of " + part.pair() + " is " + computed + ", venue says "
        + part.checksum());
    sink.book(BookEvent.cleared(venue, canonicalByPair.get(part.pair()), now));
    Long delay = resyncDelays.get(part.pair());
    if (delay == null) {
      resyncDelays.put(part.pair(), RESYNC_FIRST_DELAY_MS);
      renew(part.pair(), sink);
    } else {
      // Mismatched again without a matching update between: wait, the venue's messages drive it.
      resyncsDue.put(part.pair(), now + delay);
      resyncDelays.put(part.pair(), Math.min(RESYNC_MAX_DELAY_MS, delay * 2));
    }
    return false;
  }

  private void renewDue(long now, VenueSink sink) {
    var due = resyncsDue.entrySet().iterator();
    while (due.hasNext()) {
      var entry = due.next();
      if (entry.getValue() <= now) {
        due.remove();
        renew(entry.getKey(), sink);
      }
    }
  }

  private void renew(String pair, VenueSink sink) {
    sink.send(request("unsubscribe", "book", List.of(pair)));
    sink.send(request("subscribe", "book", List.of(pair)));
  }

  /** Applies levels given as price, quantity pairs; collects them into {@code applied}. */
  private static void apply(KrakenBook book, boolean bid, BigDecimal[] levels,
      List<BigDecimal> applied) {
    for (int i = 0; i < levels.length; i += 2) {
      book.set(bid, levels[i], levels[i + 1]);
    }
    if (applied != null) {
      applied.addAll(Arrays.asList(levels));
    }
  }

  private static double[][] doubles(List<BigDecimal> levels) {
    double[] prices = new double[levels.size() / 2];
    double[] sizes = new double[levels.size() / 2];
    for (int i = 0; i < prices.length; i++) {
      prices[i] = levels.get(2 * i).doubleValue();
      sizes[i] = levels.get(2 * i + 1).doubleValue();
    }
    return new double[][] {prices, sizes};
  }

  private static JsonArray optionalArray(JsonObject json, String field) throws MalformedMessage {
    return json.getValue(field) == null ? new JsonArray() : VenueJson.array(json, field);
  }

  /** Levels as price, quantity pairs, exactly as sent; prices positive, quantities >= 0. */
  private static BigDecimal[] levels(JsonArray levels, String field) throws MalformedMessage {
    BigDecimal[] out = new BigDecimal[levels.size() * 2];
    for (int i = 0; i < levels.size(); i++) {
      JsonObject level = VenueJson.element(levels, i, field);
      out[2 * i] = exact(level, "price");
      if (out[2 * i].signum() <= 0) {
        throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
            "'price' must be positive, got " + out[2 * i]);
      }
      out[2 * i + 1] = exact(level, "qty");
      if (out[2 * i + 1].signum() < 0) {
        throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
            "'qty' must not be negative, got " + out[2 * i + 1]);
      }
    }
    return out;
  }

  /** A number as sent; one that no double can hold is refused. */
  private static BigDecimal exact(JsonObject json, String field) throws MalformedMessage {
    // Checks presence, type and range the usual way first.
    VenueJson.optionalNumber(json, field);
    Object value = json.getValue(field);
    if (value == null) {
      throw new MalformedMessage(MalformedMessage.MISSING_FIELD,
          "'" + field + "' is required and must be a number");
    }
    BigDecimal exact;
    if (value instanceof BigDecimal decimal) {
      exact = decimal;
    } else if (value instanceof BigInteger whole) {
      exact = new BigDecimal(whole);
    } else if (value instanceof Number number) {
      exact = BigDecimal.valueOf(number.longValue());
    } else {
      try {
        exact = new BigDecimal((String) value);
      } catch (NumberFormatException e) {
        throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
            "'" + field + "' is not a number: '" + value + "'");
      }
    }
    if (exact.scale() > 40 || exact.precision() - exact.scale() > 40) {
      // Sizes and prices of real markets need neither; their text would only be long.
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER, "'" + field + "' is out of range");
    }
    return exact;
  }

  private void trades(JsonObject json, long now, VenueSink sink) throws MalformedMessage {
    type(json, "trade");
    JsonArray data = VenueJson.array(json, "data");
    if (data.size() > MAX_TRADES) {
      throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "more than " + MAX_TRADES + " trades in one message");
    }
    List<Trade> trades = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      JsonObject trade = VenueJson.element(data, i, "data");
      String symbol = symbol(VenueJson.string(trade, "symbol"));
      String side = VenueJson.optionalString(trade, "side");
      if (side != null && !side.equals("buy") && !side.equals("sell")) {
        side = null;
      }
      trades.add(new Trade(venue, symbol, Long.toString(VenueJson.whole(trade, "trade_id")),
          VenueJson.price(trade, "price"), VenueJson.price(trade, "qty"), side,
          VenueJson.instant(trade, "timestamp"), now));
    }
    if (trades.isEmpty()) {
      sink.alive();
    }
    trades.forEach(sink::trade);
  }

  private Tick ticker(JsonObject ticker, long now) throws MalformedMessage {
    String symbol = symbol(VenueJson.string(ticker, "symbol"));
    double last = VenueJson.price(ticker, "last");
    double change = VenueJson.optionalNumber(ticker, "change");
    double open = last - change > 0 ? last - change : Double.NaN;
    return new Tick(venue, symbol, last, VenueJson.optionalPrice(ticker, "bid"),
        VenueJson.optionalPrice(ticker, "ask"), VenueJson.optionalAmount(ticker, "volume"),
        Double.NaN, open, VenueJson.optionalPrice(ticker, "high"),
        VenueJson.optionalPrice(ticker, "low"), now);
  }

  private String symbol(String pair) throws MalformedMessage {
    String symbol = canonicalByPair.get(pair);
    if (symbol == null) {
      throw new MalformedMessage(MalformedMessage.UNKNOWN_SYMBOL,
          "pair '" + pair + "' was not subscribed");
    }
    return symbol;
  }
}
