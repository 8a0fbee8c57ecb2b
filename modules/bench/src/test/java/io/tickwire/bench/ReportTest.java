package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report and the step bound, from hand-made results: no servers, no clock. */
@DisplayName("The bench report and the bound of a ramp step")
class ReportTest {

  @TempDir
  Path dir;

  private static JsonObject latency(double p50, double p99) {
    return new JsonObject().put("count", 1000).put("p50", p50).put("p90", p99 / 2)
        .put("p99", p99).put("p999", p99 * 2).put("max", p99 * 3);
  }

  private static JsonObject step(double rate, double p99, double answerP99) {
    JsonObject step = new JsonObject().put("rate", rate).put("deliveredPerSec", 1000 * rate)
        .put("published", 100).put("publishFailed", 0).put("missing", 0).put("gaps", 0)
        .put("closes", new JsonObject()).put("latencyMs", latency(p99 / 2, p99))
        .put("serverCpuPct", 30).put("cpuMicrosPerDelivery", 4.5);
    return answerP99 < 0 ? step : step.put("publishMs", latency(answerP99 / 2, answerP99));
  }

  private static JsonObject run(long started, boolean current, double p99, double answerP99,
      int loops) {
    JsonObject fanout = new JsonObject().put("latency", step(30, p99, answerP99))
        .put("ramp", new JsonArray().add(step(50, p99, answerP99).put("passed", true)))
        .put("best", step(50, p99, answerP99));
    JsonObject run = new JsonObject().put("started", started)
        .put("parameters", new JsonObject().put("connections", 1000)
            .put("rates", new JsonArray().add(50.0)).put("eventLoops", 4))
        .put("tickwire", new JsonObject().put("fanoutStream", fanout.copy())
            .put("eventLoops", loops))
        .put("raw", new JsonObject().put("fanoutStream", fanout.copy()).put("eventLoops", 4));
    return current ? run.put("method", Suite.METHOD) : run;
  }

  @Test
  @DisplayName("shows the publish answers of every step, the event loops, and an earlier run's "
      + "figures in the before columns")
  void before() {
    JsonObject now = run(2_000_000_000_000L, true, 20, 7, 4);
    JsonObject earlier = run(1_000_000_000_000L, false, 14.46, -1, 4);
    String report = Report.markdown(now, earlier, dir.resolve("missing.md"));
    assertThat(report)
        .contains("| tickwire before | raw before |")
        .contains("| p99 ms before | publish answer p99 ms before |")
        // tickwire's 50 msg/s step: answers p50 / p99 / max, passed, then the earlier p99.
        .contains("| tickwire | ramp | 50 | 50,000 | 10.0 | 10.0 | 20.0 | 40.0 | 60.0 | 0 | 0 | "
            + "3.5 / 7.0 / 21.0 | 30 | 4.5 | yes | 14.46 | – |")
        .contains("fanout-stream: publish answer p99 ms at 1000 × 50 msg/s | 7.00 | 7.00 | 1.00 |")
        .contains("tickwire 4, raw 4 |")
        .contains("taken with the previous method")
        .doesNotContain("**These figures were taken with the previous method**");
  }

  @Test
  @DisplayName("holds latency to 1.2 × raw and Centrifuge's figure, and CPU to 1.1 × raw at the "
      + "same step")
  void targets() {
    JsonObject close = run(3L, true, 20, 7, 4);
    close.getJsonObject("raw").put("fanoutStream", run(3L, true, 17, 7, 4)
        .getJsonObject("raw").getJsonObject("fanoutStream"));
    close.getJsonObject("raw").getJsonObject("fanoutStream").getJsonArray("ramp")
        .getJsonObject(0).put("cpuMicrosPerDelivery", 4.2);
    assertThat(Report.markdown(close, null, dir.resolve("missing.md")))
        // 20 ms against raw's 17: within 1.2 ×, and under Centrifuge's 26.2 ms.
        .contains("fanout-stream: p99 ms at 1000 × 30 msg/s | 20.00 | 17.00 | 1.18 | – | "
            + "≤ 1.2 × raw and < 26.2 ms (Centrifuge) | yes |")
        .contains("fanout-stream: p99 ms at 1000 × 50 msg/s | 20.00 | 17.00 | 1.18 | – | "
            + "≤ 1.2 × raw and < 42.4 ms (Centrifuge) | yes |")
        // 4.5 µs against 4.2: within 1.1 ×.
        .contains("fanout-stream: server CPU µs per delivery at 1000 × 50 msg/s (the same step "
            + "on both) | 4.50 | 4.20 | 1.07 | – | ≤ 1.1 × raw | yes |");
    JsonObject slow = run(3L, true, 30, 7, 4);
    assertThat(Report.markdown(slow, null, dir.resolve("missing.md")))
        // Equal to raw, but above Centrifuge's figure at 30 msg/s.
        .contains("fanout-stream: p99 ms at 1000 × 30 msg/s | 30.00 | 30.00 | 1.00 | – | "
            + "≤ 1.2 × raw and < 26.2 ms (Centrifuge) | **no** |");
  }

