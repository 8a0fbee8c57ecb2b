package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Reconnect backoff")
@Timeout(10)
class BackoffTest {

  @Test
  @DisplayName("doubles its ceiling from the base on each attempt up to the cap")
  void ceilings() {
    Backoff backoff = new Backoff(1_000, 30_000, () -> 1.0);
    assertThat(backoff.ceilingMs(1)).isEqualTo(1_000);
    assertThat(backoff.ceilingMs(2)).isEqualTo(2_000);
    assertThat(backoff.ceilingMs(5)).isEqualTo(16_000);
    assertThat(backoff.ceilingMs(6)).isEqualTo(30_000);
    assertThat(backoff.ceilingMs(500)).isEqualTo(30_000);
  }

  @Test
  @DisplayName("waits a uniformly random time between zero and the ceiling (full jitter)")
  void fullJitter() {
    assertThat(new Backoff(1_000, 30_000, () -> 0.0).delayMs(4)).isZero();
    assertThat(new Backoff(1_000, 30_000, () -> 0.5).delayMs(4)).isEqualTo(4_000);
    assertThat(new Backoff(1_000, 30_000, () -> 0.999_999).delayMs(40)).isEqualTo(30_000);
  }

  @Test
  @DisplayName("refuses a cap below the base")
  void invalid() {
    assertThatThrownBy(() -> new Backoff(10, 5, () -> 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
