package io.tickwire.transactions;

import io.tickwire.gateway.GatewayNode;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Section;
import io.tickwire.runtime.SharedDocuments;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real tickwire node on loopback for the monitor's tests: the gateway's verticles on a free
 * port, then the transaction monitor with the given {@code transactions} section, and clients.
 */
final class TxNode implements AutoCloseable {

  final Vertx vertx;
  final Node node;
  final int port;
  private final Deployments deployments;
  private final HttpClient http;
  private final WebSocketClient ws;

  private TxNode(Vertx vertx, Node node, Deployments deployments, int port) {
    this.vertx = vertx;
    this.node = node;
    this.deployments = deployments;
    this.port = port;
    this.http = vertx.createHttpClient();
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
  }

  static JsonObject config(JsonObject transactions) {
    JsonObject namespace = new JsonObject().put("historySize", 1000).put("historyTtlMs", 300000)
        .put("mode", "stream");
    return new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .put("instances", 2).put("connectRatePerIp", 0))
        .put("heartbeat", new JsonObject().put("intervalMs", 600_000))
        .put("auth", new JsonObject().put("hmacSecret", "test-secret-0123456789-abcdefghij")
            .put("devTokens", true))
        .put("namespaces", new JsonObject()
            .put("blocks", namespace.copy().put("access", "public"))
            .put("tx", namespace.copy().put("access", "public"))
            .put("wallet", namespace.copy().put("access", "wallet")))
        .put("transactions", transactions);
  }

  static TxNode start(JsonObject transactions, List<String> demoWallets) {
    return start(transactions, demoWallets, vertx -> null);
  }

  /**
   * Starts a node whose monitor keeps its watch list in {@code documents} (made with the node's
   * Vert.x; {@code null} for the file {@code storePath}).
   */
  static TxNode start(JsonObject transactions, List<String> demoWallets,
      Function<Vertx, SharedDocuments> documents) {
    JsonObject json = config(transactions);
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    TransactionsConfig config = TransactionsConfig.from(Section.root(json)
        .section("transactions"));
    Node node = Nodes.node("tx-test-" + UUID.randomUUID().toString().substring(0, 6));
    Vertx vertx = Nodes.start(node, new VertxOptions());
    Deployments deployments = new Deployments(vertx);
    int port = await(GatewayNode.deploy(deployments, setup, node)
        .compose(gatewayPort -> TransactionsNode.deploy(deployments, config, node, demoWallets,
            Ownership.single(), documents.apply(vertx)).map(ignored -> gatewayPort)));
    node.ready().set(true);
    return new TxNode(vertx, node, deployments, port);
  }

  /** Clients of a node that runs elsewhere (another JVM) on {@code port}. */
  static TxNode remote(int port) {
    Vertx vertx = Vertx.vertx();
    return new TxNode(vertx, null, new Deployments(vertx), port);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** Connects to {@code /ws} with {@code query}; answers once the welcome arrived. */
  Client connect(String query) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/ws" + query);
    // Connected from an event loop: the handlers are set before the first frame can arrive.
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Client client = await(io.vertx.core.Future.<Client>future(promise ->
        context.runOnContext(ignored -> ws.connect(options).map(Client::new)
            .onComplete(promise))));
    client.next();
    return client;
  }

  /** A dev token for {@code user} owning {@code wallets}. */
  String token(String user, String... wallets) {
    return get("/dev/token?sub=" + user + "&wallets=" + String.join(",", wallets))
        .getString("token");
  }

  JsonObject health() {
    return get("/health");
  }

  /**
   * The monitor's health detail once {@code done} holds for it: {@code /health} is read every
   * 50 ms until then, for at most the bound of {@link #await}.
   */
  JsonObject awaitTransactions(Predicate<JsonObject> done) {
    Promise<JsonObject> found = Promise.promise();
    long timer = vertx.setPeriodic(50, tick -> request("/health").onSuccess(body -> {
      JsonObject detail = new JsonObject(body).getJsonObject("details")
          .getJsonObject("transactions");
      if (detail != null && done.test(detail)) {
        found.tryComplete(detail);
      }
    }));
    try {
      return await(found.future());
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  String metrics() {
    return await(request("/metrics"));
  }

  private JsonObject get(String path) {
    return new JsonObject(await(request(path)));
  }

  private Future<String> request(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(port).setURI(path);
    // Built on an event loop, so the body is read in the callback that receives the response.
    Promise<String> body = Promise.promise();
    vertx.getOrCreateContext().runOnContext(ignored -> http.request(options)
        .compose(request -> request.send()
            .compose(response -> response.body().map(Object::toString)))
        .onComplete(body));
    return body.future();
  }

  static JsonArray wallets(String... wallets) {
    return new JsonArray(List.of(wallets));
  }

  @Override
  public void close() {
    try {
      // Closing Vert.x from this thread, not from a callback on one of its event loops.
      deployments.undeployAll().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("node did not stop: " + e, e);
    }
  }
}
