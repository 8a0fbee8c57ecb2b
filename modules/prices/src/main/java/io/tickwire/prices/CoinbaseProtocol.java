package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coinbase Advanced Trade market data: subscribes to {@code ticker} for the mapped products and
 * to {@code heartbeats} (which keeps the connection open and proves it alive every second).
 * Every message carries the connection's {@code sequence_num}; a gap means messages were lost,
 * so the ticker channel is resubscribed, which brings a fresh snapshot. Older or repeated
 * sequence numbers are ignored. Prices and sizes come as decimal strings.
 */
final class CoinbaseProtocol implements VenueProtocol {

  private final String venue;
  private final Map<String, String> canonicalByProduct = new HashMap<>();
  private final List<String> products;
  private long lastSequence = -1;

  /** @param symbols canonical symbol → Coinbase product id */
  CoinbaseProtocol(String venue, Map<String, String> symbols) {
    this.venue = venue;
    symbols.forEach((canonical, product) -> canonicalByProduct.put(product, canonical));
    this.products = List.copyOf(symbols.values());
  }

  @Override
  public String url(String endpoint) {
    return endpoint;
  }

  @Override
  public List<String> subscribe() {
    return List.of(tickerRequest("subscribe"),
        new JsonObject().put("type", "subscribe").put("channel", "heartbeats").encode());
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
    List<Tick> ticks = switch (channel) {
      case "ticker" -> tickers(VenueJson.array(json, "events"), now);
      case "heartbeats" -> {
        VenueJson.array(json, "events");
        yield List.of();
      }
      case "subscriptions" -> List.of();
      default -> throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "unexpected channel '" + channel + "'");
    };
    if (lastSequence >= 0 && sequence <= lastSequence) {
      sink.alive();
      return;
    }
    if (lastSequence >= 0 && sequence > lastSequence + 1) {
      sink.gap("sequence_num jumped from " + lastSequence + " to " + sequence);
      sink.send(tickerRequest("unsubscribe"));
      sink.send(tickerRequest("subscribe"));
    }
    lastSequence = sequence;
    if (ticks.isEmpty()) {
      sink.alive();
    }
    ticks.forEach(sink::tick);
  }

  private List<Tick> tickers(JsonArray events, long now) throws MalformedMessage {
    List<Tick> ticks = new ArrayList<>();
    for (int e = 0; e < events.size(); e++) {
      JsonObject event = VenueJson.element(events, e, "events");
      VenueJson.string(event, "type");
      JsonArray tickers = VenueJson.array(event, "tickers");
      for (int t = 0; t < tickers.size(); t++) {
        ticks.add(ticker(VenueJson.element(tickers, t, "tickers"), now));
      }
    }
    return ticks;
  }

  private Tick ticker(JsonObject ticker, long now) throws MalformedMessage {
    String product = VenueJson.string(ticker, "product_id");
    String symbol = canonicalByProduct.get(product);
    if (symbol == null) {
      throw new MalformedMessage(MalformedMessage.UNKNOWN_SYMBOL,
          "product '" + product + "' was not subscribed");
    }
    double price = VenueJson.price(ticker, "price");
    double changePct = VenueJson.optionalNumber(ticker, "price_percent_chg_24_h");
    double open = changePct > -100 ? price / (1 + changePct / 100) : Double.NaN;
    return new Tick(venue, symbol, price, VenueJson.optionalPrice(ticker, "best_bid"),
        VenueJson.optionalPrice(ticker, "best_ask"),
        VenueJson.optionalAmount(ticker, "volume_24_h"), Double.NaN, open,
        VenueJson.optionalPrice(ticker, "high_24_h"), VenueJson.optionalPrice(ticker, "low_24_h"),
        now);
  }

  private String tickerRequest(String type) {
    return new JsonObject().put("type", type).put("product_ids", new JsonArray(products))
        .put("channel", "ticker").encode();
  }
}
