package io.tickwire.transactions;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Section;
import io.tickwire.runtime.SharedDocuments;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real tickwire node on loopback for the monitor's tests: the gateway's verticles on a free
 * port, then the transaction monitor with the given {@code transactions} section, and the
 * clients of {@link NodeFixture}.
 */
final class TxFixture extends NodeFixture {

  private TxFixture(Deployments deployments, int port) {
    super(deployments.vertx(), port, deployments::undeployAll);
  }

  static JsonObject config(JsonObject transactions) {
    return TestConfig.gateway().namespaces("blocks", "tx", "wallet")
        .section("transactions", transactions).json();
  }

  static TxFixture start(JsonObject transactions, List<String> demoWallets) {
    return start(transactions, demoWallets, vertx -> null);
  }

  /**
   * Starts a node whose monitor keeps its watch list in {@code documents} (made with the node's
   * Vert.x; {@code null} for the file {@code storePath}).
   */
  static TxFixture start(JsonObject transactions, List<String> demoWallets,
      Function<Vertx, SharedDocuments> documents) {
    JsonObject json = config(transactions);
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    TransactionsConfig config = TransactionsConfig.from(Section.root(json)
        .section("transactions"));
    NodeContext node = NodeContext.create("tx-test-" + UUID.randomUUID().toString().substring(0, 6));
    Deployments deployments = new Deployments(MeteredVertx.start(node, new VertxOptions()));
    int port = deploy(deployments.vertx(), () -> GatewayModule.deploy(deployments, setup, node)
        .compose(gatewayPort -> TransactionsModule.deploy(deployments, config, node, demoWallets,
            Ownership.single(), documents.apply(deployments.vertx())).map(gatewayPort)));
    node.ready().set(true);
    return new TxFixture(deployments, port);
  }

  /** The data of the next message on {@code blocks} of {@code type}, skipping the others. */
  static JsonObject blocks(TestSocket client, String type) {
    return client.message("blocks", data -> type.equals(data.getString("type")))
        .getJsonObject("data");
  }

  JsonObject health() {
    return get("/health").json();
  }

  /**
   * The monitor's health detail once {@code done} holds for it: {@code /health} is read every
   * 50 ms until then, for at most {@link Await#SECONDS}.
   */
  JsonObject awaitTransactions(Predicate<JsonObject> done) {
    AtomicReference<JsonObject> found = new AtomicReference<>();
    Await.until("the monitor's health detail", Duration.ofSeconds(Await.SECONDS),
        Duration.ofMillis(50), () -> {
          JsonObject detail = health().getJsonObject("details").getJsonObject("transactions");
          found.set(detail);
          return detail != null && done.test(detail);
        });
    return found.get();
  }

  String metrics() {
    return get("/metrics").body();
  }
}
