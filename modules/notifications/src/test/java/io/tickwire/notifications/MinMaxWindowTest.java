package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The min/max window")
class MinMaxWindowTest {

  @Test
  @DisplayName("agrees with a brute-force scan over a random walk")
  void matchesBruteForce() {
    long windowMs = 10_000;
    MinMaxWindow window = new MinMaxWindow(windowMs);
    ArrayDeque<double[]> all = new ArrayDeque<>();
    Random random = new Random(7);
    double price = 100;
    long ts = 0;
    for (int i = 0; i < 20_000; i++) {
      ts += random.nextInt(50);
      price = Math.max(1, price + random.nextGaussian());
      window.add(price, ts);
      all.add(new double[] {ts, price});
      // Bucketed to a thousandth of the window: the edge may keep up to one bucket more.
      while (all.peekFirst()[0] <= ts - windowMs - windowMs / 1_000) {
        all.removeFirst();
      }
      double min = all.stream().mapToDouble(p -> p[1]).min().orElseThrow();
      double max = all.stream().mapToDouble(p -> p[1]).max().orElseThrow();
      assertThat(window.min()).isLessThanOrEqualTo(price).isGreaterThanOrEqualTo(min);
      assertThat(window.max()).isGreaterThanOrEqualTo(price).isLessThanOrEqualTo(max);
    }
  }

  @Test
  @DisplayName("drops samples that left the window")
  void slides() {
    MinMaxWindow window = new MinMaxWindow(1_000);
    window.add(10, 0);
    window.add(20, 500);
    assertThat(window.min()).isEqualTo(10);
    assertThat(window.max()).isEqualTo(20);
    window.add(15, 1_200);
    assertThat(window.min()).isEqualTo(15);
    assertThat(window.max()).isEqualTo(20);
    window.add(16, 1_600);
    assertThat(window.max()).isEqualTo(16);
  }
}
