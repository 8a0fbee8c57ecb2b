package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.testkit.core.Await;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The bench pipeline: generator processes, publisher and servers")
class BenchPipelineTest {

  private static final String CLASS_PATH = System.getProperty("java.class.path");
  private static final int CONNECTIONS = 40;
  private static final int MESSAGES = 20;
  private static final int RAW_EVENT_LOOPS = 3;
  /** Members enough for a presence answer to span two WebSocket frames (64 KiB each). */
  private static final int PRESENCE_MEMBERS = 800;

  @TempDir
  Path dir;

  /**
   * A tickwire node named {@code name} with the bench's configuration on the event loops the raw
   * server gets, and {@code environment} added to its process's.
   */
  private ServerProcess node(String name, Map<String, String> environment) throws IOException {
    Path overlay = dir.resolve("bench-node.json");
    Files.writeString(overlay, Suite.nodeConfig(dir.resolve("data"), RAW_EVENT_LOOPS).encode());
    return ServerProcess.tickwire(name, List.of("-cp", CLASS_PATH, "io.tickwire.server.Main"),
        Path.of("../../conf").toAbsolutePath(), overlay, dir.resolve("logs"), environment);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  @DisplayName("counts every message the raw server broadcasts, on every connection and loop")
  void raw() throws Exception {
    try (ServerProcess server = ServerProcess.raw("raw", CLASS_PATH, dir.resolve("logs"),
        RAW_EVENT_LOOPS)) {
      measure(Target.RAW, server, "fan");
      assertThat(server.eventLoopThreads()).isEqualTo(RAW_EVENT_LOOPS);
      ping(Target.RAW, server);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  @DisplayName("counts every message the raw server publishes in-process, with no HTTP hop")
  void rawInProcess() throws Exception {
    try (ServerProcess server = ServerProcess.raw("raw-in-process", CLASS_PATH,
        dir.resolve("logs"), RAW_EVENT_LOOPS)) {
      measure(Target.RAW_IN_PROCESS, server, "fan");
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  @DisplayName("counts every message a tickwire node fans out on a stream channel, none missing, "
      + "on the event loops --event-loops gives it")
  void tickwire() throws Exception {
    try (ServerProcess server = node("bench-test", Map.of())) {
      measure(Target.TICKWIRE, server, "benchs.test");
      // The count the suite gives the raw server too: one gateway per event loop.
      assertThat(server.eventLoopThreads()).isEqualTo(RAW_EVENT_LOOPS);
      ping(Target.TICKWIRE, server);
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  @DisplayName("reads a tickwire node's MessagePack frames with msgpack-core, every one equal to "
      + "its JSON copy and smaller, and times presence requests about a channel's members")
  void msgpackAndPresence() throws Exception {
    try (ServerProcess server = node("bench-formats", Map.of())) {
      JsonObject json = formatStep(server, "json", 11);
      JsonObject packed = formatStep(server, "msgpack", 12);
      // JSON connections compare nothing; every message of the checked one is compared.
      assertThat(json.getLong("compared", 0L)).isZero();
      assertThat(packed.getLong("compared")).isEqualTo(MESSAGES);
      assertThat(packed.getLong("mismatched")).isZero();
      // The same messages, smaller in MessagePack: field names and numbers are packed.
      assertThat(packed.getLong("bytes")).isPositive()
          .isLessThan(json.getLong("bytes"));
      presence(server);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  @DisplayName("times every book message of a node running the simulated venues from its "
      + "changedAt and ts, and measures its JSON and MessagePack frames")
  void book() throws Exception {
    List<String> symbols = List.of("BTC-USD", "ETH-USD", "SOL-USD");
    assertThatThrownBy(() -> BookBench.run(1, symbols, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1–2000");
    assertThatThrownBy(() -> BookBench.run(1, symbols, BookBench.MAX_CONNECTIONS + 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 2001");
    try (ServerProcess server = node("bench-book", Map.of("TICKWIRE_PRICES_ENABLED", "true"))) {
      JsonObject step = BookBench.run(server.port, symbols, 3, 2, 3);
      assertThat(step.getLong("errors")).isZero();
      assertThat(step.getLong("closed")).isZero();
      long messages = step.getLong("messages");
      assertThat(messages).isPositive();
      // Every message timed, both ways.
      JsonObject latency = step.getJsonObject("latencyMs");
      JsonObject fanout = step.getJsonObject("fanoutMs");
      JsonObject waited = step.getJsonObject("waitedMs");
      assertThat(latency.getLong("count")).isEqualTo(messages);
      assertThat(fanout.getLong("count")).isEqualTo(messages);
      assertThat(waited.getLong("count")).isEqualTo(messages);
      // receive − changedAt is (receive − ts) + (ts − changedAt) for each message.
      assertThat(latency.getDouble("max")).isGreaterThanOrEqualTo(fanout.getDouble("max"))
          .isGreaterThanOrEqualTo(waited.getDouble("max"));
      // The books are the dev profile's: depth 20, no side longer.
      assertThat(step.getLong("depth")).isEqualTo(20);
      assertThat(step.getLong("levels")).isBetween(1L, 20L);
      JsonObject json = step.getJsonObject("bytes");
      JsonObject packed = step.getJsonObject("msgpackBytes");
      assertThat(json.getLong("count")).isEqualTo(messages);
      assertThat(step.getLong("msgpackMessages")).isPositive();
      assertThat(packed.getDouble("mean")).isPositive().isLessThan(json.getDouble("mean"));
      assertThat(json.getLong("max")).isGreaterThanOrEqualTo(json.getLong("p99"));
    }
  }

  /** One step on the format channel with every connection on {@code format}. */
  private JsonObject formatStep(ServerProcess server, String format, int step) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("--kind", "tickwire", "--targets",
        "127.0.0.1:" + server.port, "--channel", "benchs.fmt", "--format", format,
        "--max-seconds", "170"));
    if (format.equals("msgpack")) {
      args.add("--witness");
    }
    List<GeneratorProcess> generators = GeneratorProcess.start(CLASS_PATH, dir.resolve("logs"),
        format, args, CONNECTIONS, 2);
    try (Publisher publisher = new Publisher(16, 2)) {
      assertThat(generators.get(0).ready.getLong("connected")).isEqualTo(CONNECTIONS);
      JsonObject measured = Measure.step(publisher, Target.TICKWIRE, List.of(server), generators,
          List.of("benchs.fmt"), MESSAGES, 1, step, CONNECTIONS);
      assertThat(measured.getLong("publishFailed")).isZero();
      JsonObject seen = awaitAll(generators.get(0), step, (long) MESSAGES * CONNECTIONS);
      // Only the counted connections: the witness's copies are not among them.
      assertThat(seen.getLong("received")).isEqualTo((long) MESSAGES * CONNECTIONS);
      assertThat(seen.getLong("gaps")).isZero();
      assertThat(seen.getLong("errors")).isZero();
      assertThat(StepStats.decode(seen.getString("latency")).getTotalCount())
          .isEqualTo((long) MESSAGES * CONNECTIONS);
      if (format.equals("msgpack")) {
        Await.until("every message of the checked connection compared", Duration.ofSeconds(30),
            Duration.ofMillis(200), () -> generators.get(0).report().getJsonObject("steps")
                .getJsonObject(String.valueOf(step)).getLong("compared") >= MESSAGES);
        return generators.get(0).report().getJsonObject("steps")
            .getJsonObject(String.valueOf(step));
      }
      return seen;
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /**
   * Presence requests open loop about a channel of {@code PRESENCE_MEMBERS} members: every one
   * answered, whole, and timed with the right count, and counted wrong when the count is not the
   * one expected.
   */
  private void presence(ServerProcess server) {
    List<GeneratorProcess> members = GeneratorProcess.start(CLASS_PATH, dir.resolve("logs"),
        "members", List.of("--kind", "tickwire", "--targets", "127.0.0.1:" + server.port,
            "--channel", "benchp.test", "--max-seconds", "170"), PRESENCE_MEMBERS, 2);
    List<GeneratorProcess> clients = GeneratorProcess.start(CLASS_PATH, dir.resolve("logs"),
        "presence", List.of("--kind", "tickwire", "--targets", "127.0.0.1:" + server.port,
            "--presence-channel", "benchp.test", "--max-seconds", "170"), 5, 1);
    try {
      GeneratorProcess client = clients.get(0);
      assertThat(members.get(0).ready.getLong("connected")).isEqualTo(PRESENCE_MEMBERS);
      JsonObject seen = client.presence(200, 1, PRESENCE_MEMBERS);
      assertThat(seen.getLong("sent")).isEqualTo(200);
      assertThat(seen.getLong("received")).isEqualTo(200);
      assertThat(seen.getLong("errors")).isZero();
      assertThat(seen.getLong("wrong")).isZero();
      assertThat(seen.getLong("closed")).isZero();
      assertThat(StepStats.decode(seen.getString("latency")).getTotalCount()).isEqualTo(200);
      // Each answer lists every member, read to its end although it spans several frames.
      assertThat(seen.getLong("bytes") / 200).isGreaterThan(65_536L);
      JsonObject step = Suite.presenceStep(200, seen, 5, true, 1_000_000, 1);
      assertThat(step.getLong("connections")).isEqualTo(5);
      assertThat(step.getLong("unanswered")).isZero();
      // Answers that do not list the members expected are counted, and fail the step.
      JsonObject off = client.presence(100, 1, PRESENCE_MEMBERS + 1);
      assertThat(off.getLong("wrong")).isEqualTo(100);
      assertThat(Suite.presenceStep(100, off, 5, true, 1, 1).getBoolean("passed")).isFalse();
      // A channel of a namespace without presence: refused, counted as errors.
      List<GeneratorProcess> refused = GeneratorProcess.start(CLASS_PATH, dir.resolve("logs"),
          "refused", List.of("--kind", "tickwire", "--targets", "127.0.0.1:" + server.port,
              "--presence-channel", "benchs.test", "--max-seconds", "170"), 1, 1);
      try {
        JsonObject errors = refused.get(0).presence(20, 1, 0);
        assertThat(errors.getLong("errors")).isEqualTo(20);
        assertThat(errors.getLong("received")).isZero();
      } finally {
        refused.forEach(GeneratorProcess::close);
      }
    } finally {
      clients.forEach(GeneratorProcess::close);
      members.forEach(GeneratorProcess::close);
    }
  }

  private void measure(Target target, ServerProcess server, String channel) throws Exception {
    boolean raw = target.raw();
    List<GeneratorProcess> generators = GeneratorProcess.start(CLASS_PATH, dir.resolve("logs"),
        "test", List.of("--kind", raw ? "raw" : "tickwire", "--targets",
            "127.0.0.1:" + server.port, "--channel", channel, "--max-seconds", "170"),
        CONNECTIONS, 2);
    try (Publisher publisher = new Publisher(16, 2)) {
      assertThat(generators.get(0).ready.getLong("connected")).isEqualTo(CONNECTIONS);
      JsonObject step = Measure.step(publisher, target, List.of(server), generators,
          List.of(channel), MESSAGES, 1, 7, CONNECTIONS);
      assertThat(step.getLong("published")).isEqualTo(MESSAGES);
      assertThat(step.getLong("publishFailed")).isZero();
      assertThat(step.getLong("publishUnsent")).isZero();
      // Every answer timed, from a time no later than the answer itself.
      assertThat(step.getJsonObject("publishMs").getLong("count")).isEqualTo(MESSAGES);
      assertThat(step.getJsonObject("publishMs").getDouble("max")).isGreaterThanOrEqualTo(0.0);
      assertThat(step.getJsonObject("sendLagMs").getLong("count")).isEqualTo(MESSAGES);
      JsonObject seen = awaitAll(generators.get(0), 7, (long) MESSAGES * CONNECTIONS);
      assertThat(seen.getLong("received")).isEqualTo((long) MESSAGES * CONNECTIONS);
      if (!raw) {
        // tickwire keeps a channel's order; the raw server does not promise it (publications
        // handled on different event loops may overtake each other), so only its count is checked.
        assertThat(seen.getLong("gaps")).isZero();
        assertThat(seen.getLong("reordered")).isZero();
      }
      assertThat(StepStats.decode(seen.getString("latency")).getTotalCount())
          .isEqualTo((long) MESSAGES * CONNECTIONS);

      JsonObject results = new JsonObject().put("method", Suite.METHOD)
          .put("parameters", new JsonObject().put("connections", CONNECTIONS))
          .put(target.key, new JsonObject()
              .put("fanoutStream", new JsonObject().put("latency", step)));
      Path docs = dir.resolve("benchmarks.md");
      Files.writeString(docs, "old figures\n" + Report.MARKER + "\nwhy it is slow\n");
      String report = Report.markdown(results, docs);
      JsonObject answers = step.getJsonObject("publishMs");
      assertThat(report).contains("## fanout-stream").contains("| " + target.label
          + " | latency | 20 |").contains(" | " + answers.getValue("p50") + " / "
          + answers.getValue("p99") + " / " + answers.getValue("max") + " | ")
          .endsWith(Report.MARKER + "\nwhy it is slow\n").doesNotContain("old figures");
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /** Every app-level ping is answered and timed: tickwire's pong, the raw server's echo. */
  private void ping(Target target, ServerProcess server) {
    List<GeneratorProcess> generators = GeneratorProcess.start(CLASS_PATH, dir.resolve("logs"),
        "ping", List.of("--kind", target.raw() ? "raw" : "tickwire", "--targets",
            "127.0.0.1:" + server.port, "--channel", target.raw() ? "ping" : "benchs.ping",
            "--ping", "--max-seconds", "170"), 1, 1);
    try {
      JsonObject figures = Suite.pingFigures(generators.get(0).ping(200, 1_000), 1);
      assertThat(figures.getLong("answered")).isEqualTo(200);
      assertThat(figures.getLong("unanswered")).isZero();
      assertThat(figures.getJsonObject("latencyMs").getLong("count")).isEqualTo(200);
      assertThat(figures.getJsonObject("latencyMs").getDouble("max")).isPositive();
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /** The generator's figures for {@code step} once {@code expected} messages are in. */
  private static JsonObject awaitAll(GeneratorProcess generator, int step, long expected) {
    AtomicReference<JsonObject> seen = new AtomicReference<>();
    Await.until(expected + " messages at the generator", Duration.ofSeconds(60),
        Duration.ofMillis(200), () -> {
          seen.set(generator.report().getJsonObject("steps").getJsonObject(
              String.valueOf(step), new JsonObject().put("received", 0L)));
          return seen.get().getLong("received") >= expected;
        });
    return seen.get();
  }

}