  @Test
  @DisplayName("says when the figures predate the method, and when the servers ran different "
      + "numbers of event loops")
  void unfair() {
    String report = Report.markdown(run(1L, false, 20, -1, 8), null, dir.resolve("missing.md"));
    assertThat(report)
        .contains("**These figures were taken with the previous method**")
        .contains("tickwire 8, raw 4 — **not the same")
        .doesNotContain("before |")
        // A run without publish answers shows none rather than zeros.
        .contains("| 0 | 0 | – | 30 |");
  }

  @Test
  @DisplayName("an earlier run that is this same run adds no before columns")
  void sameRun() {
    JsonObject now = run(5L, true, 20, 7, 4);
    assertThat(Report.markdown(now, now.copy(), dir.resolve("missing.md")))
        .doesNotContain("before |");
  }

  @Test
  @DisplayName("writes the template's text around the run's parameters and the option defaults, "
      + "and keeps the hand-written analysis")
  void text() throws Exception {
    JsonObject now = run(2_000_000_000_000L, true, 20, 7, 4);
    now.getJsonObject("parameters").put("latencySeconds", 10).put("stepSeconds", 5)
        .put("p99LimitMs", 100.0).put("publishConnections", 4).put("publishPipeline", 64)
        .put("publishMaxInFlight", 2048);
    now.put("machine", new JsonObject().put("cpu", "Some CPU").put("cores", 2)
        .put("memoryGiB", 8).put("jdk", "21").put("os", "Linux")
        .put("openFilesPerProcess", 65536));
    Path existing = dir.resolve("benchmarks.md");
    Files.writeString(existing, "old figures\n" + Report.MARKER + "\nby hand\n");
    String report = Report.markdown(now, null, existing);
    assertThat(report).startsWith("# Benchmarks\n\nWritten by `make bench` on "
            + "2033-05-18T03:33:20 UTC; the raw figures are in `bench-results/results.json`.")
        .contains("\n| CPU | Some CPU |\n| cores | 2 |\n| memory | 8 GiB |\n")
        .contains("\n- **Steps.** 1000 subscribers; a latency step at 30 msg/s for 10 s, then a "
            + "ramp over [50.0] msg/s, 5 s each, stopping at the first step that fails its "
            + "bound: p99 at the subscribers or p99 of the publish answers above 100 ms,")
        .contains("over 4 keep-alive connections per server with up to 64 pipelined requests "
            + "each; only while 2048 answers are outstanding")
        // A run that did not record them: the option defaults.
        .contains("sends 2000 app-level pings, one every 5 ms,")
        .contains("\n| `--scenarios` | `fanout,many-channels,ping,batch,rpc,idle,big,msgpack,"
            + "presence,book,cluster,jmh` | which parts to run")
        .contains("\n| `--book-connections`, `--book-seconds` | `1,100`, 20 |")
        .contains("For each count of `--book-connections` (1,100), that many JSON connections")
        .doesNotContain("## book")
        .contains("\n| `--only` | | scenarios to run instead, their figures merged into the "
            + "existing results.json")
        .contains("\n| `--presence-rates`, `--presence-seconds` | "
            + "`1000,2500,5000,7500,10000,12500,15000,20000,25000,30000`, 5 |")
        // The method of both scenarios, with the defaults for a run that did not record them.
        .contains("on a stream channel of its own, 1000 subscribers × 50 msg/s (10 s,")
        .contains("then 50 other connections send `presence` requests about it")
        .doesNotContain("## msgpack")
        .doesNotContain("## presence")
        .contains("\n| `--connections` | 1000 | subscribers in fanout-latest,")
        .contains("\n| `--batch-size`, `--batch-connections`, `--batch-window`, `--batch-seconds` "
            + "| 100, 4, 2, 10 |")
        .contains("\n| `--before` | `bench-results/before.json` |")
        .contains("\n## fanout-stream: 1 stream-mode channel\n\n| server | step |")
        .doesNotContain("fanout-latest: 1 latest-mode channel")
        .doesNotContain("## cluster")
        .doesNotContain("## JMH")
        .endsWith("\n\n" + Report.MARKER + "\nby hand\n");
    assertThat(report.indexOf("## Method")).isLessThan(report.indexOf("## Running it"));
    assertThat(report.indexOf("## Running it"))
        .isLessThan(report.indexOf("## Summary against the targets"));
    assertThat(report.indexOf("## Summary against the targets"))
        .isLessThan(report.indexOf("## fanout-stream"));
    assertThat(report.indexOf("## fanout-stream"))
        .isLessThan(report.indexOf("## many-channels, 10,000 subscribers"));
  }

