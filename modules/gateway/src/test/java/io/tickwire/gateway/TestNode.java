package io.tickwire.gateway;

import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannelStore;
import io.tickwire.gateway.endpoint.LocalConnectionRegistry;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.tickwire.runtime.Section;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real tickwire gateway node on loopback for tests: its own metered Vert.x, every gateway
 * verticle deployed on a free port, and clients to talk to it.
 */
final class TestNode implements AutoCloseable {

  static final String SECRET = "test-secret-0123456789-abcdefghij";
  static final String API_KEY = "test-key";

  final Vertx vertx;
  final Node node;
  final Deployments deployments;
  final GatewaySetup setup;
  final int port;
  /** The management port, or -1 when {@code ops.enabled} is off. */
  final int opsPort;
  final HttpClient http;
  final WebSocketClient ws;

  private TestNode(Vertx vertx, Node node, Deployments deployments, GatewaySetup setup,
      GatewayNode.Ports ports) {
    this.vertx = vertx;
    this.node = node;
    this.deployments = deployments;
    this.setup = setup;
    this.port = ports.http();
    this.opsPort = ports.ops();
    // Room for many SSE streams at once: each holds a connection of the pool.
    this.http = vertx.createHttpClient(new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
  }

  /**
   * The configuration tests start from: the dev namespaces, fast heartbeat off by default, no
   * per-address attempt rate (every test client connects from 127.0.0.1).
   */
  static JsonObject config() {
    JsonObject namespace = new JsonObject().put("historySize", 1000).put("historyTtlMs", 300000);
    return new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .put("instances", 2).put("connectRatePerIp", 0))
        .put("heartbeat", new JsonObject().put("intervalMs", 600_000))
        .put("auth", new JsonObject().put("hmacSecret", SECRET).put("devTokens", true))
        .put("api", new JsonObject().put("keys", new JsonArray().add(API_KEY)))
        .put("namespaces", new JsonObject()
            .put("prices", namespace.copy().put("access", "public").put("mode", "latest"))
            .put("market", namespace.copy().put("access", "public").put("mode", "latest"))
            .put("blocks", namespace.copy().put("access", "public").put("mode", "stream"))
            .put("tx", namespace.copy().put("access", "public").put("mode", "stream"))
            .put("wallet", namespace.copy().put("access", "wallet").put("mode", "stream"))
            .put("user", namespace.copy().put("access", "owner").put("mode", "stream")));
  }

  static TestNode start() {
    return start(config -> { });
  }

  /** Starts a node with the test configuration changed by {@code change}. */
  static TestNode start(Consumer<JsonObject> change) {
    return start(change, LocalChannelStore::new);
  }

  /** Starts a node with a channel store of the test's. */
  static TestNode start(Consumer<JsonObject> change, ChannelStore.Factory store) {
    JsonObject json = config();
    change.accept(json);
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    Node node = Nodes.node("test-" + UUID.randomUUID().toString().substring(0, 6));
    Vertx vertx = Nodes.start(node, new VertxOptions());
    Deployments deployments = new Deployments(vertx);
    GatewayNode.Ports ports = await(GatewayNode.start(deployments, setup, node, store,
        (owner, max) -> new LocalConnectionRegistry(max)));
    node.ready().set(true);
    return new TestNode(vertx, node, deployments, setup, ports);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /** Connects a WebSocket to {@code /ws} + {@code query}; answers once the welcome arrived. */
  TestSocket connect(String query) {
    return connect(query, Map.of());
  }

  TestSocket connect(String query, Map<String, String> headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/ws" + query);
    headers.forEach(options::addHeader);
    TestSocket socket = await(onEventLoop(() -> ws.connect(options).map(TestSocket::new)));
    socket.welcome = socket.next("welcome");
    return socket;
  }

  TestSocket connect() {
    return connect("");
  }

  /**
   * Opens {@code /sse} + {@code query}; answers the reader once the status is known, which must
   * be {@code expectedStatus}.
   */
  SseClient openSse(String query, Map<String, String> headers, int expectedStatus) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(port).setURI("/sse" + query);
    headers.forEach(options::putHeader);
    // The chain runs on an event loop, so the reader's handler is set before any chunk arrives.
    SseClient client = await(onEventLoop(() -> http.request(options)
        .compose(request -> request.send()).map(SseClient::new)));
    if (client.response.statusCode() != expectedStatus) {
      throw new AssertionError("expected HTTP " + expectedStatus + " from /sse" + query + ", got "
          + client.response.statusCode());
    }
    return client;
  }

  /** A token signed with the test secret. */
  String token(String user, long ttlSeconds, String... wallets) {
    return Tokens.hs256(SECRET, new JsonObject().put("sub", user)
        .put("exp", System.currentTimeMillis() / 1000 + ttlSeconds)
        .put("wallets", new JsonArray(java.util.List.of(wallets))));
  }

  /**
   * An HTTP call; answers status, body and content type. The body is read in the callback that
   * receives the response, on the connection's context: asked for later from this thread, it
   * could miss a body that had already ended.
   */
  Response call(HttpMethod method, String path, String apiKey, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(port).setURI(path).putHeader("content-type", "application/json");
    if (apiKey != null) {
      options.putHeader("Authorization", "ApiKey " + apiKey);
    }
    return await(onEventLoop(() -> http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(buffer -> new Response(response, buffer)))));
  }

  /**
   * Runs an asynchronous chain on an event loop. Built from the test thread, a step could be
   * attached after the one before had completed, and then miss what arrived in between (a
   * WebSocket's first frame, a response's body); on the event loop every step is attached
   * before the next event is handled.
   */
  <T> Future<T> onEventLoop(java.util.function.Supplier<Future<T>> chain) {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    return Future.future(promise -> context.runOnContext(ignored ->
        chain.get().onComplete(promise)));
  }

  /** A GET on another port of the node (the management port). */
  Response get(int otherPort, String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(otherPort).setURI(path);
    return await(onEventLoop(() -> http.request(options).compose(request -> request.send())
        .compose(response -> response.body().map(buffer -> new Response(response, buffer)))));
  }

  /**
   * Waits, bounded, for a condition about the node that the test cannot be told of (a server
   * noticing a close, say), checking it every few milliseconds.
   */
  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestSocket.WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + TestSocket.WAIT_SECONDS + " s: " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Publishes through the HTTP API and answers the publication. */
  JsonObject publish(String channel, Object data) {
    Response response = call(HttpMethod.POST, "/api/publish", API_KEY,
        new JsonObject().put("channel", channel).put("data", data).encode());
    if (response.status != 200) {
      throw new AssertionError("publish failed: " + response.status + " " + response.body);
    }
    return new JsonObject(response.body);
  }

  record Response(int status, String body, String contentType) {
    Response(HttpClientResponse response, Buffer body) {
      this(response.statusCode(), body.toString(), response.getHeader("content-type"));
    }

    JsonObject json() {
      return new JsonObject(body);
    }
  }

  @Override
  public void close() {
    try {
      // Closing Vert.x from this thread, not from a callback on one of its event loops.
      deployments.undeployAll().await(20, TimeUnit.SECONDS);
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("node did not stop: " + e, e);
    }
  }
}
