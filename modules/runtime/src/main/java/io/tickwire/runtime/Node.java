package io.tickwire.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every verticle of one node shares: the node's id (announced to clients), its meter
 * registry (scraped at {@code /metrics}), and its readiness (served at {@code /health/ready}).
 * Thread-safe.
 */
public record Node(String id, PrometheusMeterRegistry registry, AtomicBoolean ready) {

  public Node(String id, PrometheusMeterRegistry registry) {
    this(id, registry, new AtomicBoolean());
  }

  public boolean isReady() {
    return ready.get();
  }
}
