package io.tickwire.gateway;

import io.micrometer.core.instrument.Gauge;
import io.tickwire.channels.ChannelLog;
import io.tickwire.channels.ChannelLogVerticle;
import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannelStore;
import io.tickwire.channels.LocalChannels;
import io.tickwire.gateway.admin.AdminBoard;
import io.tickwire.gateway.admin.AdminSources;
import io.tickwire.gateway.admin.AdminVerticle;
import io.tickwire.gateway.auth.Authenticator;
import io.tickwire.gateway.auth.Bans;
import io.tickwire.gateway.endpoint.Admission;
import io.tickwire.gateway.endpoint.ConnectionRegistry;
import io.tickwire.gateway.endpoint.GatewayVerticle;
import io.tickwire.gateway.endpoint.HeartbeatVerticle;
import io.tickwire.gateway.endpoint.LocalConnectionRegistry;
import io.tickwire.gateway.ops.OpsVerticle;
import io.tickwire.gateway.presence.LocalPresenceRegistry;
import io.tickwire.gateway.presence.PresenceIndex;
import io.tickwire.gateway.presence.PresenceRegistry;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Deploys the gateway module's verticles on a node, in dependency order: the node's channel log
 * (module channels, which everything publishes through), system methods, heartbeat, then the
 * gateway instances (the first one binds the port, the others share it; {@code
 * gateway.instances}, or one per event loop of the node), when {@code admin.enabled} the admin
 * console's {@link AdminVerticle}, and when {@code ops.enabled} the management port. {@link Deployments#undeployAll()} takes them down in reverse. The health
 * detail {@value #HEALTH_DETAIL} says how many instances run on how many event loops.
 */
public final class GatewayModule {

  /**
   * The ports a node listens on.
   *
   * @param http the public port: WebSocket, SSE, the HTTP API, the dashboard
   * @param ops the management port, or -1 when {@code ops.enabled} is false
   */
  public record Ports(int http, int ops) {
  }

  /** The name of the gateway's detail in {@code /health}. */
  public static final String HEALTH_DETAIL = "gateway";

  private GatewayModule() {
  }

  /** Deploys everything on a single node; answers the port the gateway listens on. */
  public static Future<Integer> deploy(Deployments deployments, GatewaySetup setup, NodeContext node) {
    return deploy(deployments, setup, node, LocalChannelStore::new,
        (vertx, max) -> new LocalConnectionRegistry(max));
  }

  /** Deploys everything with the given channel store; answers the gateway's port. */
  public static Future<Integer> deploy(Deployments deployments, GatewaySetup setup, NodeContext node,
      ChannelStore.Factory store) {
    return deploy(deployments, setup, node, store,
        (vertx, max) -> new LocalConnectionRegistry(max));
  }

  /** Deploys everything with the given channel store and connection registry. */
  public static Future<Integer> deploy(Deployments deployments, GatewaySetup setup, NodeContext node,
      ChannelStore.Factory store, ConnectionRegistry.Factory registry) {
    return start(deployments, setup, node, store, registry).map(Ports::http);
  }

  /** Deploys everything with the given store and registry; answers both ports. */
  public static Future<Ports> start(Deployments deployments, GatewaySetup setup, NodeContext node,
      ChannelStore.Factory store, ConnectionRegistry.Factory registry) {
    return start(deployments, setup, node, store, registry, AdminSources.single());
  }

  /**
   * Deploys everything with the given store and registry, and with {@code admin.enabled} the
   * admin console's verticle last, showing {@code admin}'s ownership and configuration; answers
   * both ports.
   */
  public static Future<Ports> start(Deployments deployments, GatewaySetup setup, NodeContext node,
      ChannelStore.Factory store, ConnectionRegistry.Factory registry, AdminSources admin) {
    return start(deployments, setup, node, store, registry, admin,
        (vertx, index) -> new LocalPresenceRegistry(index));
  }

  /**
   * Deploys everything as {@link #start(Deployments, GatewaySetup, NodeContext,
   * ChannelStore.Factory, ConnectionRegistry.Factory, AdminSources)} does, with subscribers of
   * tracked namespaces recorded in {@code presence}'s registry.
   */
  public static Future<Ports> start(Deployments deployments, GatewaySetup setup, NodeContext node,
      ChannelStore.Factory store, ConnectionRegistry.Factory registry, AdminSources admin,
      PresenceRegistry.Factory presence) {
    GatewayMetrics metrics = new GatewayMetrics(node.registry());
    LocalChannels channels = new LocalChannels();
    ChannelLog log = new ChannelLog(node.registry(), setup.gateway().requestTimeoutMs());
    // One admission for the whole node: its cap and per-address buckets span every instance.
    Admission admission = new Admission(setup.gateway().edge());
    Gauge.builder("tickwire.gateway.admitted", admission, Admission::open)
        .description("WebSockets and SSE streams open, counted against gateway.maxConnections")
        .register(node.registry());
    PresenceIndex index = new PresenceIndex(setup.namespaces());
    Gauge.builder("tickwire.presence.channels", index, PresenceIndex::channelCount)
        .description("Channels of namespaces with presence or joinLeave that have subscribers, "
            + "cluster-wide")
        .register(node.registry());
    return Authenticator.create(deployments.vertx(), setup.auth()).compose(authenticator -> {
      GatewayContext context = new GatewayContext(setup, node, metrics, authenticator,
          channels, registry.create(deployments.vertx(),
              setup.gateway().maxConnectionsPerUser()), log, new Bans(), new AdminBoard(),
          index, presence.create(deployments.vertx(), index));
      context.admin().showConfig(admin.config());
      int instances = setup.gateway().instancesOr(node.eventLoops());
      JsonObject detail = new JsonObject().put("instances", instances)
          .put("eventLoops", node.eventLoops());
      node.health().put(HEALTH_DETAIL, detail::copy);
      // Port 0 becomes -1: servers listening on the same negative port share one random port.
      int listenPort = setup.gateway().port() == 0 ? -1 : setup.gateway().port();
      GatewayVerticle first = new GatewayVerticle(context, listenPort, admission);
      OpsVerticle ops = new OpsVerticle(setup.ops(), setup.gateway().edge().httpIdleTimeoutMs(),
          node, metrics::connections);
      return deployments.deploy(() -> new ChannelLogVerticle(log, setup.namespaces(),
              setup.api().idempotencyTtlMs(), node.registry(), store, channels), 1)
          .compose(id -> deployments.deploy(() -> new SystemMethodsVerticle(node.id()), 1))
          .compose(id -> deployments.deploy(
              () -> new HeartbeatVerticle(setup.heartbeat(), node.registry()), 1))
          .compose(id -> deployments.deploy(() -> first, 1))
          .compose(id -> instances <= 1 ? Future.succeededFuture(id) : deployments.deploy(
              () -> new GatewayVerticle(context, listenPort, admission), instances - 1))
          .compose(id -> !setup.admin().enabled() ? Future.succeededFuture(id)
              : deployments.deploy(() -> new AdminVerticle(context, admin.ownership()), 1))
          .compose(id -> setup.ops().enabled() ? deployments.deploy(() -> ops, 1)
              .map(opsId -> new Ports(first.actualPort(), ops.actualPort()))
              : Future.succeededFuture(new Ports(first.actualPort(), -1)));
    });
  }
}
