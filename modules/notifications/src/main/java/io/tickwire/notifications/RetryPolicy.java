package io.tickwire.notifications;

import io.tickwire.protocol.Backoff;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: a {@link Backoff} from {@code baseMs}, doubled per
 * attempt up to {@code maxDelayMs}, each delay spread by ± {@code jitter} so that many failed
 * deliveries do not come back at the same instant; given up {@code forMs} after the delivery
 * was queued. Read from a {@code retry} section; pure and thread-safe.
 *
 * @param baseMs the delay after the first failed attempt ({@value #DEFAULT_BASE_MS})
 * @param maxDelayMs the longest delay ({@value #DEFAULT_MAX_DELAY_MS})
 * @param forMs how long after queueing it keeps trying ({@value #DEFAULT_FOR_MS}, 24 h)
 * @param jitter the spread of each delay, a fraction from 0 to 1 ({@value #DEFAULT_JITTER})
 */
public record RetryPolicy(long baseMs, long maxDelayMs, long forMs, double jitter) {

  public static final long DEFAULT_BASE_MS = 5_000;
  public static final long DEFAULT_MAX_DELAY_MS = 3_600_000;
  public static final long DEFAULT_FOR_MS = 86_400_000;
  public static final double DEFAULT_JITTER = 0.2;

  public RetryPolicy {
    if (maxDelayMs < baseMs) {
      throw new ConfigException("retry.maxDelayMs", "must be at least retry.baseMs");
    }
  }

  static RetryPolicy from(Section section) {
    RetryPolicy policy = new RetryPolicy(
        section.longValue("baseMs", DEFAULT_BASE_MS, 1, 86_400_000),
        section.longValue("maxDelayMs", DEFAULT_MAX_DELAY_MS, 1, 86_400_000),
        section.longValue("forMs", DEFAULT_FOR_MS, 0, 7 * 86_400_000L),
        section.doubleValue("jitter", DEFAULT_JITTER, 0, 1));
    section.done();
    return policy;
  }

  /**
   * The delay before the next attempt after {@code failedAttempts} failed ones (1 or more).
   *
   * @param random a uniform number in [0, 1)
   */
  long delayMs(int failedAttempts, DoubleSupplier random) {
    // A spread around each step rather than full jitter: the operator chooses it (retry.jitter),
    // and a failing receiver is never tried again sooner than the documented step (5 s, 10 s,
    // 20 s, …) less that fraction of it.
    return new Backoff(baseMs, maxDelayMs, Backoff.Jitter.spread(jitter), random)
        .delayMs(failedAttempts);
  }

  /** The next attempt's time, or {@code -1} when the delivery should be given up. */
  long nextAttemptAt(long queuedAt, int failedAttempts, long now, DoubleSupplier random) {
    long next = now + delayMs(failedAttempts, random);
    return next - queuedAt > forMs ? -1 : next;
  }
}
