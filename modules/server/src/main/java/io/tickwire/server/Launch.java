package io.tickwire.server;

import io.tickwire.gateway.GatewayNode;
import io.tickwire.prices.LocalOwnership;
import io.tickwire.prices.PricesConfig;
import io.tickwire.prices.PricesNode;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.vertx.core.Future;

/** What the launcher deploys, in order, and the banner it prints. */
final class Launch {

  private Launch() {
  }

  /**
   * Deploys every module of a node; answers the gateway's port. The price feed comes after the
   * gateway (it publishes through the gateway's channel log), so it is undeployed first. A
   * single node owns every symbol; a cluster will pass its own ownership here.
   */
  static Future<Integer> deploy(Deployments deployments, TickwireConfig config, Node node) {
    return GatewayNode.deploy(deployments, config.gateway(), node)
        .compose(port -> PricesNode.deploy(deployments, config.prices(), node,
            new LocalOwnership()).map(port));
  }

  static String banner(int port, TickwireConfig config) {
    String base = "http://localhost:" + port;
    StringBuilder text = new StringBuilder()
        .append("\ntickwire is running (node ").append(config.nodeId()).append(")\n")
        .append("  WebSocket   ws://localhost:").append(port).append("/ws\n")
        .append("  HTTP API    ").append(base).append("/api/publish\n")
        .append("  health      ").append(base).append("/health\n")
        .append("  metrics     ").append(base).append("/metrics\n");
    PricesConfig prices = config.prices();
    if (prices.enabled()) {
      text.append("  prices      ").append(prices.symbols().size()).append(" symbols from ")
          .append(String.join(", ", prices.activeVenues().stream()
              .flatMap(venue -> venue.venueNames().stream()).toList()))
          .append(" (prices.<SYMBOL>, market.overview)\n");
    }
    if (config.gateway().auth().devTokens()) {
      text.append("  dev token   ").append(base).append("/dev/token?sub=alice\n");
    }
    return text.append("Press Ctrl-C to stop.\n").toString();
  }
}
