package io.tickwire.server;

import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannelStore;
import io.tickwire.cluster.ClusterNode;
import io.tickwire.gateway.endpoint.ConnectionRegistry;
import io.tickwire.gateway.endpoint.LocalConnectionRegistry;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.SharedDocuments;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x a node runs on, clustered or not, with the channel store that goes with it. Start
 * and close from a thread that is not an event loop.
 */
final class NodeRuntime {

  private final Vertx vertx;
  private final ChannelStore.Factory channelStore;
  private final ConnectionRegistry.Factory connections;
  private final ClusterNode cluster;

  private NodeRuntime(Vertx vertx, ChannelStore.Factory channelStore,
      ConnectionRegistry.Factory connections, ClusterNode cluster) {
    this.vertx = vertx;
    this.channelStore = channelStore;
    this.connections = connections;
    this.cluster = cluster;
  }

  /** A single node, or a cluster member when {@code cluster.enabled}. */
  static NodeRuntime start(TickwireConfig config, Node node) {
    if (!config.cluster().enabled()) {
      return new NodeRuntime(Nodes.start(node, new VertxOptions()), LocalChannelStore::new,
          (vertx, max) -> new LocalConnectionRegistry(max), null);
    }
    ClusterNode cluster = ClusterNode.start(node, new VertxOptions(), config.cluster());
    return new NodeRuntime(cluster.vertx(), cluster.channelStore(), cluster.connectionRegistry(),
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
