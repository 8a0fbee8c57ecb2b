package io.tickwire.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/** Builds the Vert.x instance of a node with its own Prometheus meter registry. */
public final class Nodes {

  private Nodes() {
  }

  /** A node with a fresh Prometheus registry whose meters are tagged with the node id. */
  public static Node node(String nodeId) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeId);
    return new Node(nodeId, registry);
  }

  /** A Vert.x builder wired to the node's registry; add clustering before building if needed. */
  public static io.vertx.core.VertxBuilder builder(Node node, VertxOptions options) {
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
