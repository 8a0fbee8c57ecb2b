package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reconnect backoff")
class BackoffTest {

  @Test
  @DisplayName("doubles per attempt up to the maximum, with at most half of each delay random")
  void exponentialWithJitter() {
    Random random = new Random(7);
    Backoff backoff = new Backoff(100, 1_000, random::nextDouble);
    long[] ceilings = {100, 200, 400, 800, 1_000, 1_000, 1_000};
    for (long ceiling : ceilings) {
      assertThat(backoff.next()).isBetween(ceiling / 2, ceiling);
    }
    assertThat(backoff.attempts()).isEqualTo(ceilings.length);
  }

  @Test
  @DisplayName("gives the extremes for the extremes of its random source")
  void jitterBounds() {
    assertThat(new Backoff(100, 1_000, () -> 0).next()).isEqualTo(50);
    assertThat(new Backoff(100, 1_000, () -> 0.999_999).next()).isEqualTo(99);
  }

  @Test
  @DisplayName("starts again from the first delay after a reset")
  void reset() {
    Backoff backoff = new Backoff(100, 10_000, () -> 0.5);
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(75);
  }

  @Test
  @DisplayName("does not overflow after very many attempts")
  void manyAttempts() {
    Backoff backoff = new Backoff(500, 30_000, () -> 0.5);
    for (int i = 0; i < 100; i++) {
      backoff.next();
    }
    assertThat(backoff.next()).isEqualTo(22_500);
  }
}
