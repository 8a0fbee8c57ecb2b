package io.tickwire.server;

import io.tickwire.cluster.ClusterConfig;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Namespaces;
import io.tickwire.prices.CandleInterval;
import io.tickwire.prices.PricesConfig;
import io.tickwire.protocol.Channels;
import io.tickwire.runtime.ConfigException;
import io.tickwire.notifications.NotificationsConfig;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.Section;
import io.tickwire.transactions.TransactionsConfig;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole configuration of a node, validated before anything deploys: {@code node} (its id),
 * {@code cluster} and each module's sections. Unknown keys anywhere are refused.
 *
 * <p>Config kept in one place: the {@code prices} namespace's channel keys are the price
 * symbols ({@code prices.symbols}), filled in here; {@code namespaces.prices.keys} must not be
 * set by hand.
 *
 * @param nodeId the node's id, announced to clients; a random one when {@code node.id} is empty
 * @param eventLoops the node's Vert.x event loops ({@code node.eventLoops}, 1 to
 *     {@value #MAX_EVENT_LOOPS}); one per core ({@link MeteredVertx#DEFAULT_EVENT_LOOPS}) when 0 or absent
 * @param cluster whether and how the node joins a cluster
 * @param gateway the gateway module's sections
 * @param prices the price feed's section
 * @param transactions the transaction monitor's section
 * @param notifications the notifications module's section
 * @param logging how log lines are written ({@code logging.format})
 * @param loaded the configuration as loaded (files and environment overrides), secrets included:
 *     for the admin console, which shows it redacted; never logged
 */
public record TickwireConfig(String nodeId, int eventLoops, ClusterConfig cluster,
    GatewaySetup gateway, PricesConfig prices, TransactionsConfig transactions,
    NotificationsConfig notifications, LoggingConfig logging, JsonObject loaded) {

  @Override
  public String toString() {
    // The loaded configuration holds the secrets: never print it.
    return "TickwireConfig[node=" + nodeId + ", eventLoops=" + eventLoops + ", cluster="
        + cluster.enabled() + "]";
  }

  /** The most event loops a node runs. */
  public static final int MAX_EVENT_LOOPS = 256;

  /**
   * Validates {@code json}.
   *
   * @throws io.tickwire.runtime.ConfigException naming the first bad key
   */
  public static TickwireConfig from(JsonObject json) {
    Section root = Section.root(json);
    Section node = root.section("node");
    String nodeId = node.string("id", null);
    // 0 (the shipped value) means one per core, whatever machine the file lands on.
    int eventLoops = node.intValue("eventLoops", 0, 0, MAX_EVENT_LOOPS);
    node.done();
    ClusterConfig cluster = ClusterConfig.from(root.section("cluster"));
    GatewaySetup gateway = GatewaySetup.from(root);
    PricesConfig prices = PricesConfig.from(root.section("prices"));
    TransactionsConfig transactions = TransactionsConfig.from(root.section("transactions"));
    NotificationsConfig notifications = NotificationsConfig.from(root);
    LoggingConfig logging = LoggingConfig.from(root.section("logging"));
    root.done();
    if (cluster.enabled() && notifications.storage().embedded()
        && !notifications.storage().shared()) {
      // Members evaluate the rules of the users they own, from the store: each needs every rule.
      throw new ConfigException("notifications.storage.kind", "is 'embedded', a file of one"
          + " node's own, but cluster.enabled is true: the members of a cluster share the alert"
          + " rules and the delivery queue, so set it to 'postgres' (or, for members on one"
          + " machine, notifications.storage.shared to true; or cluster.enabled to false)");
    }
    // Price rules may watch the symbols the feed publishes, configured once, under prices.
    if (prices.enabled()) {
      notifications = notifications.withSymbols(new LinkedHashSet<>(prices.symbols()));
    }
    // Balance rules may name the tokens the monitor follows, configured once, under transactions.
    Map<String, String> tokens = new LinkedHashMap<>();
    transactions.tokens().forEach(token -> tokens.put(token.address(), token.symbol()));
    notifications = notifications.withTokens(tokens);
    return new TickwireConfig(nodeId == null
        ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId,
        eventLoops == 0 ? NodeContext.DEFAULT_EVENT_LOOPS : eventLoops, cluster,
        withPriceKeys(gateway, prices), prices, transactions, notifications, logging,
        json.copy());
  }

  private static GatewaySetup withPriceKeys(GatewaySetup gateway, PricesConfig prices) {
    NamespacePolicy policy = gateway.namespaces().get(Channels.PRICES_NAMESPACE);
    if (policy != null && policy.keys() != null) {
      throw new ConfigException("namespaces.prices.keys",
          "is filled from prices.symbols; list the symbols there");
    }
    if (!prices.enabled()) {
      return gateway;
    }
    for (String namespace : new String[] {Channels.PRICES_NAMESPACE, Channels.MARKET_NAMESPACE}) {
      if (gateway.namespaces().get(namespace) == null) {
        throw new ConfigException("namespaces." + namespace,
            "must be configured for the price feed (or set prices.enabled to false)");
      }
    }
    Namespaces namespaces = gateway.namespaces().withKeys(Channels.PRICES_NAMESPACE,
        prices.symbols());
    // The market-data namespaces, where configured without keys of their own, take the same
    // symbols, so a channel of a symbol that is never published is refused with not_found.
    List<String> candleKeys = new ArrayList<>();
    for (String symbol : prices.symbols()) {
      for (CandleInterval interval : CandleInterval.values()) {
        candleKeys.add(symbol + "." + interval.token());
      }
    }
    Map<String, List<String>> marketData = Map.of(Channels.BOOK_NAMESPACE,
        List.copyOf(prices.symbols()), Channels.TRADES_NAMESPACE, List.copyOf(prices.symbols()),
        Channels.CANDLES_NAMESPACE, candleKeys);
    for (Map.Entry<String, List<String>> entry : marketData.entrySet()) {
      NamespacePolicy data = namespaces.get(entry.getKey());
      if (data != null && data.keys() == null) {
        namespaces = namespaces.withKeys(entry.getKey(), entry.getValue());
      }
    }
    return gateway.withNamespaces(namespaces);
  }
}