  @Test
  @DisplayName("docs/benchmarks.md is what the report makes of bench-results/results.json and "
      + "before.json")
  void repository() throws Exception {
    Path root = Path.of("../..");
    Path docs = root.resolve("docs/benchmarks.md");
    JsonObject results = new JsonObject(Files.readString(root.resolve(
        "bench-results/results.json")));
    JsonObject before = new JsonObject(Files.readString(root.resolve(
        "bench-results/before.json")));
    assertThat(Report.markdown(results, before, docs)).isEqualTo(Files.readString(docs));
  }

  @Test
  @DisplayName("a step passes only if its publish answers are within the bound too")
  void bound() {
    assertThat(Suite.passed(step(50, 20, 7), Target.TICKWIRE, true)).isTrue();
    assertThat(Suite.passed(step(50, 20, 100), Target.TICKWIRE, true)).isTrue();
    assertThat(Suite.passed(step(50, 20, 100.01), Target.TICKWIRE, true)).isFalse();
    assertThat(Suite.passed(step(50, 20, 101), Target.RAW, true)).isFalse();
    assertThat(Suite.passed(step(50, 20, 101), Target.RAW_IN_PROCESS, false)).isFalse();
    // A step whose answers were not timed cannot show they were within the bound.
    assertThat(Suite.passed(step(50, 20, -1), Target.TICKWIRE, true)).isFalse();
    assertThat(Suite.passed(step(50, 101, 7), Target.TICKWIRE, true)).isFalse();
    assertThat(Suite.passed(step(50, 20, 7).put("publishFailed", 1), Target.TICKWIRE, false))
        .isFalse();
    assertThat(Suite.passed(step(50, 20, 7).put("closes", new JsonObject().put("4009", 1)),
        Target.TICKWIRE, false)).isFalse();
  }

  @Test
  @DisplayName("a lost message fails a step on the raw server and on a stream channel, not on a "
      + "latest channel that conflates")
  void loss() {
    assertThat(Suite.passed(step(50, 20, 7).put("missing", 1), Target.RAW, false)).isFalse();
    assertThat(Suite.passed(step(50, 20, 7).put("missing", 1), Target.RAW_IN_PROCESS, true))
        .isFalse();
    // The raw server's event loops may overtake each other: a gap there is a reorder.
    assertThat(Suite.passed(step(50, 20, 7).put("gaps", 3), Target.RAW, true)).isTrue();
    assertThat(Suite.passed(step(50, 20, 7).put("gaps", 3), Target.TICKWIRE, true)).isFalse();
    assertThat(Suite.passed(step(50, 20, 7).put("missing", 1), Target.TICKWIRE, true)).isFalse();
    assertThat(Suite.passed(step(50, 20, 7).put("missing", 9).put("gaps", 9), Target.TICKWIRE,
        false)).isTrue();
  }

  private static JsonObject format(String format, double bytes, double cpu, double p99) {
    JsonObject step = step(50, p99, 7).put("subscribers", 1000).put("format", format)
        .put("bytesPerDelivery", bytes).put("cpuMicrosPerDelivery", cpu);
    return format.equals("json") ? step : step.put("compared", 500).put("mismatched", 0);
  }

