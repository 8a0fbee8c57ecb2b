package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The 24-hour traded volume's kept total")
class TradedDaySumTest {

  private static final long MINUTE = TradedDay.BUCKET_MS;

  @Test
  @DisplayName("equals a sum over every slot after each trade, across slot reuse and clock steps")
  void keptTotalEqualsFullSum() {
    Random random = new Random(7);
    TradedDay day = new TradedDay();
    List<long[]> at = new ArrayList<>();
    List<Double> sizes = new ArrayList<>();
    long clock = 1_700_000_000_000L;
    long now = 0;
    for (int i = 0; i < 3_000; i++) {
      clock += random.nextInt(4) == 0 ? -random.nextInt(3) * MINUTE : random.nextInt(6) * MINUTE;
      double size = random.nextInt(10) == 0 ? -1 : random.nextInt(1_000) / 100.0;
      day.add(clock, size);
      at.add(new long[] {clock});
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
        fresh.add(at.get(j)[0], sizes.get(j));
      }
      assertThat(day.sum(now)).as("after trade %d", i).isCloseTo(fresh.sum(now), within(1e-6));
    }
  }
}
