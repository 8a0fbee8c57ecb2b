package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Coinbase Advanced Trade market data: subscribes to {@code ticker}, {@code level2} and
 * {@code market_trades} for the mapped products and to {@code heartbeats} (which keeps the
 * connection open and proves it alive every second). {@code level2} arrives on channel
 * {@code l2_data}: a {@code snapshot} of the whole book of a product, then {@code update}s that
 * give each changed level's new size ({@code new_quantity} 0 removes it). Every message carries
 * the connection's {@code sequence_num}, across channels; a gap means messages were lost, so every
 * product's book is {@linkplain BookEvent#cleared cleared} and the data channels are resubscribed,
 * which brings fresh snapshots; book updates of a product are ignored until its snapshot. Older or
 * repeated sequence numbers are ignored. Prices and sizes come as decimal strings.
 */
final class CoinbaseProtocol implements VenueProtocol {

  /**
   * Most book levels one message may carry: a snapshot holds a product's whole book, tens of
   * thousands of levels on a busy market; more is taken as a broken message.
   */
  static final int MAX_LEVELS = 50_000;
  /** Most trades one message may carry (a snapshot brings the recent ones, a few dozen). */
  static final int MAX_TRADES = 5_000;

  private static final List<String> DATA_CHANNELS = List.of("ticker", "level2", "market_trades");

  private final String venue;
  private final Map<String, String> canonicalByProduct = new HashMap<>();
  private final List<String> products;
  // Canonical symbols whose book waits for a snapshot: at first, and after a gap.
  private final Set<String> unsynced = new HashSet<>();
  private long lastSequence = -1;

  /** @param symbols canonical symbol → Coinbase product id */
  CoinbaseProtocol(String venue, Map<String, String> symbols) {
    this.venue = venue;
    symbols.forEach((canonical, product) -> canonicalByProduct.put(product, canonical));
    this.products = List.copyOf(symbols.values());
    unsynced.addAll(symbols.keySet());
  }

  @Override
  public String url(String endpoint) {
    return endpoint;
  }

  @Override
  public List<String> subscribe() {
    List<String> requests = new ArrayList<>();
    DATA_CHANNELS.forEach(channel -> requests.add(request("subscribe", channel)));
    requests.add(new JsonObject().put("type", "subscribe").put("channel", "heartbeats").encode());
    return requests;
  }

