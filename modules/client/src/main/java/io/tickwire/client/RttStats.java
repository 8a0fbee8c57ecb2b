package io.tickwire.client;

/**
 * Round trips of application-level pings ({@code ping} → {@code pong}), through the server's
 * frame pipeline. Immutable: {@link #plus(long)} gives the next statistics.
 *
 * @param count pongs received
 * @param lastMs the last round trip
 * @param minMs the shortest
 * @param maxMs the longest
 * @param meanMs the mean of all
 * @param smoothedMs an exponentially weighted mean (weight 1/8 for each new sample, as TCP's
 *     SRTT), which follows changes of the network while ignoring single outliers
 */
public record RttStats(long count, double lastMs, double minMs, double maxMs, double meanMs,
    double smoothedMs) {

  /** No sample yet. */
  public static final RttStats EMPTY = new RttStats(0, 0, 0, 0, 0, 0);

  /** The statistics with one more round trip of {@code nanos}. */
  public RttStats plus(long nanos) {
    double ms = nanos / 1_000_000.0;
    if (count == 0) {
      return new RttStats(1, ms, ms, ms, ms, ms);
    }
    long next = count + 1;
    return new RttStats(next, ms, Math.min(minMs, ms), Math.max(maxMs, ms),
        meanMs + (ms - meanMs) / next, smoothedMs + (ms - smoothedMs) / 8);
  }
}
