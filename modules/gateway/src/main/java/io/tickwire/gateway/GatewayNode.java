package io.tickwire.gateway;

import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;

/**
 * Deploys the gateway module's verticles on a node, in dependency order: channel log, system
 * methods, heartbeat, then the gateway instances (the first one binds the port, the others share
 * it). {@link Deployments#undeployAll()} takes them down in reverse.
 */
public final class GatewayNode {

  private GatewayNode() {
  }

  /** Deploys everything on a single node; answers the port the gateway listens on. */
  public static Future<Integer> deploy(Deployments deployments, GatewaySetup setup, Node node) {
    return deploy(deployments, setup, node, LocalChannelStore::new,
        (vertx, max) -> new LocalConnectionRegistry(max));
  }

  /** Deploys everything with the given channel store; answers the gateway's port. */
  public static Future<Integer> deploy(Deployments deployments, GatewaySetup setup, Node node,
      ChannelStore.Factory store) {
    return deploy(deployments, setup, node, store,
        (vertx, max) -> new LocalConnectionRegistry(max));
  }

  /** Deploys everything with the given channel store and connection registry. */
  public static Future<Integer> deploy(Deployments deployments, GatewaySetup setup, Node node,
      ChannelStore.Factory store, ConnectionRegistry.Factory registry) {
    GatewayMetrics metrics = new GatewayMetrics(node.registry());
    LocalChannels channels = new LocalChannels();
    return Authenticator.create(deployments.vertx(), setup.auth()).compose(authenticator -> {
      GatewayContext context = new GatewayContext(setup, node, metrics, authenticator,
          channels, registry.create(deployments.vertx(),
              setup.gateway().maxConnectionsPerUser()));
      int instances = setup.gateway().instancesOr(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
      // Port 0 becomes -1: servers listening on the same negative port share one random port.
      int listenPort = setup.gateway().port() == 0 ? -1 : setup.gateway().port();
      GatewayVerticle first = new GatewayVerticle(context, listenPort);
      return deployments.deploy(() -> new ChannelLogVerticle(setup.namespaces(),
              setup.api().idempotencyTtlMs(), node.registry(), store, channels), 1)
          .compose(id -> deployments.deploy(() -> new SystemMethodsVerticle(node.id()), 1))
          .compose(id -> deployments.deploy(
              () -> new HeartbeatVerticle(setup.heartbeat(), node.registry()), 1))
          .compose(id -> deployments.deploy(() -> first, 1))
          .compose(id -> instances <= 1 ? Future.succeededFuture(id) : deployments.deploy(
              () -> new GatewayVerticle(context, listenPort), instances - 1))
          .map(id -> first.actualPort());
    });
  }
}
