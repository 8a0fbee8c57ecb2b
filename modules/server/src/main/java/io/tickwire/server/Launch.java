package io.tickwire.server;

import io.tickwire.gateway.ChannelStore;
import io.tickwire.gateway.ConnectionRegistry;
import io.tickwire.gateway.GatewayNode;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.tickwire.transactions.TransactionsNode;
import io.vertx.core.Future;

/** What the launcher deploys, in order, and the banner it prints. */
final class Launch {

  private Launch() {
  }

  /**
   * Deploys every module of a node, the gateway's verticles first (the services publish through
   * its channel log); answers the gateway's port.
   */
  static Future<Integer> deploy(Deployments deployments, TickwireConfig config, Node node,
      ChannelStore.Factory channelStore, ConnectionRegistry.Factory connections) {
    return GatewayNode.deploy(deployments, config.gateway(), node, channelStore, connections)
        .compose(port -> TransactionsNode.deploy(deployments, config.transactions(), node,
            config.gateway().demo().wallets()).map(ignored -> port));
  }

  static String banner(int port, TickwireConfig config) {
    String base = "http://localhost:" + port;
    StringBuilder text = new StringBuilder()
        .append("\ntickwire is running (node ").append(config.nodeId())
        .append(config.cluster().enabled() ? ", cluster " + config.cluster().name() : "")
        .append(")\n")
        .append("  dashboard   ").append(base).append("/\n")
        .append("  WebSocket   ws://localhost:").append(port).append("/ws\n")
        .append("  SSE         ").append(base).append("/sse?channels=prices.BTC-USD\n")
        .append("  HTTP API    ").append(base).append("/api/publish\n")
        .append("  health      ").append(base).append("/health\n")
        .append("  metrics     ").append(base).append("/metrics\n");
    if (config.transactions().enabled()) {
      text.append("  chain       ").append(config.transactions().source())
          .append(" (channels blocks, tx.<hash>, wallet.<address>)\n");
    }
    if (config.gateway().auth().devTokens()) {
      text.append("  dev token   ").append(base).append("/dev/token?sub=alice\n");
    }
    return text.append("Press Ctrl-C to stop.\n").toString();
  }
}
