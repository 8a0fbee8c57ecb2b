package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kraken WebSocket v2: subscribes to {@code ticker} for the mapped pairs ({@code BTC/USD}); the
 * server acknowledges each pair, sends a {@code snapshot} then {@code update}s on trades, a
 * {@code status} message and a {@code heartbeat} every second. The client pings with
 * {@code {"method": "ping"}} and gets a {@code pong}. Numbers are JSON numbers.
 */
final class KrakenProtocol implements VenueProtocol {

  private final String venue;
  private final Map<String, String> canonicalByPair = new HashMap<>();
  private final List<String> pairs;
  private long requestId;

  /** @param symbols canonical symbol → Kraken pair, e.g. {@code BTC/USD} */
  KrakenProtocol(String venue, Map<String, String> symbols) {
    this.venue = venue;
    symbols.forEach((canonical, pair) -> canonicalByPair.put(pair, canonical));
    this.pairs = List.copyOf(symbols.values());
  }

  @Override
  public String url(String endpoint) {
    return endpoint;
  }

  @Override
  public List<String> subscribe() {
    return List.of(new JsonObject().put("method", "subscribe")
        .put("params", new JsonObject().put("channel", "ticker")
            .put("symbol", new JsonArray(pairs)))
        .put("req_id", ++requestId).encode());
  }

  @Override
  public String ping() {
    return new JsonObject().put("method", "ping").put("req_id", ++requestId).encode();
  }

  @Override
  public void onMessage(String text, long now, VenueSink sink) throws MalformedMessage {
    JsonObject json = VenueJson.object(text);
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
        String type = VenueJson.string(json, "type");
        if (!type.equals("snapshot") && !type.equals("update")) {
          throw new MalformedMessage(MalformedMessage.UNEXPECTED,
              "unexpected ticker type '" + type + "'");
        }
        JsonArray data = VenueJson.array(json, "data");
        List<Tick> ticks = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
          ticks.add(ticker(VenueJson.element(data, i, "data"), now));
        }
        ticks.forEach(sink::tick);
      }
      default -> throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "unexpected channel '" + channel + "'");
    }
  }

  private Tick ticker(JsonObject ticker, long now) throws MalformedMessage {
    String pair = VenueJson.string(ticker, "symbol");
    String symbol = canonicalByPair.get(pair);
    if (symbol == null) {
      throw new MalformedMessage(MalformedMessage.UNKNOWN_SYMBOL,
          "pair '" + pair + "' was not subscribed");
    }
    double last = VenueJson.price(ticker, "last");
    double change = VenueJson.optionalNumber(ticker, "change");
    double open = last - change > 0 ? last - change : Double.NaN;
    return new Tick(venue, symbol, last, VenueJson.optionalPrice(ticker, "bid"),
        VenueJson.optionalPrice(ticker, "ask"), VenueJson.optionalAmount(ticker, "volume"),
        Double.NaN, open, VenueJson.optionalPrice(ticker, "high"),
        VenueJson.optionalPrice(ticker, "low"), now);
  }
}
