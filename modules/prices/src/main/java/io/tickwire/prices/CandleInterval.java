package io.tickwire.prices;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The candle intervals kept for every symbol. */
public enum CandleInterval {
  ONE_MINUTE("1m", 60_000L),
  FIVE_MINUTES("5m", 300_000L),
  ONE_HOUR("1h", 3_600_000L);

  /** The tokens, for error messages: {@code 1m, 5m, 1h}. */
  public static final String TOKENS = Arrays.stream(values()).map(CandleInterval::token)
      .collect(Collectors.joining(", "));

  private final String token;
  private final long millis;

  CandleInterval(String token, long millis) {
    this.token = token;
    this.millis = millis;
  }

  /** The name on the wire, e.g. {@code 5m}. */
  public String token() {
    return token;
  }

  public long millis() {
    return millis;
  }

  /** The start of the candle holding {@code ts}. */
  public long start(long ts) {
    return Math.floorDiv(ts, millis) * millis;
  }

  /** The interval named {@code token}, or {@code null}. */
  public static CandleInterval of(String token) {
    for (CandleInterval interval : values()) {
      if (interval.token.equals(token)) {
        return interval;
      }
    }
    return null;
  }

  /** How far back {@code config} keeps candles of this interval. */
  long retentionMs(PricesConfig config) {
    return switch (this) {
      case ONE_MINUTE -> config.candles1mRetentionMs();
      case FIVE_MINUTES -> config.candles5mRetentionMs();
      case ONE_HOUR -> config.candles1hRetentionMs();
    };
  }
}
