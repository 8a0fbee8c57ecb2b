package io.tickwire.prices;

import java.util.Locale;

/**
 * The kinds of price source, with what differs between them by default: the public endpoint,
 * how a canonical {@code BASE-QUOTE} symbol is spelt at the venue, how long one connection may
 * live and whether the client pings.
 */
public enum VenueType {
  /** Simulated exchanges: a seeded random walk with noise, spreads, volumes and incidents. */
  SIMULATED(null, null, 0, 0),
  /** Coinbase Advanced Trade WebSocket, channels {@code ticker} and {@code heartbeats}. */
  COINBASE("wss://advanced-trade-ws.coinbase.com", null, 0, 0),
  /**
   * Binance spot combined streams, {@code <symbol>@ticker}, {@code @depth@100ms} and
   * {@code @trade}, with REST depth snapshots; a connection lives at most 24 h.
   */
  BINANCE("wss://stream.binance.com:9443", "https://api.binance.com", 86_400_000L - 600_000L, 0),
  /** Kraken WebSocket v2, channel {@code ticker}, with application-level pings. */
  KRAKEN("wss://ws.kraken.com/v2", null, 0, 30_000);

  private final String defaultUrl;
  private final String defaultRestUrl;
  private final long defaultMaxConnectionMs;
  private final long defaultPingIntervalMs;

  VenueType(String defaultUrl, String defaultRestUrl, long defaultMaxConnectionMs,
      long defaultPingIntervalMs) {
    this.defaultUrl = defaultUrl;
    this.defaultRestUrl = defaultRestUrl;
    this.defaultMaxConnectionMs = defaultMaxConnectionMs;
    this.defaultPingIntervalMs = defaultPingIntervalMs;
  }

  /** The name in conf, e.g. {@code coinbase}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  String defaultUrl() {
    return defaultUrl;
  }

  /** The venue's public REST endpoint, or {@code null} when its source reads none. */
  String defaultRestUrl() {
    return defaultRestUrl;
  }

  /** Reconnect before the venue drops the connection; 0 means never. */
  long defaultMaxConnectionMs() {
    return defaultMaxConnectionMs;
  }

  /** Application-level ping interval; 0 means none. */
  long defaultPingIntervalMs() {
    return defaultPingIntervalMs;
  }

  /**
   * The venue's spelling of a canonical symbol when conf does not map it: {@code BTC-USD} on
   * Coinbase, {@code BTCUSD} on Binance, {@code BTC/USD} on Kraken. Quotes are never translated:
   * USD and USDT stay different unless conf maps one to the other.
   */
  String venueSymbol(String canonical) {
    return switch (this) {
      case BINANCE -> canonical.replace("-", "");
      case KRAKEN -> canonical.replace('-', '/');
      default -> canonical;
    };
  }

  static VenueType of(String token) {
    return valueOf(token.toUpperCase(Locale.ROOT));
  }
}
