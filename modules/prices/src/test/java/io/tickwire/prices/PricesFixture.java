package io.tickwire.prices;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * A real node on loopback for end-to-end tests: the gateway on a free port and the price feed,
 * wired as the launcher wires them (the {@code prices} namespace's keys are the price symbols;
 * {@code trades} and {@code candles} are public stream namespaces), with the clients of
 * {@link NodeFixture}.
 */
final class PricesFixture extends NodeFixture {

  final NodeContext node;

  private PricesFixture(NodeContext node, Deployments deployments, int port) {
    super(deployments.vertx(), port, deployments::undeployAll);
    this.node = node;
  }

  /** Starts a node whose {@code prices} section is {@code pricesJson}, owning every symbol. */
  static PricesFixture start(JsonObject pricesJson) {
    return start(pricesJson, Ownership.single());
  }

  static PricesFixture start(JsonObject pricesJson, Ownership ownership) {
    PricesConfig prices = PricesConfig.from(Section.root(pricesJson));
    return start(prices, (deployments, node) -> PricesModule.deploy(deployments, prices, node,
        ownership));
  }

  /**
   * Starts a node with the gateway and, of the price feed, only the history verticle, whose
   * clock is {@code clock}: a test publishes the values on the update stream itself.
   */
  static PricesFixture startHistory(JsonObject pricesJson, LongSupplier clock) {
    PricesConfig prices = PricesConfig.from(Section.root(pricesJson));
    return start(prices, (deployments, node) -> deployments.deploy(() -> new PriceHistoryVerticle(
        prices, Ownership.single(), new PricesMetrics(node.registry()), clock), 1).mapEmpty());
  }

  /**
   * The {@code venues} section of one simulated source quoting as {@code venues}: 20 quotes a
   * second per venue and symbol, steps of the walk with a standard deviation of 0.05 %, and no
   * incidents.
   */
  static JsonObject simulatedVenues(List<String> venues) {
    return new JsonObject().put("sim", new JsonObject().put("type", "simulated")
        .put("venues", new JsonArray(venues)).put("ticksPerSec", 20)
        .put("volatilityPct", 0.05).put("incidentEveryMs", 0));
  }

  private static PricesFixture start(PricesConfig prices,
      BiFunction<Deployments, NodeContext, Future<Void>> feed) {
    GatewaySetup read = GatewaySetup.from(Section.root(TestConfig.gateway()
        .namespaces("prices", "market").namespace("book", "public", "latest")
        .namespace("trades", "public", "stream").namespace("candles", "public", "stream").json()));
    GatewaySetup setup = read.withNamespaces(
        read.namespaces().withKeys("prices", prices.symbols()));
    NodeContext node = NodeContext.create("prices-" + UUID.randomUUID().toString().substring(0, 6));
    Deployments deployments = new Deployments(MeteredVertx.start(node, new VertxOptions()));
    int port = deploy(deployments.vertx(), () -> GatewayModule.deploy(deployments, setup, node)
        .compose(gateway -> feed.apply(deployments, node).map(gateway)));
    node.ready().set(true);
    return new PricesFixture(node, deployments, port);
  }
}
