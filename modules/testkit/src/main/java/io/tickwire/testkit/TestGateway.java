package io.tickwire.testkit;

import io.tickwire.gateway.GatewayNode;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.MethodHandler;
import io.tickwire.runtime.Methods;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.tickwire.runtime.Section;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real gateway node on loopback for tests of other modules: its own Vert.x, every gateway
 * verticle deployed on a free port, the HTTP API to publish with, and request methods registered
 * in the test's JVM. Methods are thread-safe; call them from the test's thread.
 */
public final class TestGateway implements AutoCloseable {

  public static final String SECRET = "test-secret-0123456789-abcdefghij";
  public static final String API_KEY = "test-key";
  public static final String DEMO_USER = "demo";
  public static final String DEMO_WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";

  private final Vertx vertx;
  private final Deployments deployments;
  private final int port;
  private final HttpClient http;

  private TestGateway(Vertx vertx, Deployments deployments, int port) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
    this.http = vertx.createHttpClient();
  }

  /**
   * The configuration tests start from: the dev profile's namespaces with a test secret and API
   * key, dev tokens on, the demo user, two gateway instances, a port picked by the system, no
   * per-address attempt rate (every test client connects from 127.0.0.1) and the server
   * heartbeat slowed down so that it never interferes.
   */
  public static JsonObject config() {
    JsonObject namespace = new JsonObject().put("historySize", 1000).put("historyTtlMs", 300000);
    return new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .put("instances", 2).put("connectRatePerIp", 0))
        .put("heartbeat", new JsonObject().put("intervalMs", 600_000))
        .put("auth", new JsonObject().put("hmacSecret", SECRET).put("devTokens", true))
        .put("api", new JsonObject().put("keys", new JsonArray().add(API_KEY)))
        .put("demo", new JsonObject().put("user", DEMO_USER)
            .put("wallets", new JsonArray().add(DEMO_WALLET)))
        .put("namespaces", new JsonObject()
            .put("prices", namespace.copy().put("access", "public").put("mode", "latest"))
            .put("market", namespace.copy().put("access", "public").put("mode", "latest"))
            .put("blocks", namespace.copy().put("access", "public").put("mode", "stream"))
            .put("tx", namespace.copy().put("access", "public").put("mode", "stream"))
            .put("wallet", namespace.copy().put("access", "wallet").put("mode", "stream"))
            .put("user", namespace.copy().put("access", "owner").put("mode", "stream")));
  }

  public static TestGateway start() {
    return start(json -> { });
  }

  /** Starts a node with the test configuration changed by {@code change}. */
  public static TestGateway start(Consumer<JsonObject> change) {
    JsonObject json = config();
    change.accept(json);
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    Node node = Nodes.node("test-" + UUID.randomUUID().toString().substring(0, 6));
    Vertx vertx = Nodes.start(node, new VertxOptions());
    Deployments deployments = new Deployments(vertx);
    int port = await(GatewayNode.deploy(deployments, setup, node));
    node.ready().set(true);
    return new TestGateway(vertx, deployments, port);
  }

  /** Waits for {@code future} from a test's thread (never from an event loop). */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A token of the test secret for {@code user}, valid for {@code ttlSeconds}. */
  public String token(String user, long ttlSeconds, String... wallets) {
    return TestTokens.hs256(SECRET, user, ttlSeconds, wallets);
  }

  /** Publishes through {@code POST /api/publish}; answers {channel, seq, epoch}. */
  public JsonObject publish(String channel, Object data) {
    String body = new JsonObject().put("channel", channel).put("data", data).encode();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost("127.0.0.1").setPort(port).setURI("/api/publish")
        .putHeader("Authorization", "ApiKey " + API_KEY)
        .putHeader("content-type", "application/json");
    // The chain runs on an event loop, so the body is read on the response's own context.
    Promise<JsonObject> published = Promise.promise();
    vertx.runOnContext(ignored -> http.request(options).compose(request -> request.send(body)
        .compose(response -> response.body().map(buffer -> {
          if (response.statusCode() != 200) {
            throw new AssertionError("publish failed: " + response.statusCode() + " " + buffer);
          }
          return buffer.toJsonObject();
        }))).onComplete(published));
    return await(published.future());
  }

  /** Registers a request method served in this JVM, as a service would. */
  public void method(String name, MethodHandler handler) {
    await(Methods.register(vertx, name, handler).completion());
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
