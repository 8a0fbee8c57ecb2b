package io.tickwire.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * Builds the Vert.x instance of a node, metered into the node's own Prometheus registry
 * ({@link NodeContext#registry()}).
 */
public final class MeteredVertx {

  private MeteredVertx() {
  }

  /**
   * A Vert.x builder wired to the node's registry, its event-loop pool sized to the node's
   * {@link NodeContext#eventLoops()}; add clustering before building if needed.
   */
  public static io.vertx.core.VertxBuilder builder(NodeContext node, VertxOptions options) {
    options.setEventLoopPoolSize(node.eventLoops());
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(node.registry()));
  }

  /** A non-clustered, metered Vert.x for {@code node}, with tickwire's codecs registered. */
  public static Vertx start(NodeContext node, VertxOptions options) {
    Vertx vertx = builder(node, options).build();
    Codecs.register(vertx);
    return vertx;
  }
}
