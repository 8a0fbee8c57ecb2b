package io.tickwire.protocol;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The waits between attempts at something that failed: exponential from {@code baseMs}, doubled
 * per attempt up to {@code maxMs}, each drawn at random under that ceiling so that callers that
 * failed together do not come back together. Every backoff of tickwire is one of these: the Java
 * client's reconnects, the price venues', the chain node's, and the notification retries.
 *
 * <p>The jitter is full (anywhere from 0 to the ceiling, which spreads callers the most) unless a
 * caller has a reason for another {@link Jitter}, written next to where it makes its backoff.
 *
 * <p>Immutable: the caller counts its attempts, and starts again from 1 once it succeeded.
 * Thread-safe when its random source is.
 */
public final class Backoff {

  /**
   * Where a wait falls relative to its ceiling: uniformly in [{@code low} × ceiling,
   * {@code high} × ceiling).
   *
   * @param low the shortest wait, a fraction of the ceiling (0 or more)
   * @param high the longest wait, a fraction of the ceiling (at least {@code low})
   */
  public record Jitter(double low, double high) {

    /** Anywhere from 0 to the ceiling: callers that failed together spread out the most. */
    public static final Jitter FULL = new Jitter(0, 1);
    /** Half of the ceiling fixed, half random: never sooner than half the ceiling. */
    public static final Jitter EQUAL = new Jitter(0.5, 1);

    public Jitter {
      if (!(low >= 0 && high >= low && high < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("need 0 <= low <= high, got " + low + ", " + high);
      }
    }

    /** The ceiling ± {@code fraction} of it (0 to 1): the ceiling on average. */
    public static Jitter spread(double fraction) {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("need a fraction from 0 to 1, got " + fraction);
      }
      return new Jitter(1 - fraction, 1 + fraction);
    }
  }

  private final long baseMs;
  private final long maxMs;
  private final Jitter jitter;
  private final DoubleSupplier random;

  /** A backoff with full jitter. */
  public Backoff(long baseMs, long maxMs) {
    this(baseMs, maxMs, Jitter.FULL);
  }

  /** A backoff with {@code jitter}, drawn from the calling thread's {@link ThreadLocalRandom}. */
  public Backoff(long baseMs, long maxMs, Jitter jitter) {
    this(baseMs, maxMs, jitter, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param baseMs the ceiling of the first wait
   * @param maxMs the largest ceiling, at least {@code baseMs}
   * @param random uniform in [0, 1)
   */
  public Backoff(long baseMs, long maxMs, Jitter jitter, DoubleSupplier random) {
    if (baseMs < 0 || maxMs < baseMs) {
      throw new IllegalArgumentException("need 0 <= base <= max, got " + baseMs + ", " + maxMs);
    }
    if (jitter == null || random == null) {
      throw new NullPointerException(jitter == null ? "jitter" : "random");
    }
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.jitter = jitter;
    this.random = random;
  }

  /**
   * The ceiling of the wait before attempt {@code attempt} (from 1):
   * {@code min(maxMs, baseMs × 2^(attempt − 1))}.
   */
  public long ceilingMs(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 62));
    long ceiling = baseMs << doublings;
    return ceiling < 0 || (ceiling >> doublings) != baseMs ? maxMs : Math.min(maxMs, ceiling);
  }

  /**
   * A random wait before attempt {@code attempt} (from 1), within the jitter's band of the
   * ceiling; at least 1 ms, the shortest a Vert.x timer takes.
   */
  public long delayMs(int attempt) {
    long ceiling = ceilingMs(attempt);
    long low = Math.round(ceiling * jitter.low());
    long high = Math.round(ceiling * jitter.high());
    return Math.max(1, low + (long) (random.getAsDouble() * (high - low)));
  }
}
