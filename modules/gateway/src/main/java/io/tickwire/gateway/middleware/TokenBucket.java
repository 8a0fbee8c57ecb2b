package io.tickwire.gateway.middleware;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code ratePerSec}. Pure; not thread-safe
 * (each connection owns one, on its event loop).
 */
public final class TokenBucket {

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;

  public TokenBucket(double ratePerSec, int burst, long nowNanos) {
    this.ratePerNano = ratePerSec / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** Takes one token if there is one. */
  public boolean tryTake(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether the bucket is full again at {@code nowNanos}: forgetting it would change nothing. */
  public boolean fullAt(long nowNanos) {
    return tokens + (nowNanos - last) * ratePerNano >= burst;
  }
}
