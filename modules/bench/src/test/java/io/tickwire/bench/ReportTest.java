package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
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
}
