package io.tickwire.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/** Builds the Vert.x instance of a node with its own Prometheus meter registry. */
public final class Nodes {

  /** The event loops of a node whose configuration names none: one per core. */
  public static final int DEFAULT_EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  private Nodes() {
  }

  /** A node on {@link #DEFAULT_EVENT_LOOPS} event loops. */
  public static Node node(String nodeId) {
    return node(nodeId, DEFAULT_EVENT_LOOPS);
  }

  /**
   * A node on {@code eventLoops} event loops, with a fresh Prometheus registry whose meters are
   * tagged with the node id.
   */
  public static Node node(String nodeId, int eventLoops) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeId);
    return new Node(nodeId, registry, eventLoops);
  }

  /**
   * A Vert.x builder wired to the node's registry, its event-loop pool sized to the node's
   * {@link Node#eventLoops()}; add clustering before building if needed.
   */
  public static io.vertx.core.VertxBuilder builder(Node node, VertxOptions options) {
    options.setEventLoopPoolSize(node.eventLoops());
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(node.registry()));
  }

  /** A non-clustered, metered Vert.x for {@code node}, with tickwire's codecs registered. */
  public static Vertx start(Node node, VertxOptions options) {
    Vertx vertx = builder(node, options).build();
    Codecs.register(vertx);
    return vertx;
  }
}
