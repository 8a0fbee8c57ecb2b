package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A candle series")
class CandleSeriesTest {

  static final long M = 60_000L;
  static final long T0 = 28_333_333L * M;

  static CandleSeries minutes(long retentionMs) {
    return new CandleSeries(CandleInterval.ONE_MINUTE, retentionMs);
  }

  @Test
  @DisplayName("builds OHLCV from the prices published in each interval")
  void ohlcv() {
    CandleSeries series = minutes(60 * M);
    series.add(T0 + 1_000, 100, 1);
    series.add(T0 + 2_000, 105, 2);
    series.add(T0 + 3_000, 98, Double.NaN);
    series.add(T0 + 59_999, 101, 0.5);
    series.add(T0 + M, 102, 1);
    List<Candle> candles = series.range(null, null, 10);
    assertThat(candles).containsExactly(new Candle(T0, 100, 105, 98, 101, 3.5),
        new Candle(T0 + M, 102, 102, 102, 102, 1));
  }

  @Test
  @DisplayName("answers a range by candle start, from and to inclusive, capped by limit")
  void range() {
    CandleSeries series = minutes(60 * M);
    for (int i = 0; i < 10; i++) {
      series.add(T0 + i * M, 100 + i, 1);
    }
    assertThat(series.range(T0 + 2 * M, T0 + 4 * M, 100)).extracting(Candle::t)
        .containsExactly(T0 + 2 * M, T0 + 3 * M, T0 + 4 * M);
    assertThat(series.range(T0 + 2 * M + 1, null, 2)).extracting(Candle::t)
        .as("the first ones from 'from'").containsExactly(T0 + 3 * M, T0 + 4 * M);
    assertThat(series.range(null, T0 + 5 * M, 2)).extracting(Candle::t)
        .as("the latest ones up to 'to'").containsExactly(T0 + 4 * M, T0 + 5 * M);
    assertThat(series.range(null, null, 3)).extracting(Candle::t)
        .containsExactly(T0 + 7 * M, T0 + 8 * M, T0 + 9 * M);
    assertThat(series.range(T0 + 20 * M, null, 3)).isEmpty();
    assertThat(series.range(null, T0 - 1, 3)).isEmpty();
  }

  @Test
  @DisplayName("keeps only its retention, and leaves gaps where nothing was published")
  void retention() {
    CandleSeries series = minutes(5 * M);
    for (int i = 0; i < 100; i++) {
      series.add(T0 + i * M, i, 0);
    }
    assertThat(series.size()).isEqualTo(5);
    assertThat(series.range(null, null, 100)).extracting(Candle::t)
        .containsExactly(T0 + 95 * M, T0 + 96 * M, T0 + 97 * M, T0 + 98 * M, T0 + 99 * M);
    series.add(T0 + 102 * M, 1, 0);
    assertThat(series.range(null, null, 100)).extracting(Candle::t)
        .containsExactly(T0 + 98 * M, T0 + 99 * M, T0 + 102 * M);
  }

  @Test
  @DisplayName("lets a late value widen the older candle it belongs to, without changing its close")
  void lateValue() {
    CandleSeries series = minutes(60 * M);
    series.add(T0, 100, 1);
    series.add(T0 + M, 101, 1);
    series.add(T0 + 30_000, 90, 2);
    Candle first = series.range(null, null, 10).get(0);
    assertThat(first).isEqualTo(new Candle(T0, 100, 100, 90, 100, 3));
  }

  @Test
  @DisplayName("grows its storage in order across many candles")
  void grows() {
    CandleSeries series = new CandleSeries(CandleInterval.FIVE_MINUTES, 7 * 86_400_000L);
    for (int i = 0; i < 1_000; i++) {
      series.add(T0 + i * 5 * M, i, 1);
    }
    List<Candle> candles = series.range(null, null, 5_000);
    assertThat(candles).hasSize(1_000);
    assertThat(candles.get(0).open()).isZero();
    assertThat(candles.get(999).close()).isEqualTo(999);
  }
}
