package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A hosted provider's URL carries its API key: the key must show in none of {@code /health},
 * the source's last error and the log.
 */
@DisplayName("The chain node's URL in public places")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProviderUrlRedactionTest {

  static final String SECRET_PATH = "/v3/SECRETKEY0123456789";
  static final String SECRET_QUERY = "?apikey=SECRETQUERY9876";

  @TempDir
  Path dir;

  /** Every log line of the test, with its exceptions' messages. */
  final Queue<String> lines = new ConcurrentLinkedQueue<>();
  final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
          .append(event.getFormattedMessage());
      for (IThrowableProxy failure = event.getThrowableProxy(); failure != null;
          failure = failure.getCause()) {
        line.append(" | ").append(failure.getClassName()).append(": ")
            .append(failure.getMessage());
      }
      lines.add(line.toString());
    }
  };
  final List<Logger> raised = new ArrayList<>();
  final List<Level> levels = new ArrayList<>();

  @BeforeEach
  void captureLogs() {
    capture.start();
    root().addAppender(capture);
    // Everything tickwire and Vert.x say, not only warnings.
    for (String name : List.of("io.tickwire", "io.vertx")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      raised.add(logger);
      levels.add(logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
  }

  @AfterEach
  void restoreLogs() {
    root().detachAppender(capture);
    capture.stop();
    for (int i = 0; i < raised.size(); i++) {
      raised.get(i).setLevel(levels.get(i));
    }
  }

  static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  @DisplayName("shows only scheme://host:port of a provider URL with a key in path and query in /health, lastError and the log")
  void secretNowhere() {
    try (Anvil anvil = Anvil.start(); RpcProxy provider = RpcProxy.start(anvil, Set.of(), 0)) {
      String shown = "ws://127.0.0.1:" + provider.port();
      JsonObject config = new JsonObject().put("source", "ethereum")
          .put("storePath", dir.resolve("watch.json").toString())
          .put("ethereum", new JsonObject().put("url", provider.url(SECRET_PATH + SECRET_QUERY))
              .put("reconnectMinMs", 100).put("reconnectMaxMs", 200));
      try (TxFixture node = TxFixture.start(config, List.of())) {
        TestSocket client = node.connect("");
        client.subscribeAll("blocks");
        TxFixture.blocks(client, "block");
        JsonObject health = node.health();
        JsonObject detail = health.getJsonObject("details").getJsonObject("transactions");
        assertThat(detail.getString("status")).isEqualTo("UP");
        assertThat(detail.getString("url")).isEqualTo(shown);
        assertThat(health.encode()).doesNotContain("SECRET");

        // The provider goes away: the source loses it and cannot connect again.
        provider.close();
        JsonObject down = TxFixture.blocks(client, "status");
        assertThat(down.getBoolean("connected")).isFalse();
        JsonObject failing = node.awaitTransactions(transactions -> transactions
            .getString("error", "").startsWith("cannot connect"));
        assertThat(failing.getString("error")).contains(shown).doesNotContain("SECRET");
        assertThat(failing.getString("url")).isEqualTo(shown);
        assertThat(node.health().encode()).doesNotContain("SECRET");
        assertThat(node.metrics()).doesNotContain("SECRET");
      }
      assertThat(lines).as("the log names the provider").anyMatch(line -> line.contains(shown));
      assertThat(lines).as("the log").noneMatch(line -> line.contains("SECRET"));
    }
  }
}
