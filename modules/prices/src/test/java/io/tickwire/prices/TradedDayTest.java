package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A venue's traded day")
class TradedDayTest {

  static final long T0 = 1_700_000_000_000L;
  static final long MINUTE = 60_000L;
  static final long DAY = 86_400_000L;

  final TradedDay day = new TradedDay();

  @Test
  @DisplayName("holds nothing and no whole day before a trade")
  void empty() {
    assertThat(day.sum(T0)).isZero();
    assertThat(day.wholeDay(T0)).isFalse();
  }

  @Test
  @DisplayName("sums the trades of the last 24 hours and holds a whole day once the first is a day old")
  void rollsOverADay() {
    day.add(T0, 1);
    day.add(T0 + 10, 2);
    day.add(T0 + 12 * 60 * MINUTE, 4);
    assertThat(day.sum(T0 + 12 * 60 * MINUTE)).isEqualTo(7);
    assertThat(day.wholeDay(T0 + 12 * 60 * MINUTE)).isFalse();
    long firstMinute = Math.floorDiv(T0, MINUTE) * MINUTE;
    assertThat(day.wholeDay(firstMinute + DAY - MINUTE - 1)).isFalse();
    assertThat(day.wholeDay(firstMinute + DAY - MINUTE)).isTrue();
    assertThat(day.sum(firstMinute + DAY - 1)).as("the first minute still inside").isEqualTo(7);
    assertThat(day.sum(firstMinute + DAY)).as("the first minute left the window").isEqualTo(4);
    assertThat(day.sum(T0 + 12 * 60 * MINUTE + DAY)).isZero();
    assertThat(day.wholeDay(T0 + 3 * DAY)).isTrue();
  }

  @Test
  @DisplayName("keeps at most 1,440 minutes: a slot reused by a later day starts from nothing")
  void boundedBuckets() {
    for (int minute = 0; minute < 2 * TradedDay.BUCKETS + 7; minute++) {
      day.add(T0 + minute * MINUTE, 1);
    }
    long now = T0 + (2L * TradedDay.BUCKETS + 6) * MINUTE;
    assertThat(day.sum(now)).isEqualTo(TradedDay.BUCKETS);
  }

  @Test
  @DisplayName("counts a trade after a clock step back in the newest minute, and ignores sizes that are not positive numbers")
  void clockStepAndBadSizes() {
    day.add(T0 + 5 * MINUTE, 1);
    day.add(T0, 2);
    day.add(T0 + 5 * MINUTE, Double.NaN);
    day.add(T0 + 5 * MINUTE, Double.POSITIVE_INFINITY);
    day.add(T0 + 5 * MINUTE, -3);
    day.add(T0 + 5 * MINUTE, 0);
    assertThat(day.sum(T0 + 5 * MINUTE)).isEqualTo(3);
    long firstMinute = Math.floorDiv(T0 + 5 * MINUTE, MINUTE) * MINUTE;
    assertThat(day.sum(firstMinute + DAY - 1)).isEqualTo(3);
    assertThat(day.sum(firstMinute + DAY)).isZero();
  }

  @Test
  @DisplayName("keeps a total equal to a sum over every slot after each trade, across slot reuse and clock steps")
  void keptTotalEqualsFullSum() {
    Random random = new Random(7);
    TradedDay day = new TradedDay();
    List<Long> at = new ArrayList<>();
    List<Double> sizes = new ArrayList<>();
    long clock = T0;
    long now = 0;
    for (int i = 0; i < 3_000; i++) {
      clock += random.nextInt(4) == 0 ? -random.nextInt(3) * MINUTE : random.nextInt(6) * MINUTE;
      double size = random.nextInt(10) == 0 ? -1 : random.nextInt(1_000) / 100.0;
      day.add(clock, size);
      at.add(clock);
      sizes.add(size);
      // Now at, after or (a later trade's clock being ahead) before the trade; often the same
      // as the last read, so that the kept total is read again.
      int pick = random.nextInt(50);
      now = pick == 0 ? clock + 2 * TradedDay.WINDOW_MS
          : pick < 25 && now != 0 ? now
          : clock + (random.nextInt(5) - 2) * MINUTE;
      // A fresh day fed the same trades sums every slot on its first read.
      TradedDay fresh = new TradedDay();
      for (int j = 0; j < at.size(); j++) {
        fresh.add(at.get(j), sizes.get(j));
      }
      assertThat(day.sum(now)).as("after trade %d", i).isCloseTo(fresh.sum(now), within(1e-6));
    }
  }
}
