package io.tickwire.prices;

import java.util.Locale;

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
}
