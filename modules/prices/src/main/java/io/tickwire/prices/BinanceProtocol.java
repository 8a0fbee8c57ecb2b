package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binance spot combined streams: the streams are named in the URL
 * ({@code /stream?streams=btcusdt@ticker/btcusdt@depth@100ms/btcusdt@trade/…}), so nothing is
 * sent after connecting; each message is {@code {"stream", "data"}} with a {@code 24hrTicker}
 * event (about once a second per symbol), a {@code depthUpdate} (the book's changes, every
 * 100 ms) or a {@code trade}. The server pings with WebSocket ping frames (answered by the client
 * automatically) and ends every connection after 24 hours, which the source pre-empts
 * ({@code maxConnectionMs}). Prices and quantities come as decimal strings.
 *
 * <p>The book of each symbol is kept in step with the REST depth snapshot
 * ({@code GET <restUrl>/api/v3/depth?symbol=…&limit=}{@value #DEPTH_SNAPSHOT_LIMIT}) the way
 * Binance describes it: depth events are buffered from the first one on (the book is
 * {@link BookEvent#cleared cleared} then), the snapshot is fetched, and fetched again while its
 * {@code lastUpdateId} is below the first buffered event's first update id {@code U}; buffered
 * events whose last update id {@code u} is at most {@code lastUpdateId} are dropped, the snapshot
 * becomes the book, and every later event is applied in order: one with {@code u} at most the
 * book's update id is ignored, one with {@code U} above the book's update id + 1 means events were
 * missed: the book is cleared, the gap reported, and the process starts again from that event.
 * The buffer keeps at most {@value #MAX_BUFFERED_EVENTS} events and
 * {@value #MAX_BUFFERED_LEVELS} levels, dropping the oldest (a snapshot older than what is left is
 * then fetched again). A message with more than {@value #MAX_LEVELS} levels on a side is
 * malformed.
 */
final class BinanceProtocol implements VenueProtocol {

  /** Levels asked of the REST snapshot (Binance allows up to 5000; 1000 costs less weight). */
  static final int DEPTH_SNAPSHOT_LIMIT = 1000;
  /** Most levels on one side of one message (a snapshot or an event). */
  static final int MAX_LEVELS = 5000;
  /** Most depth events buffered per symbol while its snapshot is awaited. */
  static final int MAX_BUFFERED_EVENTS = 1000;
  /** Most levels, both sides of all events, buffered per symbol while its snapshot is awaited. */
  static final int MAX_BUFFERED_LEVELS = 200_000;

  private static final int MAX_NUMBER_CHARS = 40;
  private static final double[] NONE = new double[0];

  private final String venue;
  private final String restUrl;
  // By the venue's symbol in capitals, as events name it.
  private final Map<String, Book> books = new HashMap<>();
  private final List<String> streams = new ArrayList<>();

  /** One symbol's depth events, parsed. */
  private record Depth(long first, long last, double[] bidPrices, double[] bidSizes,
      double[] askPrices, double[] askSizes) {

    int levels() {
      return bidPrices.length + askPrices.length;
    }
  }

  /** The book-keeping of one symbol on this connection. */
  private static final class Book {
    final String symbol;
    final String venueSymbol;
    // The lower-case start of the symbol's stream names, e.g. "btcusdt@".
    final String streamPrefix;
    final ArrayDeque<Depth> buffer = new ArrayDeque<>();
    int bufferedLevels;
    // Whether a snapshot is awaited (events are buffered) or the book is in step (events apply).
    boolean syncing;
    boolean synced;
    long updateId;

    Book(String symbol, String venueSymbol) {
      this.symbol = symbol;
      this.venueSymbol = venueSymbol;
      this.streamPrefix = venueSymbol.toLowerCase(Locale.ROOT) + "@";
    }
  }

  /** @param symbols canonical symbol → Binance symbol, e.g. {@code BTCUSDT} */
  BinanceProtocol(String venue, Map<String, String> symbols, String restUrl) {
    this.venue = venue;
    this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
    symbols.forEach((canonical, venueSymbol) -> {
      String upper = venueSymbol.toUpperCase(Locale.ROOT);
      books.put(upper, new Book(canonical, upper));
      String lower = venueSymbol.toLowerCase(Locale.ROOT);
      streams.add(lower + "@ticker");
      streams.add(lower + "@depth@100ms");
      streams.add(lower + "@trade");
    });
  }

  @Override
  public String url(String endpoint) {
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1)
        : endpoint;
    return base + "/stream?streams=" + streams.stream().collect(Collectors.joining("/"));
  }

  @Override
  public List<String> subscribe() {
    return List.of();
  }

  @Override
  public void onMessage(String text, long now, VenueSink sink) throws MalformedMessage {
    JsonObject json = VenueJson.object(text);
    if (json.getValue("error") != null) {
      throw new MalformedMessage(MalformedMessage.VENUE_ERROR, "venue error: "
          + json.getValue("error"));
    }
    if (json.containsKey("result") && json.containsKey("id")) {
      sink.alive();
      return;
    }
    String stream = VenueJson.string(json, "stream");
    JsonObject data = VenueJson.object(json, "data");
    String event = VenueJson.string(data, "e");
    String venueSymbol = VenueJson.string(data, "s");
    // A subscribed symbol's prefix was made once; an unknown symbol's is made here, so that its
    // message is told apart as before (a symbol not subscribed, or an unexpected event).
    Book known = books.get(venueSymbol);
    String prefix = known != null ? known.streamPrefix
        : venueSymbol.toLowerCase(Locale.ROOT) + "@";
    if ("24hrTicker".equals(event) && isStream(stream, prefix, "ticker")) {
      ticker(book(known, venueSymbol).symbol, data, now, sink);
    } else if ("depthUpdate".equals(event) && isStream(stream, prefix, "depth@100ms")) {
      depth(book(known, venueSymbol), data, now, sink);
    } else if ("trade".equals(event) && isStream(stream, prefix, "trade")) {
      trade(book(known, venueSymbol).symbol, data, now, sink);
    } else {
      throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "unexpected event '" + event + "' of '" + venueSymbol + "' on stream '" + stream + "'");
    }
  }

  @Override
  public boolean onFetched(String key, String body, long now, VenueSink sink)
      throws MalformedMessage {
    Book book = books.get(key);
    if (book == null) {
      throw new MalformedMessage(MalformedMessage.UNEXPECTED, "no fetch of '" + key + "'");
    }
    JsonObject json = VenueJson.object(body);
    long lastUpdateId = updateId(json, "lastUpdateId");
    double[][] bids = levels(json, "bids", true);
    double[][] asks = levels(json, "asks", true);
    if (!book.syncing) {
      return true;
    }
    if (book.buffer.isEmpty() || lastUpdateId < book.buffer.peekFirst().first()) {
      // Older than the first buffered event: the events between them are missing.
      return false;
    }
    sink.book(new BookEvent(venue, book.symbol, true, bids[0], bids[1], asks[0], asks[1], now));
    book.syncing = false;
    book.synced = true;
    book.updateId = lastUpdateId;
    List<Depth> buffered = new ArrayList<>(book.buffer);
    book.buffer.clear();
    book.bufferedLevels = 0;
    for (int i = 0; i < buffered.size(); i++) {
      apply(book, buffered.get(i), now, sink);
      if (book.syncing) {
        // A gap in the buffer: the sync started again from that event; keep what followed it.
        for (int j = i + 1; j < buffered.size(); j++) {
          buffer(book, buffered.get(j));
        }
        break;
      }
    }
    return true;
  }

  /** Whether {@code stream} is {@code prefix + suffix}, without building it. */
  private static boolean isStream(String stream, String prefix, String suffix) {
    return stream.length() == prefix.length() + suffix.length() && stream.startsWith(prefix)
        && stream.endsWith(suffix);
  }

  /** {@code known}, the book of {@code venueSymbol}; fails when that symbol was not subscribed. */
  private static Book book(Book known, String venueSymbol) throws MalformedMessage {
    if (known == null) {
      throw new MalformedMessage(MalformedMessage.UNKNOWN_SYMBOL,
          "symbol '" + venueSymbol + "' was not subscribed");
    }
    return known;
  }

  private void ticker(String symbol, JsonObject data, long now, VenueSink sink)
      throws MalformedMessage {
    sink.tick(new Tick(venue, symbol, VenueJson.price(data, "c"), positive(data, "b"),
        positive(data, "a"), VenueJson.optionalAmount(data, "v"), Double.NaN,
        VenueJson.optionalPrice(data, "o"), VenueJson.optionalPrice(data, "h"),
        VenueJson.optionalPrice(data, "l"), now));
  }

  private void trade(String symbol, JsonObject data, long now, VenueSink sink)
      throws MalformedMessage {
    long id = VenueJson.whole(data, "t");
    double price = VenueJson.price(data, "p");
    double size = VenueJson.price(data, "q");
    long ts = VenueJson.whole(data, "T");
    Object maker = data.getValue("m");
    if (maker != null && !(maker instanceof Boolean)) {
      throw new MalformedMessage(MalformedMessage.MISSING_FIELD, "'m' must be true or false");
    }
    // m: the buyer made the book, so the seller took it.
    String side = maker == null ? null : (Boolean) maker ? "sell" : "buy";
    sink.trade(new Trade(venue, symbol, Long.toString(id), price, size, side, ts, now));
  }

  private void depth(Book book, JsonObject data, long now, VenueSink sink)
      throws MalformedMessage {
    long first = updateId(data, "U");
    long last = updateId(data, "u");
    if (first > last) {
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
          "'U' " + first + " is above 'u' " + last);
    }
    double[][] bids = levels(data, "b", false);
    double[][] asks = levels(data, "a", false);
    Depth depth = new Depth(first, last, bids[0], bids[1], asks[0], asks[1]);
    if (book.synced) {
      apply(book, depth, now, sink);
    } else if (book.syncing) {
      buffer(book, depth);
      sink.alive();
    } else {
      restart(book, depth, now, sink);
    }
  }

  /** The update procedure of an event on a book in step. */
  private void apply(Book book, Depth depth, long now, VenueSink sink) {
    if (depth.last() <= book.updateId) {
      sink.alive();
      return;
    }
    if (depth.first() > book.updateId + 1) {
      sink.gap("depth of " + book.venueSymbol + " jumped from update " + book.updateId + " to "
          + depth.first());
      restart(book, depth, now, sink);
      return;
    }
    book.updateId = depth.last();
    sink.book(new BookEvent(venue, book.symbol, false, depth.bidPrices(), depth.bidSizes(),
        depth.askPrices(), depth.askSizes(), now));
  }

  /** Drops the book and syncs again: buffers from {@code depth} on and fetches a snapshot. */
  private void restart(Book book, Depth depth, long now, VenueSink sink) {
    sink.book(BookEvent.cleared(venue, book.symbol, now));
    book.synced = false;
    book.syncing = true;
    book.buffer.clear();
    book.bufferedLevels = 0;
    buffer(book, depth);
    sink.fetch(book.venueSymbol, restUrl + "/api/v3/depth?symbol="
        + URLEncoder.encode(book.venueSymbol, StandardCharsets.UTF_8) + "&limit="
        + DEPTH_SNAPSHOT_LIMIT);
  }

  private static void buffer(Book book, Depth depth) {
    book.buffer.addLast(depth);
    book.bufferedLevels += depth.levels();
    while (book.buffer.size() > 1 && (book.buffer.size() > MAX_BUFFERED_EVENTS
        || book.bufferedLevels > MAX_BUFFERED_LEVELS)) {
      book.bufferedLevels -= book.buffer.removeFirst().levels();
    }
  }

  private static long updateId(JsonObject json, String field) throws MalformedMessage {
    long id = VenueJson.whole(json, field);
    if (id < 0) {
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
          "'" + field + "' must not be negative, got " + id);
    }
    return id;
  }

  /**
   * One side's levels, {@code [["price", "quantity"], …]}: prices and sizes, checked. In a
   * snapshot every size must be positive; in an event a size of 0 removes the price.
   */
  private static double[][] levels(JsonObject json, String field, boolean snapshot)
      throws MalformedMessage {
    JsonArray levels = VenueJson.array(json, field);
    int count = levels.size();
    if (count > MAX_LEVELS) {
      throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "'" + field + "' has " + count + " levels, more than " + MAX_LEVELS);
    }
    if (count == 0) {
      return new double[][] {NONE, NONE};
    }
    double[] prices = new double[count];
    double[] sizes = new double[count];
    for (int i = 0; i < count; i++) {
      if (!(levels.getValue(i) instanceof JsonArray level) || level.size() < 2) {
        throw new MalformedMessage(MalformedMessage.MISSING_FIELD,
            "'" + field + "[" + i + "]' must be [price, quantity]");
      }
      prices[i] = number(level.getValue(0), field, i);
      sizes[i] = number(level.getValue(1), field, i);
      if (!(prices[i] > 0) || sizes[i] < 0 || snapshot && sizes[i] == 0) {
        throw new MalformedMessage(MalformedMessage.BAD_NUMBER, "'" + field + "[" + i
            + "]' needs a positive price and a " + (snapshot ? "positive" : "non-negative")
            + " quantity, got " + prices[i] + ", " + sizes[i]);
      }
    }
    return new double[][] {prices, sizes};
  }

  private static double number(Object value, String field, int index) throws MalformedMessage {
    double number = Double.NaN;
    if (value instanceof String text && !text.isBlank() && text.length() <= MAX_NUMBER_CHARS) {
      try {
        number = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        number = Double.NaN;
      }
    } else if (value instanceof Number n) {
      number = n.doubleValue();
    }
    if (!Double.isFinite(number)) {
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
          "'" + field + "[" + index + "]' has a value that is not a finite number: " + value);
    }
    return number;
  }

  /** A book price, where an empty side of the book is reported as 0: NaN then. */
  private static double positive(JsonObject data, String field) throws MalformedMessage {
    double value = VenueJson.optionalAmount(data, field);
    return value > 0 ? value : Double.NaN;
  }
}
