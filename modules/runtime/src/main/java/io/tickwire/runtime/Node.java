package io.tickwire.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every verticle of one node shares: the node's id (announced to clients), its meter
 * registry (scraped at {@code /metrics}), its readiness (served at {@code /health/ready}) and the
 * health details modules contribute (served at {@code /health}). Thread-safe.
 */
public record Node(String id, PrometheusMeterRegistry registry, AtomicBoolean ready,
    HealthDetails health) {

  public Node(String id, PrometheusMeterRegistry registry) {
    this(id, registry, new AtomicBoolean());
  }

  public Node(String id, PrometheusMeterRegistry registry, AtomicBoolean ready) {
    this(id, registry, ready, new HealthDetails());
  }

  public boolean isReady() {
    return ready.get();
  }
}
