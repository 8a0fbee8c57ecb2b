package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

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
}
