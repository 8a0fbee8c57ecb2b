package io.tickwire.testkit.core;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A node under test on loopback: the Vert.x it runs on, the HTTP port it serves, and clients to
 * talk to it (WebSockets, HTTP, the HTTP API with {@link TestConfig#API_KEY}, dev tokens).
 * What runs on the node is the caller's: a module's fixture deploys its verticles with
 * {@link #deploy} (bounded, and the Vert.x closed if it fails), then hands this class the port
 * and how to undeploy; {@link #close()} undeploys, then closes the Vert.x, each bounded.
 *
 * <p>Every HTTP exchange made through it can be checked ({@link #checkExchanges}): a module's
 * fixture checks them against the API's description.
 *
 * <p>Every method waits, bounded by {@link Await#SECONDS}: call them from the test's thread.
 * Asynchronous chains are built on an event loop ({@link #onEventLoop}), so no step misses an
 * event that came before the next was attached (a WebSocket's first frame, a response's body).
 */
public class NodeFixture implements AutoCloseable {

  public final Vertx vertx;
  /** The node's HTTP port (WebSocket, SSE and HTTP API). */
  public final int port;
  /** Room for many SSE streams at once: each holds a connection of the pool. */
  public final HttpClient http;
  public final WebSocketClient ws;
  private final Supplier<Future<?>> undeploy;
  private volatile Consumer<Exchange> exchangeCheck = exchange -> { };

  /** A node on {@code vertx} serving {@code port}; {@link #close()} runs {@code undeploy}. */
  protected NodeFixture(Vertx vertx, int port, Supplier<Future<?>> undeploy) {
    this.vertx = vertx;
    this.port = port;
    this.undeploy = undeploy;
    this.http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(64));
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
  }

  /**
   * Deploys what {@code deployment} deploys on {@code vertx} and answers its result, within
   * {@link Await#SECONDS}; when it fails or hangs, closes {@code vertx} and fails the test.
   */
  public static <T> T deploy(Vertx vertx, Supplier<Future<T>> deployment) {
    try {
      return Await.result(deployment.get());
    } catch (AssertionError e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * Clients of a node that runs elsewhere (another JVM) on {@code port}, on a Vert.x of their
   * own that {@link #close()} closes.
   */
  public static NodeFixture remote(int port) {
    return new NodeFixture(Vertx.vertx(), port, Future::succeededFuture);
  }

  /** Runs an asynchronous chain on an event loop of {@code vertx}; answers its outcome. */
  public static <T> Future<T> onEventLoop(Vertx vertx, Supplier<Future<T>> chain) {
    Context context = vertx.getOrCreateContext();
    return Future.future(promise -> context.runOnContext(ignored ->
        chain.get().onComplete(promise)));
  }

  /** Runs an asynchronous chain on an event loop of the node's Vert.x. */
  public <T> Future<T> onEventLoop(Supplier<Future<T>> chain) {
    return onEventLoop(vertx, chain);
  }

  /** Connects a WebSocket to {@code /ws}; answers once the welcome arrived. */
  public TestSocket connect() {
    return connect("");
  }

  /** Connects a WebSocket to {@code /ws} + {@code query}; answers once the welcome arrived. */
  public TestSocket connect(String query) {
    return connect(query, Map.of());
  }

  /** Connects with these handshake headers; answers once the welcome arrived. */
  public TestSocket connect(String query, Map<String, String> headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/ws" + query);
    headers.forEach(options::addHeader);
    TestSocket socket = TestSocket.connect(vertx, ws, options);
    socket.welcome = socket.next("welcome");
    return socket;
  }

  /**
   * Connects offering the WebSocket subprotocols {@code offered}, in that order; answers once the
   * welcome arrived, in whichever format the server selected ({@link TestSocket#msgpack}).
   */
  public TestSocket connectOffering(String query, String... offered) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI("/ws" + query).setSubProtocols(List.of(offered));
    TestSocket socket = TestSocket.connect(vertx, ws, options);
    socket.welcome = socket.next("welcome");
    return socket;
  }

  /** Connects asking for MessagePack frames, which the server must select. */
  public TestSocket connectMsgPack(String query) {
    TestSocket socket = connectOffering(query, TestSocket.MSGPACK);
    if (!socket.msgpack) {
      throw new AssertionError("the server did not select " + TestSocket.MSGPACK);
    }
    return socket;
  }

  /**
   * Has {@code check} look at every HTTP exchange made through this fixture from now on, on the
   * test's thread once the answer is read: a check that throws fails the call, and so the test.
   */
  public void checkExchanges(Consumer<Exchange> check) {
    exchangeCheck = check;
  }

  /** Hands an exchange made outside {@link #call} (a stream, say) to the exchange check. */
  protected void checked(Exchange exchange) {
    exchangeCheck.accept(exchange);
  }

  /**
   * An HTTP call with a JSON body (or none), as the API key {@code apiKey} when not null. The
   * body is read in the callback that receives the response, on the connection's context.
   */
  public Response call(HttpMethod method, String path, String apiKey, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(port).setURI(path).putHeader("content-type", "application/json");
    if (apiKey != null) {
      options.putHeader("Authorization", "ApiKey " + apiKey);
    }
    return exchange(options, body);
  }

  /** A GET on the node's port. */
  public Response get(String path) {
    return get(port, path);
  }

  /** A GET on another port of the node (its management port, say). */
  public Response get(int otherPort, String path) {
    return exchange(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(otherPort).setURI(path), null);
  }

  private Response exchange(RequestOptions options, String body) {
    Exchange exchange = Await.result(onEventLoop(() -> http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(buffer -> new Exchange(options.getMethod(),
            options.getURI(), copy(options.getHeaders()), body, response.statusCode(),
            copy(response.headers()), buffer.toString())))));
    checked(exchange);
    return new Response(exchange.status(), exchange.responseBody(),
        exchange.responseHeaders().get("content-type"));
  }

  private static MultiMap copy(MultiMap headers) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    if (headers != null) {
      copy.addAll(headers);
    }
    return copy;
  }

  /** Publishes through {@code POST /api/publish}, which must succeed; answers the publication. */
  public JsonObject publish(String channel, Object data) {
    Response response = call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
        new JsonObject().put("channel", channel).put("data", data).encode());
    if (response.status() != 200) {
      throw new AssertionError("publish failed: " + response.status() + " " + response.body());
    }
    return response.json();
  }

  /** A token for {@code user} owning {@code wallets}, from {@code GET /dev/token}. */
  public String devToken(String user, String... wallets) {
    String path = "/dev/token?sub=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + (wallets.length == 0 ? "" : "&wallets=" + String.join(",", wallets));
    Response response = get(path);
    if (response.status() != 200) {
      throw new AssertionError("no dev token: " + response.status() + " " + response.body());
    }
    return response.json().getString("token");
  }

  /** Undeploys what runs on the node, then closes its Vert.x, each within the bound. */
  @Override
  public void close() {
    // From the test's thread, not from a callback on one of the Vert.x's event loops.
    try {
      Await.result(undeploy.get());
    } finally {
      Await.result(vertx.close());
    }
  }

  /**
   * One HTTP request and its answer, as a test made them.
   *
   * @param uri the path and query, as sent
   * @param requestBody the body sent, or {@code null} for none
   * @param responseBody the body received, or {@code null} when it was not read here (a stream)
   */
  public record Exchange(HttpMethod method, String uri, MultiMap requestHeaders,
      String requestBody, int status, MultiMap responseHeaders, String responseBody) {
  }

  /** An HTTP answer: status, body and content type. */
  public record Response(int status, String body, String contentType) {

    public JsonObject json() {
      return new JsonObject(body);
    }
  }
}
