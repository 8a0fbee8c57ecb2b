package io.tickwire.server;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.testkit.core.NodeFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A node as the launcher deploys it ({@link Launch#deploy}) from a loaded configuration, on the
 * foundation that configuration asks for, with the clients of {@link NodeFixture}. It stops as the
 * launcher does: hands its work off (a member), undeploys in reverse order, closes Vert.x.
 */
final class LaunchedNode extends NodeFixture {

  final NodeContext node;
  final GatewayModule.Ports ports;

  private LaunchedNode(NodeContext node, NodeFoundation foundation, Deployments deployments,
      GatewayModule.Ports ports) {
    super(foundation.vertx(), ports.http(), () -> {
      foundation.handOff();
      return deployments.undeployAll();
    });
    this.node = node;
    this.ports = ports;
  }

  /**
   * {@code overrides} and the variables that keep a test node on loopback, on a port the system
   * picks, with its stores in {@code dir}.
   */
  static Map<String, String> env(Path dir, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(overrides);
    env.put("TICKWIRE_GATEWAY_PORT", "0");
    env.put("TICKWIRE_GATEWAY_HOST", "127.0.0.1");
    env.put("TICKWIRE_TRANSACTIONS_STORE_PATH", dir.resolve("watch.json").toString());
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_KIND", "embedded");
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_PATH", dir.resolve("notifications").toString());
    return env;
  }

  /** Deploys what the launcher deploys for {@code config} on {@code node}. */
  static LaunchedNode start(TickwireConfig config, NodeContext node) {
    NodeFoundation foundation = NodeFoundation.start(config, node);
    Deployments deployments = new Deployments(foundation.vertx());
    GatewayModule.Ports ports = deploy(foundation.vertx(),
        () -> Launch.deploy(deployments, config, node, foundation));
    return new LaunchedNode(node, foundation, deployments, ports);
  }
}
