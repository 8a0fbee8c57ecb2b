package io.tickwire.cluster;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.gateway.admin.AdminSources;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.ForkedNode;
import io.tickwire.testkit.core.NodeFixture;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * A cluster member with its gateway in a JVM of its own, for tests that kill or freeze it.
 * Arguments: the node id, its {@code cluster} section and its gateway configuration, as JSON.
 */
final class ForkedMemberMain {

  private ForkedMemberMain() {
  }

  public static void main(String[] args) {
    // The members it joins are already up: no need to wait for others to appear.
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
    NodeContext node = NodeContext.create(args[0]);
    ClusterConfig config = ClusterConfig.from(Section.root(new JsonObject()
        .put("cluster", new JsonObject(args[1]))).section("cluster"));
    JsonObject json = new JsonObject(args[2]);
    ClusterMember cluster = ClusterMember.start(node, new VertxOptions(), config);
    Deployments deployments = new Deployments(cluster.vertx());
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    int port = NodeFixture.deploy(cluster.vertx(), () -> GatewayModule.start(deployments, setup,
        node, cluster.channelStore(), cluster.connectionRegistry(),
        new AdminSources(cluster.ownership(), json), cluster.presenceRegistry())
        .map(GatewayModule.Ports::http));
    node.ready().set(true);
    ForkedNode.announce(port);
  }
}
