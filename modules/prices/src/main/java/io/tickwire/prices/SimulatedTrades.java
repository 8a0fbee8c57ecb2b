package io.tickwire.prices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The trades of the simulated venues: for each quote a {@link SimulatedMarket} step makes, one
 * to {@value #MAX_PER_TICK} trades at or between the quote's bid and ask (on the venue's price
 * grid), whose sizes add up to the quote's {@code traded} volume, stamped with the quote's time,
 * with ids counting up from 1 per venue. The same seed and the same quotes give the same trades.
 * A plain class; not thread-safe.
 */
final class SimulatedTrades {

  static final int MAX_PER_TICK = 3;
  /** Sizes are on a grid of 10⁻⁸ of the base, as venues quote them. */
  private static final double SIZE_STEP = 1e-8;

  private final Random random;
  // Venue → the last id it gave.
  private final Map<String, long[]> lastId = new HashMap<>();

  SimulatedTrades(long seed) {
    // Its own stream: the quotes stay what they were without trades.
    this.random = new Random(seed ^ 0x7261646573L);
  }

  /** The trades behind {@code tick}; none when it traded nothing or has no bid and ask. */
  List<Trade> of(Tick tick) {
    double volume = Math.floor(tick.traded() / SIZE_STEP) * SIZE_STEP;
    if (!(volume > 0) || !(tick.bid() > 0) || !(tick.ask() >= tick.bid())) {
      return List.of();
    }
    int count = 1 + random.nextInt(MAX_PER_TICK);
    double[] weights = new double[count];
    double total = 0;
    for (int i = 0; i < count; i++) {
      weights[i] = 0.2 + random.nextDouble();
      total += weights[i];
    }
    List<Trade> trades = new ArrayList<>(count);
    long[] id = lastId.computeIfAbsent(tick.venue(), venue -> new long[1]);
    double left = volume;
    for (int i = 0; i < count; i++) {
      double size = i == count - 1 ? left
          : Math.max(SIZE_STEP, Math.floor(volume * weights[i] / total / SIZE_STEP) * SIZE_STEP);
      size = Math.min(size, left);
      if (!(size > 0)) {
        break;
      }
      left -= size;
      boolean buy = random.nextBoolean();
      // A buyer mostly lifts the ask, a seller mostly hits the bid; some trade inside the spread.
      double at = random.nextDouble() < 0.7 ? (buy ? tick.ask() : tick.bid())
          : tick.bid() + random.nextDouble() * (tick.ask() - tick.bid());
      double price = Math.min(tick.ask(), Math.max(tick.bid(), SimulatedMarket.round(at)));
      trades.add(new Trade(tick.venue(), tick.symbol(), Long.toString(++id[0]), price, size,
          buy ? "buy" : "sell", tick.receivedAt(), tick.receivedAt()));
    }
    return trades;
  }
}