  private static JsonObject formats(double jsonBytes, double packedBytes) {
    return new JsonObject().put("started", 2_000_000_100_000L).put("rate", 50.0)
        .put("subscribers", 1000).put("json", format("json", jsonBytes, 10.0, 20))
        .put("msgpack", format("msgpack", packedBytes, 11.0, 22));
  }

  private static JsonObject presenceStep(double rate, double p99, boolean passed) {
    return new JsonObject().put("rate", rate).put("seconds", 5.0).put("sent", (long) rate * 5)
        .put("answered", (long) rate * 5).put("answeredPerSec", (long) rate).put("unanswered", 0)
        .put("errors", 0).put("wrong", 0).put("membersHeld", true).put("bytesPerAnswer", 90_671.0)
        .put("latencyMs", latency(p99 / 4, p99)).put("serverCpuPct", 150)
        .put("cpuMicrosPerRequest", 95.5).put("passed", passed);
  }

  private static JsonObject presence(double bestRate, double failedRate) {
    JsonObject best = presenceStep(bestRate, 12, true);
    return new JsonObject().put("started", 2_000_000_200_000L).put("members", 1000)
        .put("connections", 50).put("stepSeconds", 5).put("p99LimitMs", 100.0)
        .put("steps", new JsonArray().add(presenceStep(bestRate / 2, 6, true)).add(best)
            .add(presenceStep(failedRate, 400, false)))
        .put("best", best);
  }

  @Test
  @DisplayName("sets MessagePack's bytes, CPU and p99 per delivery beside JSON's at the same step, "
      + "and the presence rate against 10,000/s, with a table each")
  void msgpackAndPresence() {
    JsonObject now = run(2_000_000_000_000L, true, 20, 7, 4);
    now.getJsonObject("tickwire").put("msgpack", formats(194, 157))
        .put("presence", presence(10_000, 12_500));
    String report = Report.markdown(now, null, dir.resolve("missing.md"));
    assertThat(report)
        .contains("| msgpack: frame bytes per delivery at 1000 × 50 msg/s, JSON → MessagePack | "
            + "194.0 → 157.0 (× 0.81) |  |  |  |  | – |")
        .contains("| msgpack: server CPU µs per delivery at the same step, JSON → MessagePack | "
            + "10.00 → 11.00 (× 1.10) |")
        .contains("| msgpack: p99 ms at the same step, JSON → MessagePack | 20.00 → 22.00 (× 1.10) |")
        .contains("| presence: requests/s on one node about a channel of 1000 members, p99 ≤ 100 "
            + "ms, all answered | 10,000 |  |  |  | ≥ 10,000 | yes |")
        .contains("\n## msgpack: JSON and MessagePack subscribers at the same step\n\nTaken on "
            + "2033-05-18T03:35:00 UTC.")
        .contains("| JSON | 1000 | 50 | 50,000 | 194.0 | 10.0 | 10.0 | 20.0 | 40.0 | 60.0 | 0 | 0 | "
            + "3.5 / 7.0 / 21.0 | 30 | 10.0 |  |")
        .contains("| MessagePack | 1000 | 50 | 50,000 | 157.0 | 11.0 | 11.0 | 22.0 | 44.0 | 66.0 | 0 "
            + "| 0 | 3.5 / 7.0 / 21.0 | 30 | 11.0 | 500 (0) |")
        .contains("\n## presence: query rate on a channel with 1000 members\n\nTaken on "
            + "2033-05-18T03:36:40 UTC. One node; 50 connections")
        .contains("| 10,000 | 50000 | 10,000 | 0 | 0 | 0 | 0 | 90,671 | 3.0 | 6.0 | 12.0 | 24.0 | 36.0 "
            + "| 150 | 95.5 | yes |")
        .contains("| 12,500 | 62500 | 12,500 | 0 | 0 | 0 | 0 | 90,671 | 100.0 | 200.0 | 400.0 | 800.0 | "
            + "1200.0 | 150 | 95.5 | no |")
        .contains("Highest rate within the bound: **10,000** requests/s");
    assertThat(report.indexOf("## msgpack")).isGreaterThan(report.indexOf("| idle |"));
    assertThat(report.indexOf("## presence")).isGreaterThan(report.indexOf("## msgpack"));

    JsonObject short_ = run(2_000_000_000_000L, true, 20, 7, 4);
    JsonObject none = presence(5_000, 7_500).put("best", (Object) null);
    short_.getJsonObject("tickwire").put("presence", none);
    JsonObject earlier = run(1_000_000_000_000L, true, 20, 7, 4);
    earlier.getJsonObject("tickwire").put("presence", presence(7_500, 10_000))
        .put("msgpack", formats(200, 150));
    assertThat(Report.markdown(short_, earlier, dir.resolve("missing.md")))
        .contains("| presence: requests/s on one node about a channel of 1000 members, p99 ≤ 100 "
            + "ms, all answered | none within the bound |  |  |  | ≥ 10,000 | **no** | 7,500 |  |")
        .contains("Highest rate within the bound: **none** requests/s")
        // This run has no msgpack figures: no rows for it, even though the earlier run had them.
        .doesNotContain("msgpack: frame bytes");
  }

