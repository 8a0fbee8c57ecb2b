package io.tickwire.gateway.fanout;

import io.tickwire.gateway.GatewayMetrics;

/**
 * Counts the channel messages a loop writes and adds them to {@code tickwire.gateway.delivered}
 * in one increment per run of messages of the same namespace, instead of one per message. Lives
 * for one loop on one event loop.
 */
public final class DeliveryTally {

  private final GatewayMetrics metrics;
  private String namespace;
  private int count;

  public DeliveryTally(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  /** One more message of {@code namespace} written. */
  public void add(String namespace) {
    if (!namespace.equals(this.namespace)) {
      record();
      this.namespace = namespace;
    }
    count++;
  }

  /** Adds what was counted since the last call to the counters. */
  public void record() {
    if (count > 0) {
      metrics.delivered(namespace).increment(count);
      count = 0;
    }
  }
}
