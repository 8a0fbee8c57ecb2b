package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The rolling 24-hour statistics")
class RollingDayTest {

  static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;
  static final long HOUR = 3_600_000L;

  @Test
  @DisplayName("have the first price as open and the extremes as high and low")
  void openHighLow() {
    RollingDay day = new RollingDay();
    day.add(T0, 100);
    day.add(T0 + 10, 120);
    day.add(T0 + HOUR, 90);
    day.add(T0 + 2 * HOUR, 110);
    RollingDay.Stats stats = day.stats(T0 + 2 * HOUR);
    assertThat(stats.open()).isEqualTo(100);
    assertThat(stats.high()).isEqualTo(120);
    assertThat(stats.low()).isEqualTo(90);
    assertThat(stats.since()).isEqualTo(T0);
  }

  @Test
  @DisplayName("forget what is older than 24 hours")
  void window() {
    RollingDay day = new RollingDay();
    day.add(T0, 100);
    day.add(T0 + HOUR, 150);
    day.add(T0 + 2 * HOUR, 130);
    RollingDay.Stats stats = day.stats(T0 + 24 * HOUR + 60_000);
    assertThat(stats.open()).isEqualTo(150);
    assertThat(stats.low()).isEqualTo(130);
    assertThat(day.stats(T0 + 27 * HOUR)).isNull();
  }
}