  private static JsonObject bookStep(int connections, double p99, double meanBytes) {
    return new JsonObject().put("connections", connections).put("symbols", 10)
        .put("seconds", 20.0).put("messages", connections * 2000L)
        .put("messagesPerSec", connections * 100L).put("perSymbolPerSec", 10.0)
        .put("resolutionMs", 1).put("latencyMs", latency(p99 / 2, p99))
        .put("fanoutMs", latency(1, 3)).put("waitedMs", latency(40, 95))
        .put("bytes", new JsonObject().put("count", 2000).put("mean", meanBytes)
            .put("p50", 2_400).put("p99", 2_600).put("max", 2_700))
        .put("msgpackBytes", new JsonObject().put("count", 2000).put("mean", 1_500.0)
            .put("p50", 1_500).put("p99", 1_600).put("max", 1_650))
        .put("levels", 20).put("depth", 20).put("errors", 0).put("closed", 0);
  }

  private static JsonObject book(double p99) {
    return new JsonObject().put("started", 2_000_000_200_000L).put("symbols", 10)
        .put("venues", 4).put("depth", 20).put("maxRatePerSec", 10).put("seconds", 20)
        .put("steps", new JsonArray().add(bookStep(1, p99, 2_345.6))
            .add(bookStep(100, p99 + 10, 2_400.0)));
  }

  private static JsonObject jmhFigures(double levelUpdates) {
    return new JsonObject().put("benchmarks", new JsonArray()
        .add(new JsonObject().put("name", "order-book merge, 4 venues × 10 symbols, merged every "
            + "8 events").put("benchmark", "io.tickwire.bench.jmh.BookMergeBenchmark.levelUpdates")
            .put("params", new JsonObject().put("venues", "4").put("mergeEvery", "8"))
            .put("score", levelUpdates).put("error", 1000.0).put("unit", "ops/s")
            .put("figure", levelUpdates).put("figureUnit", "venue level updates/s")
            .put("text", "x").put("target", 1e6).put("meetsTarget", levelUpdates >= 1e6))
        .add(new JsonObject().put("name", "order-book merge, top 20 of 4 venues")
            .put("benchmark", "io.tickwire.bench.jmh.BookMergeBenchmark.merge")
            .put("params", new JsonObject().put("venues", "4")).put("score", 5e5)
            .put("error", 10.0).put("unit", "ops/s").put("figure", 5e5)
            .put("figureUnit", "merges/s").put("text", "y")));
  }

