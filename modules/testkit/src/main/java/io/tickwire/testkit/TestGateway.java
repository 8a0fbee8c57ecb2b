package io.tickwire.testkit;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.MethodHandler;
import io.tickwire.runtime.Methods;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A real gateway node on loopback for tests of other modules: its own Vert.x, every gateway
 * verticle deployed on a free port, the clients of {@link NodeFixture} (the HTTP API to publish
 * with among them), and request methods registered in the test's JVM. Methods are thread-safe;
 * call them from the test's thread.
 */
public final class TestGateway extends NodeFixture {

  public static final String DEMO_USER = "demo";
  public static final String DEMO_WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";

  private TestGateway(Deployments deployments, int port) {
    super(deployments.vertx(), port, deployments::undeployAll);
  }

  /**
   * The configuration tests start from: {@link TestConfig#dev()} (the dev profile's namespaces,
   * the test secret and API key, dev tokens on) and the demo user.
   */
  public static JsonObject config() {
    return TestConfig.dev().section("demo", new JsonObject().put("user", DEMO_USER)
        .put("wallets", new JsonArray().add(DEMO_WALLET))).json();
  }

  public static TestGateway start() {
    return start(json -> { });
  }

  /** Starts a node with the test configuration changed by {@code change}. */
  public static TestGateway start(Consumer<JsonObject> change) {
    JsonObject json = config();
    change.accept(json);
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    NodeContext node = NodeContext.create("test-" + UUID.randomUUID().toString().substring(0, 6));
    Deployments deployments = new Deployments(MeteredVertx.start(node, new VertxOptions()));
    int port = deploy(deployments.vertx(), () -> GatewayModule.deploy(deployments, setup, node));
    node.ready().set(true);
    return new TestGateway(deployments, port);
  }

  /** A token of the test secret for {@code user}, valid for {@code ttlSeconds}. */
  public String token(String user, long ttlSeconds, String... wallets) {
    return Tokens.hs256(TestConfig.SECRET, user, ttlSeconds, wallets);
  }

  /** Registers a request method served in this JVM, as a service would. */
  public void method(String name, MethodHandler handler) {
    Await.result(Methods.register(vertx, name, handler).completion());
  }
}
