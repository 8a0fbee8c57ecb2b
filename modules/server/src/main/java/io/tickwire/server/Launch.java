package io.tickwire.server;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.admin.AdminSources;
import io.tickwire.prices.PricesConfig;
import io.tickwire.prices.PricesModule;
import io.tickwire.notifications.NotificationsModule;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.transactions.TransactionsModule;
import io.vertx.core.Future;

/** What the launcher deploys, in order, and the banner it prints. */
final class Launch {

  private Launch() {
  }

  /**
   * Deploys every module of a node, the gateway first: it deploys the node's channel log (module
   * channels) ahead of its own verticles, and the services publish through that log from their
   * start (and so are undeployed before it). The foundation says where channel histories and
   * connections are kept and which price symbols this node aggregates (all of them alone, its
   * share in a cluster). Notifications come last: they follow the prices and transactions the
   * others publish. Answers the ports the node listens on.
   */
  static Future<GatewayModule.Ports> deploy(Deployments deployments, TickwireConfig config,
      NodeContext node, NodeFoundation foundation) {
    return GatewayModule.start(deployments, config.gateway(), node, foundation.channelStore(),
            foundation.connections(),
            new AdminSources(foundation.ownership(), config.loaded()), foundation.presence())
        .compose(port -> PricesModule.deploy(deployments, config.prices(), node,
            foundation.ownership()).map(port))
        .compose(port -> TransactionsModule.deploy(deployments, config.transactions(), node,
            config.gateway().demo().wallets(), foundation.ownership(), foundation.documents())
            .map(ignored -> port))
        .compose(port -> NotificationsModule.deploy(deployments, config.notifications(), node,
            foundation.ownership()).map(port));
  }

  static String banner(GatewayModule.Ports ports, TickwireConfig config) {
    int port = ports.http();
    String base = "http://localhost:" + port;
    StringBuilder text = new StringBuilder()
        .append("\ntickwire is running (node ").append(config.nodeId())
        .append(config.cluster().enabled() ? ", cluster " + config.cluster().name() : "")
        .append(")\n")
        .append("  dashboard   ").append(base).append("/\n")
        .append("  WebSocket   ws://localhost:").append(port).append("/ws\n")
        .append("  SSE         ").append(base).append("/sse?channels=prices.BTC-USD\n")
        .append("  HTTP API    ").append(base).append("/api/publish\n");
    if (ports.ops() < 0) {
      text.append("  health      ").append(base).append("/health\n")
          .append("  metrics     ").append(base).append("/metrics\n");
    } else {
      String ops = "http://localhost:" + ports.ops();
      text.append("  health      ").append(base).append("/health (summary), ").append(ops)
          .append("/health\n")
          .append("  metrics     ").append(ops).append("/metrics (management port)\n");
    }
    if (config.transactions().enabled()) {
      text.append("  chain       ").append(config.transactions().source())
          .append(" (channels blocks, tx.<hash>, wallet.<address>)\n");
    }
    PricesConfig prices = config.prices();
    if (prices.enabled()) {
      text.append("  prices      ").append(prices.symbols().size()).append(" symbols from ")
          .append(String.join(", ", prices.activeVenues().stream()
              .flatMap(venue -> venue.venueNames().stream()).toList()))
          .append(" (prices.<SYMBOL>, trades.<SYMBOL>, candles.<SYMBOL>.<interval>,"
              + " market.overview)\n");
    }
    if (config.gateway().admin().enabled()) {
      text.append("  admin       ").append(base).append("/admin/\n");
    }
    if (config.gateway().auth().devTokens()) {
      text.append("  dev token   ").append(base).append("/dev/token?sub=alice\n");
    }
    return text.append("Press Ctrl-C to stop.\n").toString();
  }
}