  @Test
  @DisplayName("shows the book scenario's latency p99 per step and its frame sizes in the summary, "
      + "a table of every step, and the JMH book merge rate against 1,000,000/s")
  void book() {
    JsonObject now = run(2_000_000_000_000L, true, 20, 7, 4);
    now.getJsonObject("tickwire").put("book", book(120));
    now.put("jmh", jmhFigures(2_500_000));
    String report = Report.markdown(now, null, dir.resolve("missing.md"));
    assertThat(report)
        .contains("| book: venue update → `book.*` message p99 ms (receive − `changedAt`, the "
            + "10/s rate limit included), 1 × 10 symbols | 120 |  |  |  |  | – |")
        .contains("| book: venue update → `book.*` message p99 ms (receive − `changedAt`, the "
            + "10/s rate limit included), 100 × 10 symbols | 130 |")
        .contains("| book: `book.*` frame bytes at depth 20, JSON mean / p99 / max (MessagePack "
            + "mean) | 2,400 / 2,600 / 2,700 (MessagePack 1,500) |")
        .contains("| JMH, one core: order-book merge, 4 venues × 10 symbols, merged every 8 "
            + "events, venue level updates/s | 2,500,000 |  |  |  | ≥ 1,000,000 venue level "
            + "updates/s | yes |")
        // Only the figures with a target reach the summary.
        .doesNotContain("JMH, one core: order-book merge, top 20")
        .contains("\n## book: consolidated order books from the simulated venues\n\nTaken on "
            + "2033-05-18T03:36:40 UTC. One node, 4 simulated venues × 10 symbols, books of "
            + "depth 20 published at most 10 times a second per symbol;")
        .contains("\n| 1 | 2000 | 100 | 10.0 | 60 / 120 / 240 / 360 | 1 / 3 / 6 / 9 | "
            + "40 / 95 / 190 / 285 | 2,345.6 / 2,600 / 2,700 | 1,500.0 / 1,600 / 1,650 | 20 | 0 "
            + "| 0 |")
        .contains("\n| 100 | 200000 | 10,000 | 10.0 | 65 / 130 / 260 / 390 |");
    assertThat(report.indexOf("## book")).isGreaterThan(report.indexOf("| idle |"));

    JsonObject slow = run(2_000_000_000_000L, true, 20, 7, 4);
    slow.put("jmh", jmhFigures(900_000));
    JsonObject earlier = run(1_000_000_000_000L, true, 20, 7, 4);
    earlier.getJsonObject("tickwire").put("book", book(150));
    earlier.put("jmh", jmhFigures(1_100_000));
    assertThat(Report.markdown(slow, earlier, dir.resolve("missing.md")))
        .contains("updates/s | 900,000 |  |  |  | ≥ 1,000,000 venue level updates/s | **no** | "
            + "1,100,000 |  |")
        // This run has no book figures: no rows for them, even though the earlier run had them.
        .doesNotContain("| book: ")
        .doesNotContain("## book");
  }

  @Test
  @DisplayName("a presence step passes only with p99 within the bound, every request answered, "
      + "none refused, every count right and every member still connected")
  void presenceBound() {
    Histogram micros = new Histogram(StepStats.MAX_MICROS, 3);
    for (int i = 1; i <= 1000; i++) {
      micros.recordValue(i * 50L);
    }
    JsonObject seen = new JsonObject().put("sent", 1000).put("received", 1000).put("errors", 0)
        .put("wrong", 0).put("seconds", 2.0).put("bytes", 90_000_000L).put("connections", 50)
        .put("latency", StepStats.encode(micros));
    JsonObject step = Suite.presenceStep(500, seen, 50, true, 300_000_000L, 2.5);
    assertThat(step.getBoolean("passed")).isTrue();
    assertThat(step.getLong("answeredPerSec")).isEqualTo(500);
    assertThat(step.getDouble("bytesPerAnswer")).isEqualTo(90_000.0);
    assertThat(step.getDouble("cpuMicrosPerRequest")).isEqualTo(300.0);
    assertThat(step.getLong("serverCpuPct")).isEqualTo(12);
    assertThat(Suite.presenceStep(500, seen.copy().put("received", 999), 50, true, 1, 1)
        .getLong("unanswered")).isEqualTo(1);
    assertThat(Suite.presenceStep(500, seen.copy().put("received", 999), 50, true, 1, 1)
        .getBoolean("passed")).isFalse();
    assertThat(Suite.presenceStep(500, seen.copy().put("received", 999).put("errors", 1), 50,
        true, 1, 1).getBoolean("passed")).isFalse();
    assertThat(Suite.presenceStep(500, seen.copy().put("wrong", 1), 50, true, 1, 1)
        .getBoolean("passed")).isFalse();
    assertThat(Suite.presenceStep(500, seen, 50, false, 1, 1).getBoolean("passed")).isFalse();
    // A step that started with fewer asking connections than the scenario has (some closed in
    // an earlier step or never connected) fails.
    assertThat(Suite.presenceStep(500, seen.copy().put("connections", 49), 50, true, 1, 1)
        .getBoolean("passed")).isFalse();
    JsonObject closed = Suite.presenceStep(500, seen.copy().put("closed", 2), 50, true, 1, 1);
    assertThat(closed.getLong("clientsClosed")).isEqualTo(2);
    assertThat(closed.getBoolean("passed")).isFalse();
    // 21 of 1,021 answers past 100 ms: the p99 is past it too.
    for (int i = 0; i < 21; i++) {
      micros.recordValue(150_000L);
    }
    assertThat(Suite.presenceStep(500, seen.copy().put("latency", StepStats.encode(micros)), 50,
        true, 1, 1).getBoolean("passed")).isFalse();
  }