  @Override
  public void onMessage(String text, long now, VenueSink sink) throws MalformedMessage {
    JsonObject json = VenueJson.object(text);
    if ("error".equals(json.getValue("type"))) {
      throw new MalformedMessage(MalformedMessage.VENUE_ERROR,
          "venue error: " + json.getValue("message"));
    }
    String channel = VenueJson.string(json, "channel");
    long sequence = VenueJson.whole(json, "sequence_num");
    // Read the whole message first: nothing reaches the sink from a malformed one.
    List<Tick> ticks = List.of();
    List<BookEvent> books = List.of();
    List<Trade> trades = List.of();
    switch (channel) {
      case "ticker" -> ticks = tickers(VenueJson.array(json, "events"), now);
      case "l2_data" -> books = books(VenueJson.array(json, "events"), now);
      case "market_trades" -> trades = trades(VenueJson.array(json, "events"), now);
      case "heartbeats" -> VenueJson.array(json, "events");
      case "subscriptions" -> {
      }
      default -> throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "unexpected channel '" + channel + "'");
    }
    if (lastSequence >= 0 && sequence <= lastSequence) {
      sink.alive();
      return;
    }
    if (lastSequence >= 0 && sequence > lastSequence + 1) {
      resync("sequence_num jumped from " + lastSequence + " to " + sequence, now, sink);
    }
    lastSequence = sequence;
    int delivered = ticks.size() + trades.size();
    ticks.forEach(sink::tick);
    for (BookEvent book : books) {
      if (book.snapshot()) {
        unsynced.remove(book.symbol());
      } else if (unsynced.contains(book.symbol())) {
        // An update of a book whose snapshot is still to come (e.g. sent before a resubscribe).
        continue;
      }
      sink.book(book);
      delivered++;
    }
    trades.forEach(sink::trade);
    if (delivered == 0) {
      sink.alive();
    }
  }

  /** Drops every book until its next snapshot and asks for fresh data. */
  private void resync(String detail, long now, VenueSink sink) {
    sink.gap(detail);
    for (String symbol : canonicalByProduct.values()) {
      unsynced.add(symbol);
      sink.book(BookEvent.cleared(venue, symbol, now));
    }
    for (String channel : DATA_CHANNELS) {
      sink.send(request("unsubscribe", channel));
      sink.send(request("subscribe", channel));
    }
  }

  private List<Tick> tickers(JsonArray events, long now) throws MalformedMessage {
    return items(events, "tickers", Integer.MAX_VALUE, ticker -> ticker(ticker, now));
  }

  private Tick ticker(JsonObject ticker, long now) throws MalformedMessage {
    String symbol = symbol(VenueJson.string(ticker, "product_id"));
    double price = VenueJson.price(ticker, "price");
    double changePct = VenueJson.optionalNumber(ticker, "price_percent_chg_24_h");
    double open = changePct > -100 ? price / (1 + changePct / 100) : Double.NaN;
    return new Tick(venue, symbol, price, VenueJson.optionalPrice(ticker, "best_bid"),
        VenueJson.optionalPrice(ticker, "best_ask"),
        VenueJson.optionalAmount(ticker, "volume_24_h"), Double.NaN, open,
        VenueJson.optionalPrice(ticker, "high_24_h"), VenueJson.optionalPrice(ticker, "low_24_h"),
        now);
  }

  private List<BookEvent> books(JsonArray events, long now) throws MalformedMessage {
    List<BookEvent> books = new ArrayList<>(events.size());
    int levels = 0;
    for (int e = 0; e < events.size(); e++) {
      JsonObject event = VenueJson.element(events, e, "events");
      String type = VenueJson.string(event, "type");
      if (!type.equals("snapshot") && !type.equals("update")) {
        throw new MalformedMessage(MalformedMessage.UNEXPECTED,
            "unexpected l2_data type '" + type + "'");
      }
      String symbol = symbol(VenueJson.string(event, "product_id"));
      JsonArray updates = VenueJson.array(event, "updates");
      levels += updates.size();
      if (levels > MAX_LEVELS) {
        throw new MalformedMessage(MalformedMessage.UNEXPECTED,
            "more than " + MAX_LEVELS + " book levels in one message");
      }
      books.add(book(symbol, type.equals("snapshot"), updates, now));
    }
    return books;
  }

  private BookEvent book(String symbol, boolean snapshot, JsonArray updates, long now)
      throws MalformedMessage {
    double[] prices = new double[updates.size()];
    double[] sizes = new double[updates.size()];
    boolean[] bid = new boolean[updates.size()];
    int bids = 0;
    for (int u = 0; u < updates.size(); u++) {
      JsonObject update = VenueJson.element(updates, u, "updates");
      String side = VenueJson.string(update, "side");
      if (!side.equals("bid") && !side.equals("offer")) {
        throw new MalformedMessage(MalformedMessage.UNEXPECTED,
            "unexpected book side '" + side + "'");
      }
      bid[u] = side.equals("bid");
      bids += bid[u] ? 1 : 0;
      prices[u] = VenueJson.price(update, "price_level");
      sizes[u] = size(update, "new_quantity");
    }
    double[] bidPrices = new double[bids];
    double[] bidSizes = new double[bids];
    double[] askPrices = new double[updates.size() - bids];
    double[] askSizes = new double[updates.size() - bids];
    int b = 0;
    int a = 0;
    for (int u = 0; u < prices.length; u++) {
      if (bid[u]) {
        bidPrices[b] = prices[u];
        bidSizes[b++] = sizes[u];
      } else {
        askPrices[a] = prices[u];
        askSizes[a++] = sizes[u];
      }
    }
    return new BookEvent(venue, symbol, snapshot, bidPrices, bidSizes, askPrices, askSizes, now);
  }

  private List<Trade> trades(JsonArray events, long now) throws MalformedMessage {
    return items(events, "trades", MAX_TRADES, trade -> trade(trade, now));
  }

  /** Reads one item of an event's list. */
  @FunctionalInterface
  private interface ItemReader<T> {
    T read(JsonObject item) throws MalformedMessage;
  }

  /**
   * The items of the list {@code field} of every event (each with a {@code type}) read with
   * {@code reader}, in order: more than {@code max} in one message is malformed.
   */
  private static <T> List<T> items(JsonArray events, String field, int max,
      ItemReader<T> reader) throws MalformedMessage {
    List<T> items = new ArrayList<>();
    for (int e = 0; e < events.size(); e++) {
      JsonObject event = VenueJson.element(events, e, "events");
      VenueJson.string(event, "type");
      JsonArray list = VenueJson.array(event, field);
      if (items.size() + list.size() > max) {
        throw new MalformedMessage(MalformedMessage.UNEXPECTED,
            "more than " + max + " " + field + " in one message");
      }
      for (int i = 0; i < list.size(); i++) {
        items.add(reader.read(VenueJson.element(list, i, field)));
      }
    }
    return items;
  }

  private Trade trade(JsonObject trade, long now) throws MalformedMessage {
    String symbol = symbol(VenueJson.string(trade, "product_id"));
    String id = VenueJson.string(trade, "trade_id");
    if (id.length() > 64) {
      throw new MalformedMessage(MalformedMessage.UNEXPECTED, "'trade_id' is over 64 characters");
    }
    // BUY or SELL; a side the venue leaves open (UNKNOWN_ORDER_SIDE) is unknown here too.
    String side = switch (String.valueOf(trade.getValue("side")).toUpperCase(Locale.ROOT)) {
      case "BUY" -> "buy";
      case "SELL" -> "sell";
      default -> null;
    };
    return new Trade(venue, symbol, id, VenueJson.price(trade, "price"),
        VenueJson.price(trade, "size"), side, VenueJson.instant(trade, "time"), now);
  }

  private String symbol(String product) throws MalformedMessage {
    String symbol = canonicalByProduct.get(product);
    if (symbol == null) {
      throw new MalformedMessage(MalformedMessage.UNKNOWN_SYMBOL,
          "product '" + product + "' was not subscribed");
    }
    return symbol;
  }

  /** A size of at least 0, required. */
  static double size(JsonObject json, String field) throws MalformedMessage {
    if (json.getValue(field) == null) {
      throw new MalformedMessage(MalformedMessage.MISSING_FIELD,
          "'" + field + "' is required and must be a number");
    }
    return VenueJson.optionalAmount(json, field);
  }

  private String request(String type, String channel) {
    return new JsonObject().put("type", type).put("product_ids", new JsonArray(products))
        .put("channel", channel).encode();
  }
}
