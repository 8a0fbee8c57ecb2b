package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.Methods;
import io.tickwire.runtime.NodeContext;
import io.tickwire.testkit.AlertsDouble;
import io.tickwire.testkit.DropProxy;
import io.tickwire.testkit.NodeJsScripts;
import io.tickwire.testkit.TestControl;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard end to end in headless Chromium: a node started as the launcher starts it, with
 * the shipped dev profile (dashboard, dev tokens, demo user), behind a proxy that drops
 * connections; the script {@code modules/web/src/test/e2e/dashboard.e2e.mjs} drives Chromium
 * through playwright-core and saves screenshots under {@code target/e2e/}; {@code make screenshot}
 * runs this test and copies {@code dashboard-desktop.png} to {@code docs/dashboard.png}, the
 * README's picture.
 *
 * <p>What is real: the node and everything the launcher deploys, the browser client, the
 * dashboard and Chromium. The price feed is the script, publishing through the HTTP API. The
 * alerts methods are the real service's when the launcher deployed one; otherwise a stand-in in
 * this JVM ({@link AlertsDouble}), and the test says so in its output.
 */
@DisplayName("The dashboard in headless Chromium")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DashboardBrowserTest {

  static final Path WEB = Path.of("../web").toAbsolutePath().normalize();
  static final Path TARGET = Path.of("target").toAbsolutePath();

  @Test
  @DisplayName("shows live prices, draws the chart from prices.history and live candles, shows the depth ladder, the trade tape and the wallet's tokens and USD value, fires an alert, joins the demo desk (members, chat, history), shows an announcement banner, reconnects after a server-side drop and resumes")
  void dashboard() throws Exception {
    Path chromium = NodeJsScripts.requireChromium();
    Path node = NodeJsScripts.require("node", "the browser test's script runs in Node.js 20+");
    Path npm = NodeJsScripts.require("npm", "it installs playwright-core");
    NodeJsScripts.npmInstall(WEB, npm);

    // The page's price and wallet panels are fed by the test's own publications (below), with
    // values it can assert, so the simulated feeds stay off: they would race with them.
    // A store of its own, so no notification of an earlier run is in the inbox.
    Path store = java.nio.file.Files.createTempDirectory("tickwire-e2e");
    TickwireConfig config = Main.load("../../conf", "dev", null, LaunchedNode.env(store, Map.of(
        "TICKWIRE_GATEWAY_INSTANCES", "2", "TICKWIRE_TRANSACTIONS_ENABLED", "false",
        "TICKWIRE_PRICES_ENABLED", "false")));
    Vertx harness = Vertx.vertx();
    try (LaunchedNode tickwire = LaunchedNode.start(config, NodeContext.create("e2e"))) {
      int port = tickwire.port;
      tickwire.node.ready().set(true);
      String alerts = alertsService(tickwire.vertx);
      System.out.println("dashboard e2e: alerts methods are " + alerts);
      historyStandIn(tickwire.vertx);
      DropProxy proxy = DropProxy.start(harness, port);
      TestControl control = TestControl.start(harness)
          .on("refuse", body -> run(proxy::refuse))
          .on("accept", body -> run(proxy::accept));
      try {
        Path screenshots = TARGET.resolve("e2e");
        Files.createDirectories(screenshots);
        NodeJsScripts.Result result = NodeJsScripts.run(WEB,
            List.of(node.toString(), "--test", "--test-reporter=spec",
                "src/test/e2e/dashboard.e2e.mjs"),
            Map.of("TICKWIRE_BASE", "http://127.0.0.1:" + proxy.port(),
                "TICKWIRE_API", "http://127.0.0.1:" + port,
                "TICKWIRE_API_KEY", config.gateway().api().keys().get(0),
                "TICKWIRE_CONTROL", control.url(),
                "TICKWIRE_WALLET", config.gateway().demo().wallets().get(0),
                "CHROMIUM", chromium.toString(),
                "SCREENSHOTS", screenshots.toString()),
            Duration.ofMinutes(3), TARGET.resolve("e2e/dashboard-e2e.log"));
        assertThat(result.exitCode())
            .withFailMessage("the browser test failed (exit %d); log %s:%n%s", result.exitCode(),
                result.log(), NodeJsScripts.tail(result.output(), 8000))
            .isZero();
        assertThat(result.output()).contains("fail 0").containsPattern("pass [1-9]");
        assertThat(screenshots.resolve("dashboard-desktop.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("dashboard-tablet.png")).isNotEmptyFile();
      } finally {
        control.close();
        proxy.close();
      }
    } finally {
      Await.result(harness.close());
    }
  }

  /** Uses the real alerts service when the launcher deployed one, else deploys the stand-in. */
  private static String alertsService(Vertx vertx) {
    try {
      Await.result(Methods.call(vertx, "alerts.list", new JsonObject(), "demo", 5_000));
      return "the real alerts service";
    } catch (AssertionError e) {
      if (e.getCause() instanceof ProtocolException refusal
          && refusal.code() == ErrorCode.NOT_FOUND || String.valueOf(e.getMessage())
          .contains("not_found") || String.valueOf(e.getMessage()).contains("no service")) {
        AlertsDouble.deployOn(vertx);
        return "the test's stand-in (no alerts service is deployed on this node)";
      }
      throw e;
    }
  }

  /** Minutes of BTC-USD history the stand-in answers; the script checks the chart against it. */
  static final int HISTORY_CANDLES = 30;

  /**
   * {@code prices.history} as the price service answers it, for this node that runs without one
   * (its feed would race with the script's publications): the {@value #HISTORY_CANDLES} one-minute
   * BTC-USD candles before the minute the node started in, with prices that follow from their
   * index, and no candles for anything else. The script asks it too and expects the chart to show
   * exactly them.
   */
  private static void historyStandIn(Vertx vertx) {
    // Fixed when the node starts, so every call answers the same candles.
    long minute = System.currentTimeMillis() / 60_000 * 60_000;
    Await.result(Methods.register(vertx, "prices.history", call -> {
      JsonObject data = call.data();
      String symbol = data.getString("symbol");
      String interval = data.getString("interval");
      JsonArray candles = new JsonArray();
      if ("BTC-USD".equals(symbol) && "1m".equals(interval)) {
        for (int i = 0; i < HISTORY_CANDLES; i++) {
          double open = 64_000 + 10 * i;
          double close = open + (i % 3 == 0 ? -6 : 8);
          candles.add(new JsonObject().put("t", minute - (HISTORY_CANDLES - i) * 60_000L)
              .put("open", open).put("high", Math.max(open, close) + 4)
              .put("low", Math.min(open, close) - 4).put("close", close).put("volume", 1.5 + i));
        }
      }
      return Future.succeededFuture(new JsonObject().put("symbol", symbol)
          .put("interval", interval).put("candles", candles));
    }).completion());
  }

  private static JsonObject run(Runnable action) {
    action.run();
    return new JsonObject();
  }
}