  @Test
  @DisplayName("--only merges its scenarios into the earlier results: they replace the same "
      + "server's and bring the parameters only they read; everything else and the earlier date, "
      + "machine and other parameters stay")
  void merge() {
    JsonObject earlier = run(1_000L, true, 20, 7, 4)
        .put("machine", new JsonObject().put("cpu", "old")).put("finished", 2_000L)
        .put("cluster", new JsonObject().put("nodes", 3));
    earlier.getJsonObject("parameters").put("presenceRates", new JsonArray().add(1000.0))
        .put("bookSeconds", 20);
    earlier.getJsonObject("tickwire").put("msgpack", formats(200, 150));
    JsonObject part = new JsonObject().put("started", 5_000L).put("finished", 6_000L)
        .put("method", Suite.METHOD).put("machine", new JsonObject().put("cpu", "new"))
        .put("parameters", new JsonObject().put("connections", 300).put("formatRate", 20.0)
            .put("presenceRates", new JsonArray().add(2000.0)).put("bookSeconds", 5))
        .put("tickwire", new JsonObject().put("msgpack", formats(194, 157))
            .put("presence", presence(5_000, 7_500)).put("eventLoops", 4))
        .put("raw", new JsonObject()).put("rawInProcess", new JsonObject());
    JsonObject merged = Suite.merge(earlier, part, java.util.List.of("msgpack", "presence"));
    assertThat(merged.getLong("started")).isEqualTo(1_000L);
    assertThat(merged.getLong("finished")).isEqualTo(2_000L);
    assertThat(merged.getJsonObject("machine").getString("cpu")).isEqualTo("old");
    assertThat(merged.getJsonObject("parameters").getInteger("connections")).isEqualTo(1000);
    assertThat(merged.getJsonObject("parameters").getDouble("formatRate")).isEqualTo(20.0);
    // The parameters only a merged scenario reads are its run's; the others stay.
    assertThat(merged.getJsonObject("parameters").getJsonArray("presenceRates"))
        .isEqualTo(new JsonArray().add(2000.0));
    assertThat(merged.getJsonObject("parameters").getInteger("bookSeconds")).isEqualTo(20);
    JsonObject tw = merged.getJsonObject("tickwire");
    assertThat(tw.getJsonObject("msgpack")).isEqualTo(formats(194, 157));
    assertThat(tw.getJsonObject("presence").getJsonObject("best").getDouble("rate"))
        .isEqualTo(5_000.0);
    assertThat(tw.getJsonObject("fanoutStream"))
        .isEqualTo(earlier.getJsonObject("tickwire").getJsonObject("fanoutStream"));
    assertThat(merged.getJsonObject("raw").getJsonObject("fanoutStream")).isNotNull();
    assertThat(merged.getJsonObject("cluster").getInteger("nodes")).isEqualTo(3);
    assertThat(merged.getJsonArray("parts")).containsExactly(new JsonObject()
        .put("scenarios", new JsonArray().add("msgpack").add("presence"))
        .put("started", 5_000L).put("finished", 6_000L)
        .put("machine", new JsonObject().put("cpu", "new")));
    // A second merge adds its part to the first's.
    assertThat(Suite.merge(merged, part, java.util.List.of("presence")).getJsonArray("parts"))
        .hasSize(2);
    // The earlier results are left as they were.
    assertThat(earlier.containsKey("parts")).isFalse();
  }

