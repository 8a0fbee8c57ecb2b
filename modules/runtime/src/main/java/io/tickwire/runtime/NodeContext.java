package io.tickwire.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every verticle of one node shares (not a Vert.x {@code Context}): the node's id
 * (announced to clients), its meter registry (scraped at {@code /metrics}), its readiness (served
 * at {@code /health/ready}), the health details modules contribute (served at {@code /health})
 * and the number of event loops its Vert.x runs ({@link MeteredVertx#builder} sizes the pool from
 * it; modules that deploy one instance per loop read it here). Thread-safe.
 */
public record NodeContext(String id, PrometheusMeterRegistry registry, AtomicBoolean ready,
    HealthDetails health, int eventLoops) {

  /** The event loops of a node whose configuration names none: one per core. */
  public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  public NodeContext {
    if (eventLoops < 1) {
      throw new IllegalArgumentException("a node runs at least one event loop, not " + eventLoops);
    }
  }

  public NodeContext(String id, PrometheusMeterRegistry registry, int eventLoops) {
    this(id, registry, new AtomicBoolean(), new HealthDetails(), eventLoops);
  }

  /** A node on {@link #DEFAULT_EVENT_LOOPS} event loops. */
  public static NodeContext create(String nodeId) {
    return create(nodeId, DEFAULT_EVENT_LOOPS);
  }

  /**
   * A node on {@code eventLoops} event loops, with a fresh Prometheus registry whose meters are
   * tagged with the node id.
   */
  public static NodeContext create(String nodeId, int eventLoops) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeId);
    return new NodeContext(nodeId, registry, eventLoops);
  }

  public boolean isReady() {
    return ready.get();
  }
}
