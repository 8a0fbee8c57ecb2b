package io.tickwire.prices;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Venue messages in each venue's documented format, written from the venues' public API
 * documentation (Coinbase Advanced Trade WebSocket, Binance spot WebSocket streams, Kraken
 * WebSocket v2). Numbers are formatted the way each venue sends them.
 */
final class VenueFixtures {

  private VenueFixtures() {
  }

  /** Coinbase: the answer to subscribe requests. */
  static String coinbaseSubscriptions(long sequence) {
    return """
        {"channel":"subscriptions","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z",\
        "sequence_num":%d,"events":[{"subscriptions":{"ticker":["BTC-USD","ETH-USD"],\
        "heartbeats":["heartbeats"]}}]}""".formatted(sequence);
  }

  /** Coinbase: a ticker message ({@code snapshot} or {@code update}) for one product. */
  static String coinbaseTicker(long sequence, String type, String product, String price) {
    return coinbaseTicker(sequence, type, product, price, "16038.28770938");
  }

  /** The same, with the product's 24-hour volume. */
  static String coinbaseTicker(long sequence, String type, String product, String price,
      String volume24h) {
    return """
        {"channel":"ticker","client_id":"","timestamp":"2023-02-09T20:30:37.167359596Z",\
        "sequence_num":%d,"events":[{"type":"%s","tickers":[{"type":"ticker",\
        "product_id":"%s","price":"%s","volume_24_h":"%s","low_24_h":"21835.29",\
        "high_24_h":"23011.18","low_52_w":"15460","high_52_w":"48240",\
        "price_percent_chg_24_h":"-4.15775596190603","best_bid":"21932.97",\
        "best_bid_quantity":"0.00123","best_ask":"21933.05",\
        "best_ask_quantity":"0.04417"}]}]}"""
        .formatted(sequence, type, product, price, volume24h);
  }

  /** Coinbase: a heartbeat. */
  static String coinbaseHeartbeat(long sequence, long counter) {
    return """
        {"channel":"heartbeats","client_id":"","timestamp":"2023-06-23T20:31:26.122969572Z",\
        "sequence_num":%d,"events":[{"current_time":"2023-06-23 20:31:56.121961769 +0000 UTC \
        m=+91717.525857105","heartbeat_counter":"%d"}]}""".formatted(sequence, counter);
  }

  /** Binance: a combined-stream 24-hour ticker event. */
  static String binanceTicker(String symbol, String last) {
    return """
        {"stream":"%s@ticker","data":{"e":"24hrTicker","E":1672515782136,"s":"%s",\
        "p":"0.0015","P":"250.00","w":"0.0018","x":"0.0009","c":"%s","Q":"10",\
        "b":"0.0024","B":"10","a":"0.0026","A":"100","o":"0.0010","h":"0.0025",\
        "l":"0.0010","v":"10000","q":"18","O":0,"C":86400000,"F":0,"L":18150,\
        "n":18151}}""".formatted(symbol.toLowerCase(Locale.ROOT), symbol, last);
  }

  /**
   * Binance: a combined-stream diff depth event, {@code U} to {@code u}; levels as
   * {@code price, quantity, price, quantity, …} (quantity {@code 0} removes).
   */
  static String binanceDepth(String symbol, long first, long last, String[] bids,
      String[] asks) {
    return """
        {"stream":"%s@depth@100ms","data":{"e":"depthUpdate","E":1672515782136,"s":"%s",\
        "U":%d,"u":%d,"b":%s,"a":%s}}""".formatted(symbol.toLowerCase(Locale.ROOT), symbol,
        first, last, binanceLevels(bids), binanceLevels(asks));
  }

  /** Binance: the REST depth snapshot ({@code GET /api/v3/depth}). */
  static String binanceDepthSnapshot(long lastUpdateId, String[] bids, String[] asks) {
    return """
        {"lastUpdateId":%d,"bids":%s,"asks":%s}""".formatted(lastUpdateId, binanceLevels(bids),
        binanceLevels(asks));
  }

