package io.tickwire.notifications;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.protocol.Addresses;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A real tickwire node on loopback for the notification tests: the gateway's verticles and the
 * notifications module on a free port, with short timers, an embedded database in a directory
 * of the test's, dev tokens, webhooks allowed to 127.0.0.1 (where the test receivers listen), and
 * the clients of {@link NodeFixture}.
 */
final class AlertsFixture extends NodeFixture {

  private final ChannelPublisher publisher;

  private AlertsFixture(Deployments deployments, int port) {
    super(deployments.vertx(), port, deployments::undeployAll);
    this.publisher = new ChannelPublisher(vertx);
  }

  /**
   * The test configuration: gateway on a free loopback port, notifications stored under
   * {@code dataDir}, mail to an SMTP server at {@code smtpPort} (or the log when 0).
   */
  static JsonObject config(Path dataDir, int smtpPort) {
    JsonObject retry = new JsonObject().put("baseMs", 100).put("maxDelayMs", 400)
        .put("forMs", 600_000).put("jitter", 0);
    JsonObject mail = smtpPort == 0 ? new JsonObject().put("sink", "log")
        : new JsonObject().put("sink", "smtp").put("host", "127.0.0.1").put("port", smtpPort)
            .put("starttls", "disabled").put("from", "alerts@tickwire.test")
            .put("retry", retry.copy());
    return TestConfig.gateway().gateway("instances", 1).namespaces("prices", "user")
        .section("notifications", new JsonObject()
            .put("limits", new JsonObject().put("maxRulesPerUser", 5))
            .put("evaluation", new JsonObject().put("defaultCooldownMs", 200)
                .put("expiryCheckMs", 50))
            .put("storage", new JsonObject().put("kind", "embedded")
                .put("path", dataDir.resolve("notifications").toString()))
            .put("delivery", new JsonObject().put("pollMs", 100).put("leaseMs", 5_000))
            .put("webhook", new JsonObject().put("timeoutMs", 2_000).put("allowHttp", true)
                .put("allowedHosts", new JsonArray().add("127.0.0.1")).put("retry", retry))
            .put("mail", mail))
        .json();
  }

  /** The token balance rules may name, as the launcher hands over transactions.tokens. */
  static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  static final java.util.Map<String, String> TOKENS = java.util.Map.of(TOKEN, "TKN");

  static AlertsFixture start(JsonObject config) {
    return start(config, UnaryOperator.identity());
  }

  /** A node whose notifications module sees its storage through {@code around}. */
  static AlertsFixture start(JsonObject config, UnaryOperator<Storage> around) {
    return start(config, around, Ownership.single(), HostResolver::system);
  }

  /**
   * A node whose notifications module sees its storage through {@code around}, owns what
   * {@code ownership} says, and looks webhook hosts up with the resolver {@code resolvers} makes.
   */
  static AlertsFixture start(JsonObject config, UnaryOperator<Storage> around, Ownership ownership,
      Function<Vertx, HostResolver> resolvers) {
    Section root = Section.root(config);
    GatewaySetup gateway = GatewaySetup.from(root);
    NotificationsConfig notifications = NotificationsConfig.from(root).withTokens(TOKENS);
    NodeContext node = NodeContext.create("alerts-" + UUID.randomUUID().toString().substring(0, 6));
    Deployments deployments = new Deployments(MeteredVertx.start(node, new VertxOptions()));
    int port = deploy(deployments.vertx(), () -> GatewayModule.deploy(deployments, gateway, node)
        .compose(bound -> NotificationsModule.deploy(deployments, notifications, node, ownership,
            around, resolvers).map(bound)));
    return new AlertsFixture(deployments, port);
  }

  /** Publishes an aggregated price as the prices module does, with event time {@code ts}. */
  void price(String symbol, double price, long ts) {
    Await.result(publisher.publish("prices." + symbol, new JsonObject().put("symbol", symbol)
        .put("price", price).put("bid", price - 1).put("ask", price + 1).put("ts", ts)));
  }

  /** Publishes a transaction-monitor event. */
  void txEvent(JsonObject event) {
    vertx.eventBus().publish(Addresses.TX_EVENTS, event);
  }

  /** A user name no other test uses: {@code name} with a random suffix. */
  static String user(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** A rule that fires once when {@code symbol} goes above {@code price}. */
  static JsonObject above(String symbol, double price) {
    return new JsonObject().put("symbol", symbol).put("condition", "above").put("price", price)
        .put("trigger", "once");
  }

  /**
   * Subscribes {@code client} to the channel of {@code user} and turns the delivery
   * {@code channel} ("webhook" or "email") on with {@code settings}.
   */
  static void deliverBy(TestSocket client, String user, String channel, JsonObject settings) {
    client.subscribe("user." + user);
    client.request("preferences.set", new JsonObject()
        .put("channels", new JsonObject().put(channel, true))
        .put(channel, settings));
  }

  static JsonArray array(Object... items) {
    return new JsonArray(java.util.List.of(items));
  }

  /** The next message of {@code client} on a user channel whose data has {@code event}. */
  static JsonObject message(TestSocket client, String event) {
    return client.until(frame -> "message".equals(frame.getString("type"))
        && event.equals(frame.getJsonObject("data").getString("event")));
  }

  /** The data of the next message on a user channel whose data has {@code event}. */
  static JsonObject event(TestSocket client, String event) {
    return message(client, event).getJsonObject("data");
  }

  /** The next notification on a user channel of {@code client}. */
  static JsonObject notification(TestSocket client) {
    return event(client, "notification").getJsonObject("notification");
  }
}
