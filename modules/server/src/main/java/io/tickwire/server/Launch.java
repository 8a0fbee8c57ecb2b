package io.tickwire.server;

import io.tickwire.gateway.GatewayNode;
import io.tickwire.notifications.NotificationsNode;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.vertx.core.Future;

/** What the launcher deploys, in order, and the banner it prints. */
final class Launch {

  private Launch() {
  }

  /**
   * Deploys every module of a node: the gateway (its channel log serves the others), then the
   * notifications. Answers the gateway's port.
   */
  static Future<Integer> deploy(Deployments deployments, TickwireConfig config, Node node) {
    return GatewayNode.deploy(deployments, config.gateway(), node)
        .compose(port -> NotificationsNode.deploy(deployments, config.notifications(), node)
            .map(port));
  }

  static String banner(int port, TickwireConfig config) {
    String base = "http://localhost:" + port;
    StringBuilder text = new StringBuilder()
        .append("\ntickwire is running (node ").append(config.nodeId()).append(")\n")
        .append("  WebSocket   ws://localhost:").append(port).append("/ws\n")
        .append("  HTTP API    ").append(base).append("/api/publish\n")
        .append("  health      ").append(base).append("/health\n")
        .append("  metrics     ").append(base).append("/metrics\n");
    if (config.gateway().auth().devTokens()) {
      text.append("  dev token   ").append(base).append("/dev/token?sub=alice\n");
    }
    return text.append("Press Ctrl-C to stop.\n").toString();
  }
}
