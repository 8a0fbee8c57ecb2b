package io.tickwire.bench.jmh;

import io.tickwire.channels.ChannelLog;
import io.tickwire.channels.LocalChannels;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.GatewayMetrics;
import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.gateway.auth.Authenticator;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.endpoint.LocalConnectionRegistry;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonObject;

/**
 * What a gateway instance shares, built for the gateway benchmarks from the gateway's public
 * types as {@link GatewayModule} builds it (a node with its Prometheus registry, the gateway's
 * meters, the local connection registry), from a configuration with the defaults of every key
 * and the dev profile's namespaces.
 *
 * <p>One departure, for every benchmark: the rate limit refills faster than any frame rate, so
 * every frame takes the limiter's pass path (its token bucket still runs per frame). With the
 * default 50 frames/s a benchmark would measure refusals.
 */
final class BenchGateway {

  /** A HS256 secret for the authenticator; nothing is signed or verified in the benchmarks. */
  private static final String SECRET = "tickwire-bench-secret-0123456789";

  private BenchGateway() {
  }

  /** The gateway's sections with their defaults, the dev namespaces and no effective rate limit. */
  static GatewaySetup setup() {
    JsonObject conf = new JsonObject()
        .put("auth", new JsonObject().put("hmacSecret", SECRET))
        .put("namespaces", new JsonObject()
            .put("prices", namespace("public", "latest", 100)
                .put("keyPattern", "[A-Z0-9]{2,10}-[A-Z0-9]{2,10}"))
            .put("market", namespace("public", "latest", 100).put("keyPattern", "overview"))
            .put("blocks", namespace("public", "stream", 1_000).put("keyPattern", "^$"))
            .put("tx", namespace("public", "stream", 1_000).put("keyPattern", "0x[0-9a-f]{64}"))
            .put("wallet", namespace("wallet", "stream", 1_000)
                .put("keyPattern", "0x[0-9a-f]{40}"))
            .put("user", namespace("owner", "stream", 1_000)));
    Section root = Section.root(conf);
    GatewaySetup setup = GatewaySetup.from(root);
    root.done();
    GatewayConfig config = setup.gateway();
    GatewayConfig.RateLimit limit = config.rateLimit();
    GatewayConfig unlimited = new GatewayConfig(config.host(), config.port(), config.instances(),
        config.maxFrameBytes(), config.maxSubscriptions(), config.maxConnectionsPerUser(),
        config.compression(), config.coalesceFlushes(), config.outboundQueueMessages(),
        config.writeQueueBytes(), config.outboundQueueBytes(),
        config.requestTimeoutMs(), config.closeTimeoutMs(),
        new GatewayConfig.RateLimit(1e12, limit.burst(), limit.maxViolations(),
            limit.violationWindowMs()), config.edge(), config.autoSubscribe());
    return new GatewaySetup(unlimited, setup.heartbeat(), setup.auth(), setup.api(),
        setup.namespaces(), setup.demo(), setup.ops(), setup.admin());
  }

  /** A node as {@link MeteredVertx#node} makes it. */
  static NodeContext node() {
    return NodeContext.create("bench");
  }

  /**
   * The shared context of the node's gateway instances.
   *
   * @param authenticator the node's authenticator; {@code null} where the measured path never
   *     authenticates (fan-out)
   */
  static GatewayContext context(GatewaySetup setup, NodeContext node, Authenticator authenticator) {
    return new GatewayContext(setup, node, new GatewayMetrics(node.registry()), authenticator,
        new LocalChannels(),
        new LocalConnectionRegistry(setup.gateway().maxConnectionsPerUser()),
        new ChannelLog(node.registry(), setup.gateway().requestTimeoutMs()));
  }

  private static JsonObject namespace(String access, String mode, int historySize) {
    return new JsonObject().put("access", access).put("mode", mode)
        .put("historySize", historySize).put("historyTtlMs", 300_000);
  }
}
