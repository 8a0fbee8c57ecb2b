package io.tickwire.prices;

/**
 * Lets one log line through per interval and counts the ones it held back, so a venue sending
 * garbage cannot flood the log. A plain class; not thread-safe.
 */
final class LogLimiter {

  private final long intervalMs;
  private long nextAt = Long.MIN_VALUE;
  private long suppressed;

  LogLimiter(long intervalMs) {
    this.intervalMs = intervalMs;
  }

  /**
   * Whether to log now. When it answers {@code true}, {@link #suppressed()} tells how many were
   * held back since the last line.
   */
  boolean allow(long now) {
    if (now < nextAt) {
      suppressed++;
      return false;
    }
    nextAt = now + intervalMs;
    return true;
  }

  /** How long from {@code now} until a line may go again; 0 when it may go now. */
  long waitMs(long now) {
    return now < nextAt ? nextAt - now : 0;
  }

  /** The lines held back before the one just allowed; resets the count. */
  long suppressed() {
    long count = suppressed;
    suppressed = 0;
    return count;
  }
}
