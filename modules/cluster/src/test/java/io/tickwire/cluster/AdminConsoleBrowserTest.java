package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.NodeJsScripts;
import io.tickwire.testkit.TestControl;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
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
 * The admin console end to end in headless Chromium, on two clustered members in this JVM: the
 * script {@code modules/web/src/test/e2e/admin.e2e.mjs} signs in on member 0's console (a wrong
 * key refused, the right one accepted), asks this test to start member 1 and sees it appear,
 * disconnects a WebSocket client of member 1 with a ban and sees its reconnects refused during
 * the ban and accepted after, then asks for member 1 to stop and sees it go. Screenshots go to
 * {@code target/e2e/}.
 */
@DisplayName("The admin console in headless Chromium, on a cluster")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminConsoleBrowserTest {

  static final Path WEB = Path.of("../web").toAbsolutePath().normalize();
  static final Path TARGET = Path.of("target").toAbsolutePath();
  /** The ban the script sets: long enough to see refusals, short enough for a quick test. */
  static final int BAN_SECONDS = 3;

  @Test
  @DisplayName("signs in, sees a second member join and leave, bans a user and sees the reconnect refused then accepted")
  void console() throws Exception {
    Path chromium = NodeJsScripts.requireChromium();
    Path node = NodeJsScripts.require("node", "the browser test's script runs in Node.js 20+");
    Path npm = NodeJsScripts.require("npm", "it installs playwright-core");
    NodeJsScripts.npmInstall(WEB, npm);

    Vertx harness = Vertx.vertx();
    try (TestCluster cluster = new TestCluster(2, 1, new JsonObject(), json -> json.put("admin",
        new JsonObject().put("enabled", true).put("reportIntervalMs", 500)
            .put("announcementChannels", new JsonArray().add("user.carol"))))) {
      TestControl control = TestControl.start(harness)
          .on("join", body -> {
            TestCluster.Member member = cluster.join(1);
            return new JsonObject().put("node", member.node.id()).put("port", member.port);
          })
          .on("leave", body -> {
            cluster.member(1).stop();
            return new JsonObject();
          });
      try {
        Path screenshots = TARGET.resolve("e2e");
        Files.createDirectories(screenshots);
        NodeJsScripts.Result result = NodeJsScripts.run(WEB,
            List.of(node.toString(), "--test", "--test-reporter=spec",
                "src/test/e2e/admin.e2e.mjs"),
            Map.of("TICKWIRE_BASE", "http://127.0.0.1:" + cluster.member(0).port,
                "TICKWIRE_API_KEY", TestConfig.API_KEY,
                "TICKWIRE_CONTROL", control.url(),
                "TICKWIRE_USER_TOKEN", TestCluster.token("carol"),
                "TICKWIRE_ADMIN_TOKEN", Tokens.hs256(TestConfig.SECRET, new JsonObject()
                    .put("sub", "olga").put("exp", System.currentTimeMillis() / 1000 + 600)
                    .put("roles", new JsonArray().add("admin"))),
                "TICKWIRE_BAN_SECONDS", String.valueOf(BAN_SECONDS),
                "CHROMIUM", chromium.toString(),
                "SCREENSHOTS", screenshots.toString()),
            Duration.ofMinutes(2), TARGET.resolve("e2e/admin-e2e.log"));
        assertThat(result.exitCode())
            .withFailMessage("the browser test failed (exit %d); log %s:%n%s", result.exitCode(),
                result.log(), NodeJsScripts.tail(result.output(), 8000))
            .isZero();
        assertThat(result.output()).contains("fail 0").containsPattern("pass [1-9]");
        assertThat(screenshots.resolve("admin-two-members.png")).isNotEmptyFile();
      } finally {
        control.close();
      }
    } finally {
      Await.result(harness.close());
    }
  }
}
