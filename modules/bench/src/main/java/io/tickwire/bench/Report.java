package io.tickwire.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes docs/benchmarks.md from a run's results: the machine, the method, every figure side by
 * side with the raw reference and the ratio, and the targets. What follows the analysis marker in
 * the existing file is written by hand and kept across runs.
 */
final class Report {

  static final String MARKER = "<!-- analysis: written by hand, kept when make bench rewrites this file -->";

  private final StringBuilder md = new StringBuilder();
  private final JsonObject results;
  private final JsonObject tw;
  private final JsonObject raw;

  private Report(JsonObject results) {
    this.results = results;
    this.tw = results.getJsonObject("tickwire", new JsonObject());
    this.raw = results.getJsonObject("raw", new JsonObject());
  }

  static String markdown(JsonObject results, Path existing) {
    Report report = new Report(results);
    report.write();
    String analysis = "\n" + MARKER + "\n";
    try {
      if (Files.exists(existing)) {
        String old = Files.readString(existing);
        int at = old.indexOf(MARKER);
        if (at >= 0) {
          analysis = "\n" + old.substring(at);
        }
      }
    } catch (IOException e) {
      // No analysis kept: the generated part stands alone.
    }
    return report.md + analysis;
  }

  private void write() {
    JsonObject machine = results.getJsonObject("machine", new JsonObject());
    line("# Benchmarks");
    line("");
    line("Written by `make bench` on " + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
        Instant.ofEpochMilli(results.getLong("started", 0L)).atOffset(ZoneOffset.UTC)
            .withNano(0)) + " UTC; the raw figures are in `bench-results/results.json`. "
        + "One run, not an average: on two cores with the generator on the same box, "
        + "figures move by 10–20 % from run to run.");
    line("");
    line("| machine | |");
    line("|---|---|");
    line("| CPU | " + machine.getString("cpu", "?") + " |");
    line("| cores | " + machine.getValue("cores") + " |");
    line("| memory | " + machine.getValue("memoryGiB") + " GiB |");
    line("| JDK | " + machine.getString("jdk") + " |");
    line("| OS | " + machine.getString("os") + " |");
    line("| open files per process | " + machine.getValue("openFilesPerProcess") + " |");
    line("");
    method();
    usage();
    summary();
    fanout("fanoutLatest", "fanout-latest: 1 latest-mode channel");
    fanout("fanoutStream", "fanout-stream: 1 stream-mode channel");
    others();
    cluster();
    jmh();
  }

  private void method() {
    JsonObject p = results.getJsonObject("parameters", new JsonObject());
    line("## Method");
    line("");
    line("- **Servers.** tickwire is the real node: `modules/server/target/tickwire.jar` with the "
        + "dev profile plus `bench-results/bench-node.json` (namespaces `bench` latest and "
        + "`benchs` stream, both public; simulated feeds off; the per-connection frame rate "
        + "limit raised for the rpc scenario), default JVM flags, one gateway instance per event "
        + "loop. The reference is `RawServer` in the bench module: plain Vert.x, one instance "
        + "per event loop, no protocol; it encodes each published message once as the same "
        + "envelope tickwire sends (`type`, `channel`, `seq`, `ts`, `data`) and writes those "
        + "bytes to every subscribed socket, without queues, conflation or metrics.");
    line("- **Generator.** `tickwire-bench gen` processes (at most "
        + GeneratorProcess.MAX_PER_PROCESS + " connections each, source addresses "
        + "127.0.0.1 … 127.0.0.k), Vert.x WebSocket clients on every event loop, connect rate "
        + "bounded. Each message carries its publish time (`System.nanoTime()`, one clock for "
        + "every process on the machine) and its step; publish→receive latency goes into "
        + "HdrHistogram; loss is checked by `seq` per connection and by count (published × "
        + "subscribers − received).");
    line("- **Publisher.** Through the real publish path: `POST /api/publish` on tickwire, "
        + "`POST /publish` on the raw server, paced at the step's rate over keep-alive HTTP.");
    line("- **Steps.** " + p.getValue("connections") + " subscribers; a latency step at 30 msg/s "
        + "for 10 s, then a ramp over " + p.getValue("rates") + " msg/s, "
        + p.getValue("stepSeconds") + " s each, stopping at the first step whose p99 exceeds "
        + "100 ms or that loses a message (a latest channel may conflate: that is its contract). "
        + "CPU per delivery is the server process's user+system CPU time (`/proc/<pid>/stat`) "
        + "over the step and the 1.5 s after it, divided by the messages delivered.");
    line("- **Warm-up.** Before each scenario's figures a thrown-away step at up to 100 msg/s "
        + "(3 × as long on a fresh server) lets the JIT of servers and generators settle. "
        + "fanout-latest, fanout-stream, many-channels, rpc and the 10,000-subscriber step run "
        + "one after the other on one server, so the last of them meets compiled code.");
    line("- **Idle.** A fresh server; heap after a full GC (`jcmd GC.run`) and RSS before and after "
        + "opening as many subscribed connections as the node's open-file limit leaves room for.");
    line("- **Everything** (generators, publisher, servers) shares the machine's cores, as the "
        + "targets assume.");
    line("");
  }

  private void usage() {
    line("## Running it");
    line("");
    line("`make bench` builds the jars and runs the default suite (about 10 minutes here): "
        + "every scenario on tickwire and on the raw server, the three-node cluster, and the JMH "
        + "micro-benchmarks in their short form. Longer or bigger runs take options through "
        + "`BENCH_ARGS`, for example "
        + "`make bench BENCH_ARGS=\"--rates 100,200,300 --step-seconds 30 --jmh full\"`.");
    line("");
    line("| option | default | |");
    line("|---|---|---|");
    line("| `--scenarios` | `fanout,many-channels,rpc,idle,big,cluster,jmh` | which parts to run |");
    line("| `--connections` | 1000 | subscribers in fanout-latest, fanout-stream, "
        + "many-channels and cluster |");
    line("| `--rates` | `50,100,150,200,250,300,350,400` | the ramp, published msg/s |");
    line("| `--step-seconds` | 5 | length of a ramp step (latency steps take at least 10 s) |");
    line("| `--big-connections` | 10000 | subscribers of the 1 msg/s scenario |");
    line("| `--idle-connections` | as many as the node's open-file limit leaves room for | |");
    line("| `--many-rate` | 2000 | msg/s round robin over the per-connection channels |");
    line("| `--rpc-connections`, `--rpc-seconds` | 200, 5 | request/response load (4 in flight "
        + "per connection) |");
    line("| `--sources` | 2 | loopback source addresses per generator process |");
    line("| `--pad-bytes` | 64 | padding in each message's data |");
    line("| `--jmh` | `quick` | `quick`, `full` or `off` |");
    line("| `--node-jvm` | | extra JVM options for the tickwire nodes, e.g. "
        + "`-XX:StartFlightRecording=filename=node.jfr` to profile |");
    line("| `--warmup-seconds` | 12 | a thrown-away step at up to 100 msg/s before each scenario's "
        + "figures (three times as long before the first scenario on a fresh server, twice before "
        + "the cluster's) |");
    line("| `--out`, `--docs` | `bench-results`, `docs/benchmarks.md` | where results go |");
    line("");
    line("The environment variable `TICKWIRE_BENCH_GEN_JVM` adds JVM options to the generator "
        + "processes (`%p` is replaced by the generator's number), for example a JFR recording.");
    line("");
    line("`java -jar modules/bench/target/tickwire-bench.jar report` rewrites this file from "
        + "`bench-results/results.json` without running anything.");
    line("");
  }

  private void summary() {
    line("## Summary against the targets");
    line("");
    line("| figure | tickwire | raw Vert.x | tickwire / raw | target | met |");
    line("|---|---|---|---|---|---|");
    for (String key : new String[] {"fanoutLatest", "fanoutStream"}) {
      String name = key.equals("fanoutLatest") ? "fanout-latest" : "fanout-stream";
      Double t = best(tw, key);
      Double r = best(raw, key);
      // Met by the ramp step passed: at one published rate the delivered rates differ only by
      // which deliveries fell inside the measured seconds.
      Double tRate = bestRate(tw, key);
      Double rRate = bestRate(raw, key);
      row(name + ": highest delivered msg/s, p99 ≤ 100 ms, no loss", fmt(t), fmt(r), ratio(t, r),
          "≥ 1.0 × raw (stretch 1.5 ×)", tRate != null && rRate != null ? tRate >= rRate : null);
      Double tc = bestCpu(tw, key);
      Double rc = bestCpu(raw, key);
      row(name + ": server CPU µs per delivery (at that step)", fmt2(tc), fmt2(rc), ratio(tc, rc),
          "≤ raw", tc != null && rc != null ? tc <= rc : null);
      Double tl = p99(tw.getJsonObject(key, new JsonObject()).getJsonObject("latency"));
      Double rl = p99(raw.getJsonObject(key, new JsonObject()).getJsonObject("latency"));
      row(name + ": p99 ms at " + conns() + " × 30 msg/s", fmt2(tl), fmt2(rl), ratio(tl, rl),
          "≤ raw", tl != null && rl != null ? tl <= rl : null);
    }
    Double tb = p99(tw.getJsonObject("big"));
    Double rb = p99(raw.getJsonObject("big"));
    row("p99 ms at " + bigConns() + " × 1 msg/s", fmt2(tb), fmt2(rb), ratio(tb, rb), "≤ raw",
        tb != null && rb != null ? tb <= rb : null);
    Double ti = number(tw.getJsonObject("idle"), "rssKbPerConnection");
    Double ri = number(raw.getJsonObject("idle"), "rssKbPerConnection");
    row("idle: RSS KB per subscribed connection (after GC)", fmt2(ti), fmt2(ri), ratio(ti, ri),
        "≤ 8 KB", ti != null ? ti <= 8 : null);
    JsonObject idle = tw.getJsonObject("idle");
    if (idle != null) {
      boolean full = idle.getLong("connected", 0L) >= idle.getLong("requested", 1L);
      row("idle: connections held (requested up to the open-file limit)",
          idle.getValue("connected") + " of " + idle.getValue("requested"),
          String.valueOf(raw.getJsonObject("idle", new JsonObject()).getValue("connected")), "",
          "the node's file limit, no errors", full);
    }
    Double tr = number(tw.getJsonObject("rpc"), "requestsPerSec");
    Double rr = number(raw.getJsonObject("rpc"), "requestsPerSec");
    row("rpc: requests/s (`system.echo`; raw: echo)", fmt(tr), fmt(rr), ratio(tr, rr),
        "≥ 20,000", tr != null ? tr >= 20_000 : null);
    JsonObject cluster = results.getJsonObject("cluster");
    if (cluster != null) {
      JsonArray steps = cluster.getJsonArray("steps");
      JsonObject last = steps.getJsonObject(steps.size() - 1);
      Double cp = p99(last);
      row("cluster (3 nodes): p99 ms at " + cluster.getValue("subscribers") + " × "
          + fmt(last.getDouble("rate")) + " msg/s", fmt2(cp), "", "", "≤ 15 ms",
          cp != null ? cp <= 15 : null);
    }
    line("");
  }

  private void fanout(String key, String title) {
    line("## " + title);
    line("");
    line("| server | step | msg/s published | delivered msg/s | p50 ms | p90 ms | p99 ms | "
        + "p99.9 ms | max ms | missing | seq gaps | server CPU % | µs CPU per delivery | "
        + "passed |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (String kind : new String[] {"tickwire", "raw"}) {
      JsonObject figures = results.getJsonObject(kind, new JsonObject()).getJsonObject(key);
      if (figures == null) {
        continue;
      }
      stepRow(kind, "latency", figures.getJsonObject("latency"), null);
      JsonArray ramp = figures.getJsonArray("ramp", new JsonArray());
      for (int i = 0; i < ramp.size(); i++) {
        JsonObject step = ramp.getJsonObject(i);
        stepRow(kind, "ramp", step, step.getBoolean("passed"));
      }
    }
    line("");
    line("*missing* is published × subscribers − received; on a latest channel that is what "
        + "conflation skipped (by design), on a stream channel it is loss.");
    line("");
  }

  private void others() {
    line("## many-channels, 10,000 subscribers, rpc, idle");
    line("");
    line("| scenario | server | delivered msg/s | p50 ms | p99 ms | p99.9 ms | max ms | missing | "
        + "µs CPU per delivery |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (String kind : new String[] {"tickwire", "raw"}) {
      JsonObject figures = results.getJsonObject(kind, new JsonObject());
      JsonObject many = figures.getJsonObject("manyChannels");
      if (many != null) {
        scenarioRow("many-channels: " + many.getValue("channels") + " stream channels, "
            + fmt(many.getDouble("rate")) + " msg/s round robin", kind, many);
      }
      JsonObject big = figures.getJsonObject("big");
      if (big != null) {
        scenarioRow("big: " + big.getValue("subscribers") + " subscribers × 1 msg/s", kind, big);
      }
    }
    line("");
    line("| rpc | connections × window | requests/s | p50 ms | p99 ms | max ms | µs CPU per "
        + "request |");
    line("|---|---|---|---|---|---|---|");
    for (String kind : new String[] {"tickwire", "raw"}) {
      JsonObject rpc = results.getJsonObject(kind, new JsonObject()).getJsonObject("rpc");
      if (rpc != null) {
        JsonObject l = rpc.getJsonObject("latencyMs");
        line("| " + kind + " | " + rpc.getValue("connections") + " × " + rpc.getValue("window")
            + " | " + fmt(number(rpc, "requestsPerSec")) + " | " + l.getValue("p50") + " | "
            + l.getValue("p99") + " | " + l.getValue("max") + " | "
            + rpc.getValue("cpuMicrosPerRequest") + " |");
      }
    }
    line("");
    line("| idle | connected | connect/s | RSS before → after (MB) | RSS KB/conn | heap after GC "
        + "before → after (MB) | heap KB/conn | open files / limit | failures |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (String kind : new String[] {"tickwire", "raw"}) {
      JsonObject idle = results.getJsonObject(kind, new JsonObject()).getJsonObject("idle");
      if (idle != null) {
        line("| " + kind + " | " + idle.getValue("connected") + " | "
            + idle.getValue("connectsPerSec") + " | " + mb(idle, "rssBeforeKb") + " → "
            + mb(idle, "rssAfterKb") + " | " + idle.getValue("rssKbPerConnection") + " | "
            + mb(idle, "heapBeforeKb") + " → " + mb(idle, "heapAfterKb") + " | "
            + idle.getValue("heapKbPerConnection") + " | " + idle.getValue("openFiles") + " / "
            + idle.getValue("maxOpenFiles") + " | "
            + (idle.getJsonObject("failures").isEmpty() ? "none"
                : idle.getJsonObject("failures").encode()) + " |");
      }
    }
    line("");
  }

  private void cluster() {
    JsonObject cluster = results.getJsonObject("cluster");
    if (cluster == null) {
      return;
    }
    line("## cluster: three clustered nodes on this machine");
    line("");
    line("Three tickwire JVMs clustered with Hazelcast on loopback, the subscribers spread over "
        + "the three (one stream channel), the publisher sending to the three nodes in turn: "
        + "every message crosses the cluster to reach two thirds of its subscribers.");
    line("");
    line("| subscribers | msg/s published | delivered msg/s | p50 ms | p90 ms | p99 ms | p99.9 ms | "
        + "max ms | missing | gaps | CPU % (3 nodes) | µs CPU per delivery |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|");
    JsonArray steps = cluster.getJsonArray("steps");
    for (int i = 0; i < steps.size(); i++) {
      JsonObject s = steps.getJsonObject(i);
      JsonObject l = s.getJsonObject("latencyMs");
      line("| " + cluster.getValue("subscribers") + " | " + fmt(s.getDouble("rate")) + " | "
          + fmt(number(s, "deliveredPerSec")) + " | " + l.getValue("p50") + " | "
          + l.getValue("p90") + " | " + l.getValue("p99") + " | " + l.getValue("p999") + " | "
          + l.getValue("max") + " | " + s.getValue("missing") + " | " + s.getValue("gaps") + " | "
          + s.getValue("serverCpuPct") + " | " + s.getValue("cpuMicrosPerDelivery") + " |");
    }
    line("");
  }

  private void jmh() {
    JsonObject jmh = results.getJsonObject("jmh");
    if (jmh == null || jmh.getJsonArray("benchmarks") == null) {
      return;
    }
    line("## JMH micro-benchmarks");
    line("");
    line("One fork, short warm-up and measurement; `make bench BENCH_ARGS=\"--scenarios jmh "
        + "--jmh full\"` runs them longer. ± is JMH's 99.9 % confidence interval: with three "
        + "one-second iterations on a shared two-core machine it is wide, so read the scores as "
        + "orders of magnitude. JMH's own output is in `bench-results/jmh.json`.");
    line("");
    line("| benchmark | params | score | ± | unit | figure | target | met |");
    line("|---|---|---|---|---|---|---|---|");
    JsonArray benchmarks = jmh.getJsonArray("benchmarks");
    for (int i = 0; i < benchmarks.size(); i++) {
      JsonObject b = benchmarks.getJsonObject(i);
      Object params = b.getValue("params");
      Boolean met = b.getBoolean("meetsTarget");
      line("| " + b.getString("name") + " | " + (params instanceof JsonObject p && !p.isEmpty()
          ? p.encode().replace("\"", "") : "") + " | " + fmt2(number(b, "score")) + " | "
          + fmt2(number(b, "error")) + " | " + b.getString("unit", "") + " | "
          + b.getString("text", "") + " | " + (b.getValue("target") == null ? ""
              : "≥ " + fmt(number(b, "target")) + " " + b.getString("figureUnit", "")) + " | "
          + (met == null ? "" : met ? "yes" : "**no**") + " |");
    }
    line("");
  }

  private void stepRow(String kind, String what, JsonObject s, Boolean passed) {
    if (s == null) {
      return;
    }
    JsonObject l = s.getJsonObject("latencyMs");
    line("| " + kind + " | " + what + " | " + fmt(s.getDouble("rate")) + " | "
        + fmt(number(s, "deliveredPerSec")) + " | " + l.getValue("p50") + " | " + l.getValue("p90")
        + " | " + l.getValue("p99") + " | " + l.getValue("p999") + " | " + l.getValue("max")
        + " | " + s.getValue("missing") + " | " + s.getValue("gaps") + " | "
        + s.getValue("serverCpuPct") + " | " + s.getValue("cpuMicrosPerDelivery") + " | "
        + (passed == null ? "" : passed ? "yes" : "no") + " |");
  }

  private void scenarioRow(String name, String kind, JsonObject s) {
    JsonObject l = s.getJsonObject("latencyMs");
    line("| " + name + " | " + kind + " | " + fmt(number(s, "deliveredPerSec")) + " | "
        + l.getValue("p50") + " | " + l.getValue("p99") + " | " + l.getValue("p999") + " | "
        + l.getValue("max") + " | " + s.getValue("missing") + " | "
        + s.getValue("cpuMicrosPerDelivery") + " |");
  }

  private void row(String figure, String t, String r, String ratio, String target, Boolean met) {
    line("| " + figure + " | " + t + " | " + r + " | " + ratio + " | " + target + " | "
        + (met == null ? "–" : met ? "yes" : "**no**") + " |");
  }

  private String conns() {
    return String.valueOf(results.getJsonObject("parameters", new JsonObject())
        .getValue("connections"));
  }

  private String bigConns() {
    return String.valueOf(results.getJsonObject("parameters", new JsonObject())
        .getValue("bigConnections"));
  }

  private static Double best(JsonObject figures, String key) {
    JsonObject best = figures.getJsonObject(key, new JsonObject()).getJsonObject("best");
    return number(best, "deliveredPerSec");
  }

  private static Double bestRate(JsonObject figures, String key) {
    JsonObject best = figures.getJsonObject(key, new JsonObject()).getJsonObject("best");
    return number(best, "rate");
  }

  private static Double bestCpu(JsonObject figures, String key) {
    JsonObject best = figures.getJsonObject(key, new JsonObject()).getJsonObject("best");
    return number(best, "cpuMicrosPerDelivery");
  }

  private static Double p99(JsonObject step) {
    return step == null ? null : number(step.getJsonObject("latencyMs"), "p99");
  }

  private static Double number(JsonObject json, String key) {
    if (json == null || !(json.getValue(key) instanceof Number n)) {
      return null;
    }
    return n.doubleValue();
  }

  private static String mb(JsonObject json, String key) {
    Double kb = number(json, key);
    return kb == null ? "?" : String.format(Locale.ROOT, "%.0f", kb / 1024);
  }

  private static String fmt(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String fmt2(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,.2f", value);
  }

  private static String ratio(Double tickwire, Double raw) {
    return tickwire == null || raw == null || raw == 0 ? "–"
        : String.format(Locale.ROOT, "%.2f", tickwire / raw);
  }

  private void line(String text) {
    md.append(text).append('\n');
  }
}
