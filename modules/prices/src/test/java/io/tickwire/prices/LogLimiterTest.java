package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The log limiter")
class LogLimiterTest {

  @Test
  @DisplayName("lets the first line through, holds back the rest of the interval, then lets one through with the count")
  void oneLinePerInterval() {
    LogLimiter limiter = new LogLimiter(1_000);
    assertThat(limiter.allow(5_000)).isTrue();
    assertThat(limiter.suppressed()).isZero();
    assertThat(limiter.allow(5_000)).isFalse();
    assertThat(limiter.allow(5_500)).isFalse();
    assertThat(limiter.allow(5_999)).isFalse();
    assertThat(limiter.allow(6_000)).as("the interval has passed").isTrue();
    assertThat(limiter.suppressed()).isEqualTo(3);
    assertThat(limiter.suppressed()).as("reading the count resets it").isZero();
  }

  @Test
  @DisplayName("measures each interval from the line it let through, not from the first")
  void intervalFromLastLine() {
    LogLimiter limiter = new LogLimiter(1_000);
    assertThat(limiter.allow(0)).isTrue();
    assertThat(limiter.allow(2_500)).isTrue();
    assertThat(limiter.allow(3_000)).isFalse();
    assertThat(limiter.allow(3_499)).isFalse();
    assertThat(limiter.allow(3_500)).isTrue();
    assertThat(limiter.suppressed()).isEqualTo(2);
  }

  @Test
  @DisplayName("lets the first line through whatever the clock says")
  void firstLineAlways() {
    assertThat(new LogLimiter(10_000).allow(Long.MIN_VALUE + 1)).isTrue();
    assertThat(new LogLimiter(10_000).allow(0)).isTrue();
  }

  @Test
  @DisplayName("tells how long until the next line may go")
  void waitMs() {
    LogLimiter limiter = new LogLimiter(1_000);
    assertThat(limiter.waitMs(0)).isZero();
    limiter.allow(0);
    assertThat(limiter.waitMs(250)).isEqualTo(750);
    assertThat(limiter.waitMs(1_000)).isZero();
  }
}
