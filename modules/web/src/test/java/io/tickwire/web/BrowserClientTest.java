package io.tickwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.AlertsDouble;
import io.tickwire.testkit.DropProxy;
import io.tickwire.testkit.NodeJsScripts;
import io.tickwire.testkit.TestControl;
import io.tickwire.testkit.TestGateway;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the browser client's tests ({@code src/test/js}, Node's test runner) against a real node
 * behind a proxy that drops connections. The scripts ask this test, through a control server, to
 * drop or refuse connections, restart the node, publish and sign tokens. The alerts methods are
 * this JVM's stand-in ({@link AlertsDouble}): this module's tests deploy only the gateway.
 */
@DisplayName("The browser client in Node's test runner")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BrowserClientTest {

  static final Path MODULE = Path.of("").toAbsolutePath();

  @Test
  @DisplayName("passes its Node tests against a real node: drops, restarts, resync, queue, timeouts, maxAttempts, tokens, optimistic rules, publish, presence, join/leave, announcements, MessagePack")
  void nodeTests() {
    Path node = NodeJsScripts.require("node", "the browser client's tests run in Node.js 20+");
    Path npm = NodeJsScripts.require("npm", "it installs the test packages (ws, playwright-core)");
    NodeJsScripts.npmInstall(MODULE, npm);

    Vertx harness = Vertx.vertx();
    AtomicReference<TestGateway> current = new AtomicReference<>(startNode());
    DropProxy proxy = DropProxy.start(harness, current.get().port);
    TestControl control = TestControl.start(harness)
        .on("drop", body -> done(proxy::drop))
        .on("refuse", body -> done(proxy::refuse))
        .on("accept", body -> done(proxy::accept))
        .on("publish", body -> current.get().publish(body.getString("channel"),
            body.getValue("data")))
        .on("token", body -> new JsonObject().put("token", token(body)))
        .on("restart", body -> {
          current.get().close();
          TestGateway next = startNode();
          current.set(next);
          proxy.upstream(next.port);
          return new JsonObject().put("port", next.port);
        });
    try {
      NodeJsScripts.Result result = NodeJsScripts.run(MODULE,
          List.of(node.toString(), "--test", "--test-reporter=spec", "src/test/js/"),
          Map.of("TICKWIRE_URL", "ws://127.0.0.1:" + proxy.port() + "/ws",
              "TICKWIRE_CONTROL", control.url()),
          Duration.ofMinutes(3), MODULE.resolve("target/node-tests.log"));
      assertThat(result.exitCode())
          .withFailMessage("node --test failed (exit %d); log %s:%n%s", result.exitCode(),
              result.log(), NodeJsScripts.tail(result.output(), 8000))
          .isZero();
      assertThat(result.output()).contains("fail 0").containsPattern("pass [1-9]");
    } finally {
      control.close();
      proxy.close();
      Await.result(harness.close());
      current.get().close();
    }
  }

  private static JsonObject done(Runnable action) {
    action.run();
    return new JsonObject();
  }

  /** A token of the test secret for {@code user}, with a {@code desks} claim when asked. */
  private static String token(JsonObject body) {
    long ttl = body.getLong("ttlSeconds", 300L);
    JsonArray desks = body.getJsonArray("desks");
    if (desks == null) {
      return Tokens.hs256(TestConfig.SECRET, body.getString("user"), ttl);
    }
    long now = System.currentTimeMillis() / 1000;
    return Tokens.hs256(TestConfig.SECRET, new JsonObject().put("sub", body.getString("user"))
        .put("iat", now).put("exp", now + ttl).put("desks", desks));
  }

  private static final AtomicInteger RECORDED = new AtomicInteger();

  /**
   * A gateway node with a short-history namespace, the dev profile's protocol 1.1 namespaces
   * ({@code desk} with presence and join/leave, {@code system.announcements} subscribed at
   * connect), test methods and the alerts stand-in.
   */
  static TestGateway startNode() {
    JsonObject protocol11 = TestConfig.gateway().desks().json();
    TestGateway node = TestGateway.start(json -> {
      JsonObject namespaces = json.getJsonObject("namespaces");
      namespaces.put("short", new JsonObject().put("mode", "stream").put("historySize", 5));
      namespaces.mergeIn(protocol11.getJsonObject("namespaces"));
      namespaces.getJsonObject("desk").put("presence", true).put("joinLeave", true);
      json.getJsonObject("gateway").put("autoSubscribe",
          protocol11.getJsonObject("gateway").getJsonArray("autoSubscribe"));
    });
    node.method("test.record", call -> Future.succeededFuture(
        new JsonObject().put("n", RECORDED.incrementAndGet()).put("data", call.data())));
    node.method("test.hang", call -> Promise.promise().future());
    AlertsDouble.deployOn(node);
    return node;
  }
}
