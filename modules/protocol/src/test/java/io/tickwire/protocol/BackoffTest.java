package io.tickwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.Backoff.Jitter;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The backoff")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BackoffTest {

  @Test
  @DisplayName("doubles its ceiling from the base on each attempt up to the maximum")
  void ceilings() {
    Backoff backoff = new Backoff(1_000, 30_000, Jitter.FULL, () -> 1.0);
    assertThat(backoff.ceilingMs(1)).isEqualTo(1_000);
    assertThat(backoff.ceilingMs(2)).isEqualTo(2_000);
    assertThat(backoff.ceilingMs(5)).isEqualTo(16_000);
    assertThat(backoff.ceilingMs(6)).isEqualTo(30_000);
    assertThat(backoff.ceilingMs(500)).isEqualTo(30_000);
  }

  @Test
  @DisplayName("waits a uniformly random time from zero up to the ceiling by default (full jitter), never less than 1 ms")
  void fullJitter() {
    assertThat(new Backoff(1_000, 30_000, Jitter.FULL, () -> 0.0).delayMs(4)).isEqualTo(1);
    assertThat(new Backoff(1_000, 30_000, Jitter.FULL, () -> 0.5).delayMs(4)).isEqualTo(4_000);
    assertThat(new Backoff(1_000, 30_000, Jitter.FULL, () -> 0.999_999).delayMs(40))
        .isEqualTo(29_999);
    Backoff byDefault = new Backoff(100, 1_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(byDefault.delayMs(3)).isBetween(1L, 399L);
    }
  }

  @Test
  @DisplayName("with equal jitter keeps half of each ceiling and draws the other half")
  void equalJitter() {
    Random random = new Random(7);
    Backoff backoff = new Backoff(100, 1_000, Jitter.EQUAL, random::nextDouble);
    long[] ceilings = {100, 200, 400, 800, 1_000, 1_000, 1_000};
    for (int attempt = 1; attempt <= ceilings.length; attempt++) {
      long ceiling = ceilings[attempt - 1];
      assertThat(backoff.delayMs(attempt)).isBetween(ceiling / 2, ceiling - 1);
    }
    assertThat(new Backoff(100, 1_000, Jitter.EQUAL, () -> 0).delayMs(1)).isEqualTo(50);
    assertThat(new Backoff(100, 1_000, Jitter.EQUAL, () -> 0.999_999).delayMs(1)).isEqualTo(99);
  }

  @Test
  @DisplayName("with a spread waits the ceiling plus or minus a fraction of it")
  void spread() {
    Jitter jitter = Jitter.spread(0.2);
    assertThat(new Backoff(100, 1_000, jitter, () -> 0).delayMs(1)).isEqualTo(80);
    assertThat(new Backoff(100, 1_000, jitter, () -> 0.5).delayMs(3)).isEqualTo(400);
    assertThat(new Backoff(100, 1_000, jitter, () -> 0.999_999).delayMs(1)).isEqualTo(119);
    assertThat(new Backoff(100, 1_000, Jitter.spread(0), () -> 0.7).delayMs(2)).isEqualTo(200);
  }

  @Test
  @DisplayName("depends only on the attempt it is given: attempt 1 after any others is the first wait again")
  void attemptsCountedByTheCaller() {
    Backoff backoff = new Backoff(100, 10_000, Jitter.EQUAL, () -> 0.5);
    backoff.delayMs(1);
    backoff.delayMs(2);
    backoff.delayMs(3);
    assertThat(backoff.delayMs(1)).isEqualTo(75);
  }

  @Test
  @DisplayName("does not overflow after very many attempts")
  void manyAttempts() {
    Backoff backoff = new Backoff(500, 30_000, Jitter.EQUAL, () -> 0.5);
    assertThat(backoff.delayMs(101)).isEqualTo(22_500);
    assertThat(backoff.delayMs(Integer.MAX_VALUE)).isEqualTo(22_500);
    assertThat(new Backoff(3, Long.MAX_VALUE).ceilingMs(64)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  @DisplayName("refuses a maximum below the base and a jitter outside its range")
  void invalid() {
    assertThatThrownBy(() -> new Backoff(10, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Jitter(0.6, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Jitter(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jitter.spread(1.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
