package io.tickwire.server;

import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannelStore;
import io.tickwire.cluster.ClusterMember;
import io.tickwire.gateway.endpoint.ConnectionRegistry;
import io.tickwire.gateway.endpoint.LocalConnectionRegistry;
import io.tickwire.gateway.presence.LocalPresenceRegistry;
import io.tickwire.gateway.presence.PresenceRegistry;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.SharedDocuments;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * What a node's modules are deployed on: its Vert.x, clustered or not, and the stores and
 * ownership that go with it (in memory alone; Hazelcast's in a cluster). Start and close from a
 * thread that is not an event loop.
 */
final class NodeFoundation {

  private final Vertx vertx;
  private final ChannelStore.Factory channelStore;
  private final ConnectionRegistry.Factory connections;
  private final ClusterMember cluster;

  private NodeFoundation(Vertx vertx, ChannelStore.Factory channelStore,
      ConnectionRegistry.Factory connections, ClusterMember cluster) {
    this.vertx = vertx;
    this.channelStore = channelStore;
    this.connections = connections;
    this.cluster = cluster;
  }

  /** A single node, or a cluster member when {@code cluster.enabled}. */
  static NodeFoundation start(TickwireConfig config, NodeContext node) {
    if (!config.cluster().enabled()) {
      return new NodeFoundation(MeteredVertx.start(node, new VertxOptions()), LocalChannelStore::new,
          (vertx, max) -> new LocalConnectionRegistry(max), null);
    }
    ClusterMember cluster = ClusterMember.start(node, new VertxOptions(), config.cluster());
    return new NodeFoundation(cluster.vertx(), cluster.channelStore(), cluster.connectionRegistry(),
        cluster);
  }

  Vertx vertx() {
    return vertx;
  }

  ChannelStore.Factory channelStore() {
    return channelStore;
  }

  ConnectionRegistry.Factory connections() {
    return connections;
  }

  /** Where subscribers of tracked namespaces are recorded: the node alone, or the cluster. */
  PresenceRegistry.Factory presence() {
    return cluster == null ? (vertx, index) -> new LocalPresenceRegistry(index)
        : cluster.presenceRegistry();
  }

  /** Documents the cluster keeps for a service's owner, or {@code null} on a single node. */
  SharedDocuments documents() {
    return cluster == null ? null : cluster.documents();
  }

  /** Which keys this node works on: everything alone, its partitions in a cluster. */
  Ownership ownership() {
    return cluster == null ? Ownership.single() : cluster.ownership();
  }

  /**
   * For a member: hands its ownership (symbols, rule partitions, the chain) and its channels to
   * the others and leaves the cluster, before anything is undeployed. Nothing to do alone.
   */
  void handOff() {
    if (cluster != null) {
      cluster.handOff();
    }
  }

  /** Closes Vert.x and, for a member, leaves the cluster if it did not already. */
  void close() throws Exception {
    if (cluster != null) {
      cluster.close();
    } else {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
