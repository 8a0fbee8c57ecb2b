package io.tickwire.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every verticle of one node shares: the node's id (announced to clients), its meter
 * registry (scraped at {@code /metrics}), its readiness (served at {@code /health/ready}), the
 * health details modules contribute (served at {@code /health}) and the number of event loops
 * its Vert.x runs ({@link Nodes#builder} sizes the pool from it; modules that deploy one
 * instance per loop read it here). Thread-safe.
 */
public record Node(String id, PrometheusMeterRegistry registry, AtomicBoolean ready,
    HealthDetails health, int eventLoops) {

  public Node {
    if (eventLoops < 1) {
      throw new IllegalArgumentException("a node runs at least one event loop, not " + eventLoops);
    }
  }

  public Node(String id, PrometheusMeterRegistry registry, int eventLoops) {
    this(id, registry, new AtomicBoolean(), new HealthDetails(), eventLoops);
  }

  public boolean isReady() {
    return ready.get();
  }
}
