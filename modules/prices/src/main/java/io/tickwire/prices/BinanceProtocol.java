package io.tickwire.prices;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binance spot combined streams: the streams are named in the URL
 * ({@code /stream?streams=btcusdt@ticker/ethusdt@ticker}), so nothing is sent after connecting;
 * each message is {@code {"stream", "data"}} with a {@code 24hrTicker} event, about once a
 * second per symbol. The server pings with WebSocket ping frames (answered by the client
 * automatically) and ends every connection after 24 hours, which the source pre-empts
 * ({@code maxConnectionMs}). Prices come as decimal strings.
 */
final class BinanceProtocol implements VenueProtocol {

  private final String venue;
  private final Map<String, String> canonicalBySymbol = new HashMap<>();
  private final List<String> streams;

  /** @param symbols canonical symbol → Binance symbol, e.g. {@code BTCUSDT} */
  BinanceProtocol(String venue, Map<String, String> symbols) {
    this.venue = venue;
    symbols.forEach((canonical, venueSymbol) ->
        canonicalBySymbol.put(venueSymbol.toUpperCase(Locale.ROOT), canonical));
    this.streams = symbols.values().stream()
        .map(venueSymbol -> venueSymbol.toLowerCase(Locale.ROOT) + "@ticker").toList();
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
    if (!"24hrTicker".equals(event) || !stream.endsWith("@ticker")) {
      throw new MalformedMessage(MalformedMessage.UNEXPECTED,
          "unexpected event '" + event + "' on stream '" + stream + "'");
    }
    String venueSymbol = VenueJson.string(data, "s");
    String symbol = canonicalBySymbol.get(venueSymbol);
    if (symbol == null) {
      throw new MalformedMessage(MalformedMessage.UNKNOWN_SYMBOL,
          "symbol '" + venueSymbol + "' was not subscribed");
    }
    sink.tick(new Tick(venue, symbol, VenueJson.price(data, "c"), positive(data, "b"),
        positive(data, "a"), VenueJson.optionalAmount(data, "v"), Double.NaN,
        VenueJson.optionalPrice(data, "o"), VenueJson.optionalPrice(data, "h"),
        VenueJson.optionalPrice(data, "l"), now));
  }

  /** A book price, where an empty side of the book is reported as 0: NaN then. */
  private static double positive(JsonObject data, String field) throws MalformedMessage {
    double value = VenueJson.optionalAmount(data, field);
    return value > 0 ? value : Double.NaN;
  }
}