  /** Binance: a combined-stream trade event; {@code buyerMaker} makes the taker a seller. */
  static String binanceTrade(String symbol, long id, String price, String quantity,
      long time, boolean buyerMaker) {
    return """
        {"stream":"%s@trade","data":{"e":"trade","E":%d,"s":"%s","t":%d,"p":"%s","q":"%s",\
        "T":%d,"m":%s,"M":true}}""".formatted(symbol.toLowerCase(Locale.ROOT), time + 1,
        symbol, id, price, quantity, time, buyerMaker);
  }

  /** {@code [["price","quantity"],…]} from {@code price, quantity, …}. */
  static String binanceLevels(String... flat) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i + 1 < flat.length; i += 2) {
      json.append(i == 0 ? "" : ",").append("[\"").append(flat[i]).append("\",\"")
          .append(flat[i + 1]).append("\"]");
    }
    return json.append(']').toString();
  }

  /** Kraken: the acknowledgement of a ticker subscription for one pair. */
  static String krakenSubscribed(String pair, long requestId) {
    return """
        {"method":"subscribe","req_id":%d,"result":{"channel":"ticker","event_trigger":"trades",\
        "snapshot":true,"symbol":"%s"},"success":true,"time_in":"2023-09-25T09:04:31.742599Z",\
        "time_out":"2023-09-25T09:04:31.742648Z"}""".formatted(requestId, pair);
  }

  /** Kraken: a ticker message ({@code snapshot} or {@code update}) for one pair. */
  static String krakenTicker(String type, String pair, double last) {
    return """
        {"channel":"ticker","type":"%s","data":[{"symbol":"%s","bid":%s,"bid_qty":0.5,\
        "ask":%s,"ask_qty":1.2,"last":%s,"volume":1237.48,"vwap":26220.2,"low":25900.0,\
        "high":26500.0,"change":-30.5,"change_pct":-0.12}]}"""
        .formatted(type, pair, last - 0.1, last + 0.1, last);
  }

  static String krakenHeartbeat() {
    return "{\"channel\":\"heartbeat\"}";
  }

  static String krakenStatus() {
    return """
        {"channel":"status","type":"update","data":[{"version":"2.0.0","system":"online",\
        "api_version":"v2","connection_id":12893948494735484762}]}""";
  }

  static String krakenPong(long requestId) {
    return """
        {"method":"pong","req_id":%d,"time_in":"2023-09-24T14:10:23.799685Z",\
        "time_out":"2023-09-24T14:10:23.799703Z"}""".formatted(requestId);
  }

  /**
   * Coinbase: an {@code l2_data} message ({@code snapshot} or {@code update}) for one product;
   * {@code levels} are triples of side ({@code bid} or {@code offer}), price level and new
   * quantity.
   */
  static String coinbaseLevel2(long sequence, String type, String product, String... levels) {
    StringJoiner updates = new StringJoiner(",");
    for (int i = 0; i < levels.length; i += 3) {
      updates.add("""
          {"side":"%s","event_time":"2023-02-09T20:32:50.714964855Z","price_level":"%s",\
          "new_quantity":"%s"}""".formatted(levels[i], levels[i + 1], levels[i + 2]));
    }
    return """
        {"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z",\
        "sequence_num":%d,"events":[{"type":"%s","product_id":"%s","updates":[%s]}]}"""
        .formatted(sequence, type, product, updates);
  }

  /**
   * Coinbase: a {@code market_trades} message ({@code snapshot} or {@code update}); {@code trades}
   * are tuples of trade id, product, price, size, side ({@code BUY} or {@code SELL}) and time.
   */
  static String coinbaseTrades(long sequence, String type, String... trades) {
    StringJoiner list = new StringJoiner(",");
    for (int i = 0; i < trades.length; i += 6) {
      list.add("""
          {"trade_id":"%s","product_id":"%s","price":"%s","size":"%s","side":"%s",\
          "time":"%s"}""".formatted(trades[i], trades[i + 1], trades[i + 2], trades[i + 3],
          trades[i + 4], trades[i + 5]));
    }
    return """
        {"channel":"market_trades","client_id":"","timestamp":"2023-02-09T20:19:35.39625135Z",\
        "sequence_num":%d,"events":[{"type":"%s","trades":[%s]}]}"""
        .formatted(sequence, type, list);
  }

  /** Kraken: a v2 {@code trade} message with one trade; numbers as JSON numbers. */
  static String krakenTrade(String type, String pair, String side, String price, String qty,
      long tradeId, String timestamp) {
    return """
        {"channel":"trade","type":"%s","data":[{"symbol":"%s","side":"%s","price":%s,\
        "qty":%s,"ord_type":"market","trade_id":%d,"timestamp":"%s"}]}"""
        .formatted(type, pair, side, price, qty, tradeId, timestamp);
  }

  /**
   * Kraken: one pair's book as the venue keeps it, writing v2 {@code book} messages with the
   * checksum the venue would send: CRC32 over the ten best asks then the ten best bids, each
   * price and quantity as its text without the decimal point and leading zeros. Levels are
   * given as {@code {price, qty}} texts, written into the JSON exactly as given.
   */
  static final class KrakenVenueBook {
    final String pair;
    final int depth;
    final NavigableMap<BigDecimal, String[]> bids = new TreeMap<>(Collections.reverseOrder());
    final NavigableMap<BigDecimal, String[]> asks = new TreeMap<>();

    KrakenVenueBook(String pair, int depth) {
      this.pair = pair;
      this.depth = depth;
    }

    /** Replaces the book; answers the snapshot message. */
    String snapshot(String[][] bidLevels, String[][] askLevels) {
      bids.clear();
      asks.clear();
      apply(bidLevels, askLevels);
      return message("snapshot", top(bids), top(asks));
    }

    /** Changes levels (qty 0 removes); answers the update message. */
    String update(String[][] bidLevels, String[][] askLevels) {
      apply(bidLevels, askLevels);
      return message("update", bidLevels, askLevels);
    }

    private void apply(String[][] bidLevels, String[][] askLevels) {
      set(bids, bidLevels);
      set(asks, askLevels);
    }

    private void set(NavigableMap<BigDecimal, String[]> side, String[][] levels) {
      for (String[] level : levels) {
        if (new BigDecimal(level[1]).signum() == 0) {
          side.remove(new BigDecimal(level[0]));
        } else {
          side.put(new BigDecimal(level[0]), level);
        }
      }
      while (side.size() > depth) {
        side.pollLastEntry();
      }
    }

    private static String[][] top(NavigableMap<BigDecimal, String[]> side) {
      return side.values().toArray(new String[0][]);
    }

    long checksum() {
      StringBuilder text = new StringBuilder();
      for (Map<BigDecimal, String[]> side : java.util.List.of(asks, bids)) {
        side.values().stream().limit(10).forEach(level -> text.append(digits(level[0]))
            .append(digits(level[1])));
      }
      CRC32 crc = new CRC32();
      crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
      return crc.getValue();
    }

    private static String digits(String number) {
      return number.replace(".", "").replaceFirst("^0+", "");
    }

    private String message(String type, String[][] bidLevels, String[][] askLevels) {
      return """
          {"channel":"book","type":"%s","data":[{"symbol":"%s","bids":[%s],"asks":[%s],\
          "checksum":%d,"timestamp":"2023-10-06T17:35:55.440295Z"}]}"""
          .formatted(type, pair, levels(bidLevels), levels(askLevels), checksum());
    }

    private static String levels(String[][] levels) {
      StringJoiner list = new StringJoiner(",");
      for (String[] level : levels) {
        list.add("{\"price\":" + level[0] + ",\"qty\":" + level[1] + "}");
      }
      return list.toString();
    }
  }

  /** The same message with a checksum that cannot match. */
  static String wrongChecksum(String bookMessage) {
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"checksum\":(\\d+)")
        .matcher(bookMessage);
    if (!matcher.find()) {
      throw new IllegalArgumentException("no checksum in " + bookMessage);
    }
    long wrong = (Long.parseLong(matcher.group(1)) + 1) & 0xFFFF_FFFFL;
    return matcher.replaceFirst("\"checksum\":" + wrong);
  }
}
