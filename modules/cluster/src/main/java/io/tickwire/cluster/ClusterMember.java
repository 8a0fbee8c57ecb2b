package io.tickwire.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.tickwire.channels.ChannelStore;
import io.tickwire.gateway.endpoint.ConnectionRegistry;
import io.tickwire.gateway.presence.PresenceRegistry;
import io.tickwire.runtime.Codecs;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.SharedDocuments;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * A clustered node: its Hazelcast member, its clustered Vert.x and the member's
 * {@link OwnerFanout}.
 * The event bus listens on the member's address and {@code cluster.eventBusPort}, with mutual
 * TLS when {@code cluster.eventBusTls} is on, and seals the caller of every request it sends
 * ({@link CallerSeal}). Start and close it from a thread that is not an event loop (the
 * launcher's main thread, a test thread): both block until the member has joined or left.
 */
public final class ClusterMember {

  private final HazelcastInstance hazelcast;
  private final Vertx vertx;
  private final PartitionOwnership ownership;

  private ClusterMember(HazelcastInstance hazelcast, Vertx vertx) {
    this.hazelcast = hazelcast;
    this.vertx = vertx;
    this.ownership = new PartitionOwnership(hazelcast);
  }

  /** Joins the cluster described by {@code config}. */
  public static ClusterMember start(NodeContext node, VertxOptions options, ClusterConfig config) {
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(HazelcastConfigs.build(config));
    try {
      // The bus binds and announces the member's own address: handed a running member, the
      // Vert.x cluster manager names no host, and Vert.x would take the first address of the
      // first network interface it finds.
      EventBusOptions bus = options.getEventBusOptions()
          .setHost(hazelcast.getCluster().getLocalMember().getAddress().getHost())
          .setPort(config.eventBusPort());
      config.eventBusTls().applyTo(bus);
      Vertx vertx = MeteredVertx.builder(node, options)
          .withClusterManager(new HazelcastClusterManager(hazelcast))
          .buildClustered().await(60, TimeUnit.SECONDS);
      Codecs.register(vertx);
      CallerSeal.install(vertx, config.identitySecret(), node.registry());
      ClusterMetrics.install(hazelcast, node.registry());
      OwnerFanout.install(hazelcast, vertx);
      HazelcastConnectionRegistry.forgetLeavers(hazelcast);
      HazelcastPresenceRegistry.forgetLeavers(hazelcast);
      return new ClusterMember(hazelcast, vertx);
    } catch (Exception e) {
      hazelcast.shutdown();
      throw new IllegalStateException("cannot join the cluster: " + e.getMessage(), e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** The channel store of this node, for {@code GatewayModule.deploy}. */
  public ChannelStore.Factory channelStore() {
    return channelStore(HazelcastChannelStore.DEFAULT_HOLD_LEASE_MS);
  }

  /** The channel store of this node, with members' holds on channels lasting {@code holdLeaseMs}. */
  ChannelStore.Factory channelStore(long holdLeaseMs) {
    return (vertx, idempotencyTtlMs, held) ->
        new HazelcastChannelStore(vertx, hazelcast, idempotencyTtlMs, held, holdLeaseMs);
  }

  /** Which keys (symbols, the chain, rule partitions) this member works on. */
  public Ownership ownership() {
    return ownership;
  }

  /** Documents kept by the cluster for whichever member does a service's work. */
  public SharedDocuments documents() {
    return new HazelcastDocuments(vertx, hazelcast);
  }

  /** The connection registry of this node, for {@code GatewayModule.deploy}. */
  public ConnectionRegistry.Factory connectionRegistry() {
    return (vertx, maxPerUser) -> new HazelcastConnectionRegistry(vertx, hazelcast, maxPerUser);
  }

  /** The presence registry of this node, for {@code GatewayModule.start}. */
  public PresenceRegistry.Factory presenceRegistry() {
    return (vertx, index) -> new HazelcastPresenceRegistry(vertx, hazelcast, index);
  }

  /**
   * Hands this member's work to the others, first thing when it stops: it owns nothing from now
   * on (its price symbols, rule partitions and chain subscription stop here, told through
   * {@link Ownership#onChange}), then the member shuts down gracefully, which moves its
   * partitions and their channels to the others (and so the ownership of its keys) while this
   * node still fans out what it sequences. Afterwards the node is out of the cluster: undeploy
   * its verticles (the gateways close their sockets with 1001), then {@link #close()}. Blocks
   * until the partitions have moved.
   */
  public void handOff() {
    ownership.leave();
    hazelcast.shutdown();
  }

  /** Leaves the cluster (handing off first, unless {@link #handOff()} did), then closes Vert.x. */
  public void close() throws Exception {
    try {
      if (hazelcast.getLifecycleService().isRunning()) {
        handOff();
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