  private static JsonObject ping(double p50) {
    return new JsonObject().put("sent", 2000).put("intervalMs", 5).put("answered", 2000)
        .put("unanswered", 0).put("latencyMs", latency(p50, p50 * 4));
  }

  private static JsonObject batch(long rate) {
    return step(rate, 30, 40).put("rate", rate).put("deliveredPerSec", rate)
        .put("delivered", rate * 10).put("published", rate * 10)
        .put("cpuMicrosPerPublished", 4.5)
        .put("batchSize", 100).put("channels", 1000).put("connections", 4).put("window", 2)
        .put("seconds", 10.0).put("publishFailed", 0).put("errors", new JsonObject());
  }

  /** The same batches to channels without subscribers: nothing delivered. */
  private static JsonObject alone(long rate) {
    return batch(rate).put("delivered", 0).put("deliveredPerSec", 0)
        .put("cpuMicrosPerPublished", 2.25);
  }

  @Test
  @DisplayName("sets the idle node's ping p50 against 1 ms and the batch publish rate against "
      + "100,000 msg/s, with a table each")
  void pingAndBatch() {
    JsonObject now = run(3L, true, 20, 7, 4);
    now.getJsonObject("tickwire").put("ping", ping(0.75)).put("batch", batch(60_000))
        .put("batchPublishOnly", alone(120_000));
    now.getJsonObject("raw").put("ping", ping(0.5));
    assertThat(Report.markdown(now, null, dir.resolve("missing.md")))
        .contains("| ping: app-level ping p50 ms on an idle node (raw: a text frame echoed) | "
            + "0.75 | 0.50 | 1.50 | – | ≤ 1 ms | yes |")
        .contains("| batch: messages/s published through `POST /api/publish`, batches of 100, "
            + "1000 channels without subscribers | 120,000 |  |  |  | ≥ 100,000 with batches of "
            + "100 | yes |")
        .contains("| batch: the same, each channel with one subscriber (published and delivered "
            + "msg/s) | 60,000 |")
        .contains("| tickwire: `ping` → `pong` | 2000 × 5 ms | 2000 | 0.75 | 1.5 | 3.0 | 6.0 | 9.0 |")
        .contains("| raw: text frame echoed | 2000 × 5 ms | 2000 | 0.5 |")
        .contains("| 1000 stream channels, 1 subscriber each | 4 × 2 | 100 | 10.00 | 60,000 | "
            + "60,000 | 0 | 0 | 0 | 20.0 / 40.0 / 120.0 | 15.0 / 30.0 / 90.0 | 4.5 |")
        .contains("| 1000 stream channels, no subscriber | 4 × 2 | 100 | 10.00 | 120,000 | 0 | 0 "
            + "| 0 | 0 | 20.0 / 40.0 / 120.0 | – | 2.25 |");
    JsonObject slow = run(3L, true, 20, 7, 4);
    slow.getJsonObject("tickwire").put("ping", ping(2.6)).put("batch", batch(40_000)
        .put("publishFailed", 5).put("errors", new JsonObject().put("413", 5)))
        .put("batchPublishOnly", alone(40_000));
    assertThat(Report.markdown(slow, null, dir.resolve("missing.md")))
        .contains("| 2.60 | – | – | – | ≤ 1 ms | **no** |")
        .contains("| 40,000 |  |  |  | ≥ 100,000 with batches of 100 | **no** |")
        .contains("| 5 {413:5} |");
  }

  @Test
  @DisplayName("reads a generator's ping answer: percentiles of the round trips, and the pings "
      + "never answered")
  void pingFigures() {
    Histogram micros = new Histogram(StepStats.MAX_MICROS, 3);
    for (int i = 1; i <= 100; i++) {
      micros.recordValue(i * 100L);
    }
    JsonObject figures = Suite.pingFigures(new JsonObject().put("sent", 103).put("received", 100)
        .put("latency", StepStats.encode(micros)), 5);
    assertThat(figures.getLong("unanswered")).isEqualTo(3);
    assertThat(figures.getLong("answered")).isEqualTo(100);
    assertThat(figures.getJsonObject("latencyMs").getDouble("p50")).isEqualTo(5.0);
    // HdrHistogram keeps three significant digits.
    assertThat(figures.getJsonObject("latencyMs").getDouble("max")).isCloseTo(10.0, within(0.02));
  }
}
