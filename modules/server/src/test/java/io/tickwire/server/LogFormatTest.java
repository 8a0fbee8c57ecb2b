package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's logs as an operator reads them: real node processes with the shipped
 * {@code conf/logback.xml}, one per format, each sent a WebSocket connection with a bad frame.
 */
@DisplayName("Log lines")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogFormatTest {

  /** What the plain pattern starts with: an ISO-8601 time with its zone. */
  static final Pattern DATED = Pattern.compile(
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) ");
  static final Path LOGS = Path.of("target", "log-format");

  @Test
  @DisplayName("are JSON objects with the node, and the session and user of a connection and its bad frame, with logging.format json; plain lines carry date, zone, node, session and user")
  void jsonAndPlain(@TempDir Path dir) throws Exception {
    try (NodeProcess json = start(dir, "json"); NodeProcess plain = start(dir, "plain")) {
      Path jsonLog = LOGS.resolve("json.log");
      Path plainLog = LOGS.resolve("plain.log");
      String jsonSession = badFrame(json);
      String plainSession = badFrame(plain);

      List<JsonObject> lines = new ArrayList<>();
      Await.until("the JSON line of the close of session " + jsonSession, () -> {
        lines.clear();
        lines.addAll(jsonLines(jsonLog));
        return lines.stream().anyMatch(line -> jsonSession.equals(mdc(line, "session"))
            && line.getString("formattedMessage", "").startsWith("connection closed"));
      });
      assertThat(lines).allSatisfy(line -> {
        assertThat(line.getJsonObject("context").getJsonObject("properties").getString("node"))
            .isEqualTo("log-json");
        assertThat(line.getLong("timestamp")).isPositive();
        assertThat(line.getString("level")).isNotBlank();
        assertThat(line.getString("loggerName")).isNotBlank();
      });
      JsonObject refused = of(lines, jsonSession, "frame refused");
      assertThat(refused.getJsonObject("mdc").getString("user")).isEqualTo("alice");
      assertThat(refused.getString("formattedMessage")).contains("bad_request");
      assertThat(of(lines, jsonSession, "connection opened").getJsonObject("mdc")
          .getString("user")).isEqualTo("alice");
      assertThat(of(lines, jsonSession, "connection closed").getJsonObject("mdc")
          .getString("user")).isEqualTo("alice");

      Await.until("the plain node's line of the refused frame", () -> read(plainLog).stream()
          .anyMatch(line -> line.contains("frame refused") && line.contains(plainSession)));
      List<String> logged = read(plainLog).stream().filter(line -> DATED.matcher(line).find())
          .toList();
      assertThat(logged).isNotEmpty().allSatisfy(line -> assertThat(line).contains(" log-plain "));
      assertThat(logged).anySatisfy(line -> assertThat(line).contains("frame refused")
          .contains("session=" + plainSession).contains("user=alice"));
      assertThat(read(plainLog)).noneMatch(line -> line.startsWith("{"));
    }
  }

  @Test
  @DisplayName("are plain by default in both profiles; logging.format takes plain or json, and nothing else")
  void formatKey() {
    assertThat(Main.load(LauncherTest.CONF, "dev", null, Map.of()).logging().json()).isFalse();
    assertThat(Main.load(LauncherTest.CONF, "production", null,
        LauncherTest.PRODUCTION_SECRETS).logging().format()).isEqualTo(LoggingConfig.PLAIN);
    assertThat(Main.load(LauncherTest.CONF, "dev", null,
        Map.of("TICKWIRE_LOGGING_FORMAT", "JSON")).logging().json()).isTrue();
    assertThatThrownBy(() -> Main.load(LauncherTest.CONF, "dev", null,
        Map.of("TICKWIRE_LOGGING_FORMAT", "logfmt")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("logging.format");
  }

  private static NodeProcess start(Path dir, String format) throws Exception {
    Path work = dir.resolve(format);
    Files.createDirectories(work);
    return NodeProcess.start("log-" + format, 0, LaunchedNode.env(work, Map.of(
        "TICKWIRE_NODE_ID", "log-" + format, "TICKWIRE_LOGGING_FORMAT", format,
        "TICKWIRE_LOG_LEVEL", "DEBUG",
        "TICKWIRE_CONF_DIR", Path.of(LauncherTest.CONF).toAbsolutePath().toString())), work,
        LOGS.resolve(format + ".log"));
  }

  /** Connects as alice, sends a frame that is not JSON, closes; answers the session id. */
  private static String badFrame(NodeProcess node) {
    try (NodeFixture client = NodeFixture.remote(node.port(90))) {
      String token = client.devToken("alice");
      TestSocket socket = client.connect("?token=" + token);
      socket.sendText("{not json");
      assertThat(socket.next("error").getString("code")).isEqualTo("bad_request");
      socket.closeAndWait();
      return socket.welcome.getString("session");
    }
  }

  /** The log's lines as JSON; every line must parse, but for the banner (System.out). */
  private static List<JsonObject> jsonLines(Path log) {
    List<JsonObject> lines = new ArrayList<>();
    boolean banner = false;
    for (String line : read(log)) {
      if (line.startsWith("tickwire is running")) {
        banner = true;
      } else if (line.startsWith("Press Ctrl-C")) {
        banner = false;
      } else if (!banner && !line.isBlank()) {
        lines.add(new JsonObject(line));
      }
    }
    return lines;
  }

  private static JsonObject of(List<JsonObject> lines, String session, String message) {
    return lines.stream().filter(line -> session.equals(mdc(line, "session"))
            && line.getString("formattedMessage", "").startsWith(message)).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + message + "' of session " + session));
  }

  private static String mdc(JsonObject line, String key) {
    JsonObject mdc = line.getJsonObject("mdc");
    return mdc == null ? null : mdc.getString(key);
  }

  /** The complete lines written so far (the last one may still be on its way). */
  private static List<String> read(Path log) {
    try {
      String text = Files.readString(log);
      return text.lines().limit(text.chars().filter(c -> c == '\n').count()).toList();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
