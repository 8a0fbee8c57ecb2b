package io.tickwire.notifications;

import io.tickwire.gateway.GatewayNode;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.protocol.Addresses;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Section;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real tickwire node on loopback for the notification tests: the gateway's verticles and the
 * notifications module on a free port, with short timers, an embedded database in a directory
 * of the test's, dev tokens, webhooks allowed to 127.0.0.1 (where the test receivers listen), and
 * clients to talk to it.
 */
final class AlertsNode implements AutoCloseable {

  static final String SECRET = "notifications-test-secret-0123456789";

  final Vertx vertx;
  final Deployments deployments;
  final int port;
  private final HttpClient http;
  private final WebSocketClient ws;
  private final ChannelPublisher publisher;

  private AlertsNode(Vertx vertx, Deployments deployments, int port) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
    this.http = vertx.createHttpClient();
    this.ws = vertx.createWebSocketClient();
    this.publisher = new ChannelPublisher(vertx);
  }

  /**
   * The test configuration: gateway on a free loopback port, notifications stored under
   * {@code dataDir}, mail to an SMTP server at {@code smtpPort} (or the log when 0).
   */
  static JsonObject config(Path dataDir, int smtpPort) {
    JsonObject namespace = new JsonObject().put("historySize", 1000).put("historyTtlMs", 300000);
    JsonObject retry = new JsonObject().put("baseMs", 100).put("maxDelayMs", 400)
        .put("forMs", 600_000).put("jitter", 0);
    JsonObject mail = smtpPort == 0 ? new JsonObject().put("sink", "log")
        : new JsonObject().put("sink", "smtp").put("host", "127.0.0.1").put("port", smtpPort)
            .put("starttls", "disabled").put("from", "alerts@tickwire.test")
            .put("retry", retry.copy());
    return new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .put("instances", 1).put("connectRatePerIp", 0))
        .put("heartbeat", new JsonObject().put("intervalMs", 600_000))
        .put("auth", new JsonObject().put("hmacSecret", SECRET).put("devTokens", true))
        .put("namespaces", new JsonObject()
            .put("prices", namespace.copy().put("access", "public").put("mode", "latest"))
            .put("user", namespace.copy().put("access", "owner").put("mode", "stream")))
        .put("notifications", new JsonObject()
            .put("limits", new JsonObject().put("maxRulesPerUser", 5))
            .put("evaluation", new JsonObject().put("defaultCooldownMs", 200)
                .put("expiryCheckMs", 50))
            .put("storage", new JsonObject().put("kind", "embedded")
                .put("path", dataDir.resolve("notifications").toString()))
            .put("delivery", new JsonObject().put("pollMs", 100).put("leaseMs", 5_000))
            .put("webhook", new JsonObject().put("timeoutMs", 2_000).put("allowHttp", true)
                .put("allowedHosts", new JsonArray().add("127.0.0.1")).put("retry", retry))
            .put("mail", mail));
  }

  static AlertsNode start(JsonObject config) {
    return start(config, UnaryOperator.identity());
  }

  /** A node whose notifications module sees its storage through {@code around}. */
  static AlertsNode start(JsonObject config, UnaryOperator<Storage> around) {
    return start(config, around, Ownership.single(), HostResolver::system);
  }

  /**
   * A node whose notifications module sees its storage through {@code around}, owns what
   * {@code ownership} says, and looks webhook hosts up with the resolver {@code resolvers} makes.
   */
  static AlertsNode start(JsonObject config, UnaryOperator<Storage> around, Ownership ownership,
      Function<Vertx, HostResolver> resolvers) {
    Section root = Section.root(config);
    GatewaySetup gateway = GatewaySetup.from(root);
    NotificationsConfig notifications = NotificationsConfig.from(root);
    Node node = Nodes.node("alerts-" + UUID.randomUUID().toString().substring(0, 6));
    Vertx vertx = Nodes.start(node, new VertxOptions());
    Deployments deployments = new Deployments(vertx);
    try {
      int port = await(GatewayNode.deploy(deployments, gateway, node)
          .compose(bound -> NotificationsNode.deploy(deployments, notifications, node,
              ownership, around, resolvers)
              .map(bound)));
      return new AlertsNode(vertx, deployments, port);
    } catch (AssertionError e) {
      vertx.close();
      throw e;
    }
  }

  /** Clients for a node running elsewhere (another JVM) at {@code port}, on {@code vertx}. */
  static AlertsNode remote(Vertx vertx, int port) {
    return new AlertsNode(vertx, null, port);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /**
   * Runs an asynchronous chain on an event loop, so each step's callback is in place before the
   * step can complete (a response body or a first frame is never missed).
   */
  <T> Future<T> onContext(Supplier<Future<T>> chain) {
    Promise<T> result = Promise.promise();
    vertx.runOnContext(ignored -> chain.get().onComplete(result));
    return result.future();
  }

  /** A dev token for {@code user} with these wallets, from {@code GET /dev/token}. */
  String token(String user, String... wallets) {
    String uri = "/dev/token?sub=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + (wallets.length == 0 ? "" : "&wallets=" + String.join(",", wallets));
    return await(onContext(() -> http.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(request -> request.send())
        .compose(response -> response.body())))
        .toJsonObject().getString("token");
  }

  /** A WebSocket client with {@code token} (or anonymous when null), once welcomed. */
  WsClient connect(String token) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/ws" + (token == null ? "" : "?token=" + token));
    WsClient client = await(onContext(() -> ws.connect(options).map(WsClient::new)));
    client.next("welcome");
    return client;
  }

  /** Publishes an aggregated price as the prices module does, with event time {@code ts}. */
  void price(String symbol, double price, long ts) {
    await(publisher.publish("prices." + symbol, new JsonObject().put("symbol", symbol)
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
  static void deliverBy(WsClient client, String user, String channel, JsonObject settings) {
    client.subscribe("user." + user);
    client.ok("preferences.set", new JsonObject()
        .put("channels", new JsonObject().put(channel, true))
        .put(channel, settings));
  }

  static JsonArray array(Object... items) {
    return new JsonArray(java.util.List.of(items));
  }

  @Override
  public void close() {
    if (deployments == null) {
      return;
    }
    try {
      deployments.undeployAll().await(20, TimeUnit.SECONDS);
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("node did not stop: " + e, e);
    }
  }
}
