package io.tickwire.prices;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The requests of {@code prices.history}, {@code prices.snapshot} and {@code prices.book}, read
 * and checked field by field; every refusal says which field is wrong and why. Pure.
 */
final class PriceQueries {

  /** The furthest a time may lie in the future: a year, in ms. */
  private static final long MAX_FUTURE_MS = 366 * 86_400_000L;

  /** A checked {@code prices.history} request; {@code from} and {@code to} may be null. */
  record History(String symbol, CandleInterval interval, Long from, Long to, int limit) {
  }

  private PriceQueries() {
  }

  /**
   * Reads {@code {symbol, interval, from?, to?, limit?}}.
   *
   * @throws ProtocolException {@code bad_request} for a missing or malformed field, an unknown
   *     interval, {@code from} after {@code to} or a limit out of range; {@code not_found} for a
   *     symbol this deployment does not aggregate
   */
  static History history(JsonObject data, List<String> symbols, int maxLimit, long now) {
    String symbol = symbol(data.getValue("symbol"), symbols, "symbol");
    Object rawInterval = data.getValue("interval");
    if (!(rawInterval instanceof String token)) {
      throw bad("field 'interval' is required: one of " + CandleInterval.TOKENS);
    }
    CandleInterval interval = CandleInterval.of(token);
    if (interval == null) {
      throw bad("interval '" + token + "' is not one of " + CandleInterval.TOKENS);
    }
    Long from = time(data.getValue("from"), "from", now);
    Long to = time(data.getValue("to"), "to", now);
    if (from != null && to != null && from > to) {
      throw bad("'from' (" + from + ") is after 'to' (" + to + ")");
    }
    int limit = PricesConfig.DEFAULT_HISTORY_LIMIT > maxLimit ? maxLimit
        : PricesConfig.DEFAULT_HISTORY_LIMIT;
    Object rawLimit = data.getValue("limit");
    if (rawLimit != null) {
      if (!(rawLimit instanceof Number number) || !whole(number) || number.longValue() < 1
          || number.longValue() > maxLimit) {
        throw bad("field 'limit' must be a whole number from 1 to " + maxLimit + ", got "
            + describe(rawLimit));
      }
      limit = number.intValue();
    }
    return new History(symbol, interval, from, to, limit);
  }

  /**
   * Reads {@code {symbol}} of {@code prices.book}.
   *
   * @throws ProtocolException {@code bad_request} for a missing or malformed symbol;
   *     {@code not_found} for a symbol this deployment does not aggregate
   */
  static String book(JsonObject data, List<String> symbols) {
    return symbol(data.getValue("symbol"), symbols, "symbol");
  }

  /**
   * Reads {@code {symbols?}}: the symbols asked for, in order without repeats; all of them when
   * {@code symbols} is absent.
   *
   * @throws ProtocolException {@code bad_request} when {@code symbols} is not a non-empty array
   *     of strings; {@code not_found} naming a symbol this deployment does not aggregate
   */
  static List<String> snapshot(JsonObject data, List<String> symbols) {
    Object raw = data.getValue("symbols");
    if (raw == null) {
      return symbols;
    }
    if (!(raw instanceof JsonArray array) || array.isEmpty()) {
      throw bad("field 'symbols' must be a non-empty array of symbols such as [\"BTC-USD\"]; "
          + "leave it out for every symbol");
    }
    Set<String> asked = new LinkedHashSet<>();
    for (Object item : array) {
      asked.add(symbol(item, symbols, "symbols[]"));
    }
    return new ArrayList<>(asked);
  }

  private static String symbol(Object value, List<String> symbols, String field) {
    if (!(value instanceof String symbol) || symbol.isEmpty()) {
      throw bad("field '" + field + "' is required and must be a symbol such as BTC-USD, got "
          + describe(value));
    }
    if (!symbols.contains(symbol)) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "unknown symbol '" + shorten(symbol)
          + "'; known: " + known(symbols));
    }
    return symbol;
  }

  private static Long time(Object value, String field, long now) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || !whole(number) || number.longValue() < 0
        || number.longValue() > now + MAX_FUTURE_MS) {
      throw bad("field '" + field + "' must be a time in ms since the epoch (a whole number "
          + "from 0, at most a year ahead), got " + describe(value));
    }
    return number.longValue();
  }

  private static boolean whole(Number number) {
    double value = number.doubleValue();
    return Double.isFinite(value) && value == Math.rint(value);
  }

  private static String known(List<String> symbols) {
    return symbols.size() <= 20 ? String.join(", ", symbols)
        : String.join(", ", symbols.subList(0, 20)) + ", … (" + symbols.size() + " in all)";
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    String text = value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return shorten(text);
  }

  private static String shorten(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "…" : text;
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }
}
