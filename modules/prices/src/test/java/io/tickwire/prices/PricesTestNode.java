package io.tickwire.prices;

import io.tickwire.runtime.Ownership;
import io.tickwire.gateway.GatewayNode;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real node on loopback for end-to-end tests: the gateway on a free port and the price feed,
 * wired as the launcher wires them (the {@code prices} namespace's keys are the price symbols).
 */
final class PricesTestNode implements AutoCloseable {

  final Vertx vertx;
  final Node node;
  final Deployments deployments;
  final PricesConfig prices;
  final int port;
  private final WebSocketClient ws;
  private final HttpClient http;

  private PricesTestNode(Vertx vertx, Node node, Deployments deployments, PricesConfig prices,
      int port) {
    this.vertx = vertx;
    this.node = node;
    this.deployments = deployments;
    this.prices = prices;
    this.port = port;
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    this.http = vertx.createHttpClient();
  }

  static JsonObject gatewayConfig() {
    JsonObject latest = new JsonObject().put("access", "public").put("mode", "latest")
        .put("historySize", 100).put("historyTtlMs", 300_000);
    return new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .put("instances", 2).put("connectRatePerIp", 0))
        .put("heartbeat", new JsonObject().put("intervalMs", 600_000))
        .put("auth", new JsonObject().put("hmacSecret", "prices-test-secret-0123456789"))
        .put("api", new JsonObject())
        .put("namespaces", new JsonObject().put("prices", latest).put("market", latest.copy()));
  }

  /** Starts a node whose {@code prices} section is {@code pricesJson}, owning every symbol. */
  static PricesTestNode start(JsonObject pricesJson) {
    return start(pricesJson, Ownership.single());
  }

  static PricesTestNode start(JsonObject pricesJson, Ownership ownership) {
    PricesConfig prices = PricesConfig.from(Section.root(pricesJson));
    GatewaySetup read = GatewaySetup.from(Section.root(gatewayConfig()));
    GatewaySetup setup = read.withNamespaces(
        read.namespaces().withKeys("prices", prices.symbols()));
    Node node = Nodes.node("prices-" + UUID.randomUUID().toString().substring(0, 6));
    Vertx vertx = Nodes.start(node, new VertxOptions());
    Deployments deployments = new Deployments(vertx);
    int port = await(GatewayNode.deploy(deployments, setup, node));
    await(PricesNode.deploy(deployments, prices, node, ownership));
    node.ready().set(true);
    return new PricesTestNode(vertx, node, deployments, prices, port);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  TestSocket connect() {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/ws");
    // Connected from an event loop: the handlers are set before the first frame can arrive.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    TestSocket socket = await(io.vertx.core.Future.<TestSocket>future(promise ->
        context.runOnContext(ignored -> ws.connect(options).map(TestSocket::new)
            .onComplete(promise))));
    socket.welcome = socket.next("welcome");
    return socket;
  }

  /** GET {@code path}; answers the JSON body. */
  JsonObject get(String path) {
    // Built on an event loop, so the body is asked for before the response can end.
    Context context = vertx.getOrCreateContext();
    return await(Future.<JsonObject>future(promise -> context.runOnContext(ignored ->
        http.request(HttpMethod.GET, port, "127.0.0.1", path)
            .compose(request -> request.send())
            .compose(response -> response.body())
            .map(body -> new JsonObject(body.toString()))
            .onComplete(promise))));
  }

  @Override
  public void close() {
    try {
      deployments.undeployAll().await(20, TimeUnit.SECONDS);
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("node did not stop: " + e, e);
    }
  }
}
