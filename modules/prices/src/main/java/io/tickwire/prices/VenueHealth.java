package io.tickwire.prices;

/**
 * Whether a venue connection can be trusted, from what it sends. It starts unhealthy
 * ({@value #CONNECTING}); any valid message makes it healthy; it becomes unhealthy when it
 * disconnects ({@value #DISCONNECTED}), when nothing valid arrived for {@code stallAfterMs}
 * ({@value #STALLED}), or after {@code malformedLimit} malformed messages without valid data
 * between them ({@value #MALFORMED}, which only valid data clears). Each event answers whether
 * the health changed. A plain class; not thread-safe.
 */
final class VenueHealth {

  static final String CONNECTING = "connecting";
  static final String DISCONNECTED = "disconnected";
  static final String STALLED = "stalled";
  static final String MALFORMED = "malformed";

  private final long stallAfterMs;
  private final int malformedLimit;
  private boolean healthy;
  private String reason = CONNECTING;
  private long since;
  private long lastValidAt;
  private int malformedInRow;

  VenueHealth(long stallAfterMs, int malformedLimit, long now) {
    this.stallAfterMs = stallAfterMs;
    this.malformedLimit = malformedLimit;
    this.since = now;
    this.lastValidAt = now;
  }

  boolean healthy() {
    return healthy;
  }

  /** Why it is unhealthy, or {@code null}. */
  String reason() {
    return healthy ? null : reason;
  }

  /** Since when it is in its current state. */
  long since() {
    return since;
  }

  /** A connection opened: the stall clock starts. */
  boolean connected(long now) {
    lastValidAt = now;
    return false;
  }

  /** A valid message that is not data (heartbeat, acknowledgement, pong, ping frame). */
  boolean alive(long now) {
    lastValidAt = now;
    return !healthy && !MALFORMED.equals(reason) && become(true, null, now);
  }

  /** Valid data. */
  boolean data(long now) {
    lastValidAt = now;
    malformedInRow = 0;
    return become(true, null, now);
  }

  boolean malformed(long now) {
    malformedInRow++;
    return malformedInRow >= malformedLimit && become(false, MALFORMED, now);
  }

  boolean disconnected(long now) {
    return become(false, DISCONNECTED, now);
  }

  /** Checks for silence; answers whether the venue just became stalled. */
  boolean check(long now) {
    return stalled(now) && healthy && become(false, STALLED, now);
  }

  /** Whether nothing valid arrived for {@code stallAfterMs}. */
  boolean stalled(long now) {
    return now - lastValidAt > stallAfterMs;
  }

  private boolean become(boolean nowHealthy, String newReason, long now) {
    if (healthy == nowHealthy && (nowHealthy || newReason.equals(reason))) {
      return false;
    }
    healthy = nowHealthy;
    reason = newReason;
    since = now;
    return true;
  }
}
