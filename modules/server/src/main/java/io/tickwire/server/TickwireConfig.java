package io.tickwire.server;

import io.tickwire.gateway.GatewaySetup;
import io.tickwire.gateway.NamespacePolicy;
import io.tickwire.prices.MarketOverviewVerticle;
import io.tickwire.prices.PricesConfig;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The whole configuration of a node, validated before anything deploys: {@code node} (its id)
 * and each module's sections. Unknown keys anywhere are refused.
 *
 * <p>Config kept in one place: the {@code prices} namespace's channel keys are the price
 * symbols ({@code prices.symbols}), filled in here; {@code namespaces.prices.keys} must not be
 * set by hand.
 *
 * @param nodeId the node's id, announced to clients; a random one when {@code node.id} is empty
 * @param gateway the gateway module's sections
 * @param prices the price feed's section
 */
public record TickwireConfig(String nodeId, GatewaySetup gateway, PricesConfig prices) {

  /** The namespace of price channels, {@code prices.<SYMBOL>}. */
  static final String PRICES_NAMESPACE = "prices";

  /**
   * Validates {@code json}.
   *
   * @throws io.tickwire.runtime.ConfigException naming the first bad key
   */
  public static TickwireConfig from(JsonObject json) {
    Section root = Section.root(json);
    Section node = root.section("node");
    String nodeId = node.string("id", null);
    node.done();
    GatewaySetup gateway = GatewaySetup.from(root);
    PricesConfig prices = PricesConfig.from(root.section("prices"));
    root.done();
    return new TickwireConfig(nodeId == null
        ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId,
        withPriceKeys(gateway, prices), prices);
  }

  private static GatewaySetup withPriceKeys(GatewaySetup gateway, PricesConfig prices) {
    NamespacePolicy policy = gateway.namespaces().get(PRICES_NAMESPACE);
    if (policy != null && policy.keys() != null) {
      throw new ConfigException("namespaces.prices.keys",
          "is filled from prices.symbols; list the symbols there");
    }
    if (!prices.enabled()) {
      return gateway;
    }
    String overview = MarketOverviewVerticle.CHANNEL;
    String overviewNamespace = overview.substring(0, overview.indexOf('.'));
    for (String namespace : new String[] {PRICES_NAMESPACE, overviewNamespace}) {
      if (gateway.namespaces().get(namespace) == null) {
        throw new ConfigException("namespaces." + namespace,
            "must be configured for the price feed (or set prices.enabled to false)");
      }
    }
    return new GatewaySetup(gateway.gateway(), gateway.heartbeat(), gateway.auth(),
        gateway.api(), gateway.namespaces().withKeys(PRICES_NAMESPACE, prices.symbols()));
  }
}
