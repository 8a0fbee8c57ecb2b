package io.tickwire.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes docs/benchmarks.md from a run's results: the machine, the method, every figure side by
 * side with the raw reference (published through HTTP and in-process) and the ratio, the targets,
 * and — when an earlier run's results are given — that run's figures in "before" columns. What
 * follows the analysis marker in the existing file is written by hand and kept across runs.
 */
final class Report {

  static final String MARKER = "<!-- analysis: written by hand, kept when make bench rewrites this file -->";

  private static final String[] KINDS = {"tickwire", "raw", "rawInProcess"};

  private final StringBuilder md = new StringBuilder();
  private final JsonObject results;
  private final JsonObject before;
  private final JsonObject tw;
  private final JsonObject raw;

  private Report(JsonObject results, JsonObject before) {
    this.results = results;
    // An earlier run only: the same run as "before" would only repeat every figure.
    this.before = before != null && !Objects.equals(before.getValue("started"),
        results.getValue("started")) ? before : null;
    this.tw = results.getJsonObject("tickwire", new JsonObject());
    this.raw = results.getJsonObject("raw", new JsonObject());
  }

  static String markdown(JsonObject results, Path existing) {
    return markdown(results, null, existing);
  }

  /**
   * The report of {@code results}, with {@code before} (an earlier run's results.json, or null)
   * in the "before" columns, followed by the hand-written analysis of {@code existing}.
   */
  static String markdown(JsonObject results, JsonObject before, Path existing) {
    Report report = new Report(results, before);
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
    line("Written by `make bench` on " + date(results) + " UTC; the raw figures are in "
        + "`bench-results/results.json`. One run, not an average: on two cores with the generator "
        + "on the same box, figures move by 10–20 % from run to run.");
    line("");
    if (!current(results)) {
      line("**These figures were taken with the previous method**: the publisher stamped each "
          + "message with the moment it left rather than the moment it was due, its answers were "
          + "not timed, and there was no in-process raw run. The Method section below describes "
          + "how `make bench` measures now; its next run replaces them.");
      line("");
    }
    if (before != null) {
      line("Columns headed *before* hold the figures of the run of " + date(before) + " UTC "
          + "(`bench-results/before.json`)" + (current(before) ? ", taken with the same method."
              : ", taken with the previous method (the publisher stamped the moment each "
                  + "message left, and its answers were not timed): its latencies leave out the "
                  + "time a message waited to be sent."));
      line("");
    }
    line("| machine | |");
    line("|---|---|");
    line("| CPU | " + machine.getString("cpu", "?") + " |");
    line("| cores | " + machine.getValue("cores") + " |");
    line("| memory | " + machine.getValue("memoryGiB") + " GiB |");
    line("| JDK | " + machine.getString("jdk") + " |");
    line("| OS | " + machine.getString("os") + " |");
    line("| open files per process | " + machine.getValue("openFilesPerProcess") + " |");
    line("| event loops (`vert.x-eventloop` threads counted in each server) | " + eventLoops()
        + " |");
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

  /** Whether a run's figures were taken with the method this report describes. */
  private static boolean current(JsonObject run) {
    return Suite.METHOD.equals(run.getString("method"));
  }

  private static String date(JsonObject run) {
    return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.ofEpochMilli(
        run.getLong("started", 0L)).atOffset(ZoneOffset.UTC).withNano(0));
  }

  /** The event loops each server ran, and whether the comparison was made on equal terms. */
  private String eventLoops() {
    List<String> counts = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (String kind : KINDS) {
      Object loops = results.getJsonObject(kind, new JsonObject()).getValue("eventLoops");
      if (loops != null) {
        counts.add(label(kind) + " " + loops);
        values.add(loops);
      }
    }
    JsonObject cluster = results.getJsonObject("cluster");
    if (cluster != null && cluster.getValue("eventLoops") != null) {
      counts.add("each cluster node " + cluster.getValue("eventLoops"));
    }
    if (counts.isEmpty()) {
      return "not recorded";
    }
    return String.join(", ", counts) + (values.stream().distinct().count() > 1
        ? " — **not the same: the ratios to raw are not a fair comparison**" : "");
  }

  private void method() {
    JsonObject p = results.getJsonObject("parameters", new JsonObject());
    Object loops = p.getValue("eventLoops") == null ? "one per core by default"
        : p.getValue("eventLoops") + " here";
    line("## Method");
    line("");
    line("- **Servers.** tickwire is the real node: `modules/server/target/tickwire.jar` with the "
        + "dev profile plus `bench-results/bench-node.json` (namespaces `bench` latest and "
        + "`benchs` stream, both public; simulated feeds off; the per-connection frame rate "
        + "limit raised for the rpc scenario), default JVM flags, one gateway instance per event "
        + "loop. The reference is `RawServer` in the bench module: plain Vert.x on the same number "
        + "of event loops as the node (" + loops + "; `--event-loops`), one instance per "
        + "loop, no protocol; it encodes each published message once as the same envelope "
        + "tickwire sends (`type`, `channel`, `seq`, `ts`, `data`) and writes those bytes to every "
        + "subscribed socket, without queues, conflation or metrics. The machine table above gives "
        + "the event-loop threads counted in each server process during the run.");
    line("- **Publisher.** Open loop, in a process of its own: message *n* of a step is due at "
        + "*start + n / rate* and carries that **intended** send time (`System.nanoTime()`, one "
        + "clock for every process on the machine), not the moment it left, and the publisher "
        + "never waits for an answer before sending the next message due. It goes through the "
        + "real publish path — `POST /api/publish` on tickwire, `POST /publish` on the raw server "
        + "— over " + p.getValue("publishConnections", Publisher.DEFAULT_CONNECTIONS)
        + " keep-alive connections per server with up to "
        + p.getValue("publishPipeline", Publisher.PIPELINE) + " pipelined requests each; only "
        + "while " + p.getValue("publishMaxInFlight", Publisher.DEFAULT_MAX_IN_FLIGHT)
        + " answers are outstanding do due messages wait (still stamped with their intended "
        + "time), and answers not in " + Publisher.DEFAULT_GRACE_MS / 1000 + " s after the last "
        + "message was due count as failed. Every answer is timed from its message's intended "
        + "time: the **publish answer** histogram of each step (p50 / p99 / max below; how late "
        + "the publisher itself sent, `sendLagMs`, is in results.json).");
    line("- **Raw, in-process publish.** The raw server measured a second time with the same "
        + "schedule run on a thread inside its own process, each message handed straight to its "
        + "broadcast: no HTTP hop, so *raw* against *raw in-process* is the cost of the publish "
        + "hop on its own. Its publish answer is the moment the broadcast call returned; its CPU "
        + "includes the publishing thread. rpc and idle publish nothing and are not repeated.");
    line("- **Generator.** `tickwire-bench gen` processes (at most "
        + GeneratorProcess.MAX_PER_PROCESS + " connections each, source addresses "
        + "127.0.0.1 … 127.0.0.k), Vert.x WebSocket clients on every event loop, connect rate "
        + "bounded. A message's latency is its arrival time minus its intended send time, into "
        + "HdrHistogram: a message the publisher sent late, or the server answered or delivered "
        + "late, counts its whole delay (coordinated omission corrected). Loss is checked by "
        + "`seq` per connection and by count (published × subscribers − received).");
    line("- **Steps.** " + p.getValue("connections") + " subscribers; a latency step at 30 msg/s "
        + "for " + p.getValue("latencySeconds", 10) + " s, then a ramp over "
        + p.getValue("rates") + " msg/s, " + p.getValue("stepSeconds") + " s each, stopping at "
        + "the first step that fails its bound: p99 at the subscribers or p99 of the publish "
        + "answers above " + fmt(number(p, "p99LimitMs"), 100) + " ms, a publish not answered "
        + "200, a socket closed, or a message lost (missing on the raw server, missing or a seq "
        + "gap on a tickwire stream channel; a latest channel may conflate: that is its "
        + "contract). Every step reports the latency tails (p99, p99.9, max), what is missing, "
        + "and the publish answers. CPU per delivery is the server process's user+system CPU "
        + "time (`/proc/<pid>/stat`) over the step and the 1.5 s after it, divided by the "
        + "messages delivered.");
    line("- **Warm-up.** Before each scenario's figures a thrown-away step at up to 100 msg/s "
        + "(3 × as long on a fresh server) lets the JIT of servers and generators settle. "
        + "fanout-latest, fanout-stream, many-channels, rpc and the 10,000-subscriber step run "
        + "one after the other on one server, so the last of them meets compiled code.");
    line("- **Ping.** On the load server before anything else connects or publishes: one "
        + "connection, subscribed to a stream channel nobody publishes to, sends "
        + p.getValue("pingCount", 2000) + " app-level pings, one every "
        + p.getValue("pingIntervalMs", 5) + " ms, open loop, each stamped with the time it was "
        + "due (`{\"type\":\"ping\",\"id\",\"ts\"}`), after " + p.getValue("pingWarmUp", 5000)
        + " thrown away at one every 0.5 ms. The round trip runs from that time to the answer carrying the same `ts`: "
        + "tickwire's `pong`, the raw server's echo of the text frame.");
    line("- **Batch.** tickwire only (the raw server has no batch publish): "
        + p.getValue("connections") + " stream channels with one subscriber each; the publisher "
        + "sends batches of " + p.getValue("batchSize", BatchPublisher.DEFAULT_BATCH)
        + " messages (round robin over the channels) to `POST /api/publish` over "
        + p.getValue("batchConnections", BatchPublisher.DEFAULT_CONNECTIONS) + " keep-alive "
        + "connections with at most " + p.getValue("batchWindow", BatchPublisher.DEFAULT_WINDOW)
        + " batches awaiting their answer on each, and sends the next as soon as one is "
        + "answered, for " + p.getValue("batchSeconds", 10) + " s after a thrown-away warm-up: "
        + "closed loop, so the figure is the rate the node sustains. Each message carries the "
        + "time its batch left; published msg/s counts the messages answered with a `seq`, "
        + "loss is counted as above, and the batch answer is timed from when the batch left. "
        + "Then the same batches go to as many channels that nobody subscribes to: the publish "
        + "path on its own (parsing, checks, sequencing, history, answers) without the fan-out "
        + "and its one kernel write per message, which the first run adds.");
    line("- **Idle.** A fresh server; heap after a full GC (`jcmd GC.run`) and RSS before and after "
        + "opening as many subscribed connections as the node's open-file limit leaves room for.");
    line("- **Everything** (generators, publisher, servers) shares the machine's cores, as the "
        + "targets assume.");
    line("");
  }

  private void usage() {
    line("## Running it");
    line("");
    line("`make bench` builds the jars and runs the default suite (about 15 minutes here): "
        + "every scenario on the raw server published through HTTP, again published in-process, "
        + "and on tickwire, the three-node cluster, and the JMH micro-benchmarks in their short "
        + "form. Longer or bigger runs take options through `BENCH_ARGS`, for example "
        + "`make bench BENCH_ARGS=\"--rates 100,200,300 --step-seconds 30 --jmh full\"`.");
    line("");
    line("| option | default | |");
    line("|---|---|---|");
    line("| `--scenarios` | `" + Suite.DEFAULT_SCENARIOS + "` | which parts to run "
        + "(`fanout` is `fanout-latest` and `fanout-stream`) |");
    line("| `--connections` | 1000 | subscribers in fanout-latest, fanout-stream, "
        + "many-channels and cluster |");
    line("| `--rates` | `50,100,150,200,250,300,350,400` | the ramp, published msg/s |");
    line("| `--step-seconds` | 5 | length of a ramp step |");
    line("| `--latency-seconds` | 10 | length of the 30 msg/s latency steps and of the 1 msg/s "
        + "step (at least `--step-seconds`) |");
    line("| `--event-loops` | as many as a node runs (one per core) | event loops of the raw "
        + "server and, when given, of the tickwire nodes (`node.eventLoops`) |");
    line("| `--publish-connections` | " + Publisher.DEFAULT_CONNECTIONS + " | the publisher's "
        + "keep-alive connections per server, " + Publisher.PIPELINE + " pipelined requests "
        + "each |");
    line("| `--big-connections` | 10000 | subscribers of the 1 msg/s scenario |");
    line("| `--idle-connections` | as many as the node's open-file limit leaves room for | |");
    line("| `--many-rate` | 2000 | msg/s round robin over the per-connection channels |");
    line("| `--rpc-connections`, `--rpc-seconds` | 200, 5 | request/response load (4 in flight "
        + "per connection) |");
    line("| `--ping-count`, `--ping-interval-ms`, `--ping-warmup` | 2000, 5, 5000 | the "
        + "app-level pings of the ping scenario, open loop, and the pings thrown away before "
        + "them |");
    line("| `--batch-size`, `--batch-connections`, `--batch-window`, `--batch-seconds` | "
        + BatchPublisher.DEFAULT_BATCH + ", " + BatchPublisher.DEFAULT_CONNECTIONS + ", "
        + BatchPublisher.DEFAULT_WINDOW + ", 10 | messages per batch, keep-alive connections, "
        + "batches awaiting their answer per connection, and the measured seconds of the batch "
        + "scenario |");
    line("| `--sources` | 2 | loopback source addresses per generator process |");
    line("| `--pad-bytes` | 64 | padding in each message's data |");
    line("| `--jmh` | `quick` | `quick`, `full` or `off` |");
    line("| `--node-jvm` | | extra JVM options for the tickwire nodes, e.g. "
        + "`-XX:StartFlightRecording=filename=node.jfr` to profile |");
    line("| `--warmup-seconds` | 12 | a thrown-away step at up to 100 msg/s before each scenario's "
        + "figures (three times as long before the first scenario on a fresh server, twice before "
        + "the cluster's) |");
    line("| `--out`, `--docs` | `bench-results`, `docs/benchmarks.md` | where results go |");
    line("| `--before` | `bench-results/before.json` | an earlier run's results.json, shown in the "
        + "*before* columns (none when the file is missing) |");
    line("");
    line("The environment variable `TICKWIRE_BENCH_GEN_JVM` adds JVM options to the generator "
        + "processes (`%p` is replaced by the generator's number), for example a JFR recording.");
    line("");
    line("`java -jar modules/bench/target/tickwire-bench.jar report` rewrites this file from "
        + "`bench-results/results.json` (and `--before`) without running anything.");
    line("");
  }

  /** A figure of one server's results: {@code run} is a whole results.json, {@code kind} a key. */
  private interface Figure {
    Double of(JsonObject run, String kind);
  }

  /**
   * Centrifuge's p99 (ms) in the independent measurement the Performance issue reports, on this
   * machine kind with the same method: 1,000 subscribers at 30 and 50 msg/s, 10,000 at 1 msg/s.
   */
  static final double CENTRIFUGE_30_MS = 26.2;
  static final double CENTRIFUGE_50_MS = 42.4;
  static final double CENTRIFUGE_BIG_MS = 201;

  private void summary() {
    line("## Summary against the targets");
    line("");
    line("| figure | tickwire | raw Vert.x | tickwire / raw | raw, in-process publish | target | "
        + "met" + (before == null ? "" : " | tickwire before | raw before") + " |");
    line("|---|---|---|---|---|---|---" + (before == null ? "" : "|---|---") + "|");
    String conns = conns();
    for (String key : new String[] {"fanoutLatest", "fanoutStream"}) {
      String name = key.equals("fanoutLatest") ? "fanout-latest" : "fanout-stream";
      Figure best = (run, kind) -> number(best(run, kind, key), "deliveredPerSec");
      Figure bestRate = (run, kind) -> number(best(run, kind, key), "rate");
      // Met by the ramp step passed: at one published rate the delivered rates differ only by
      // which deliveries fell inside the measured seconds.
      Double tRate = bestRate.of(results, "tickwire");
      Double rRate = bestRate.of(results, "raw");
      figure(name + ": highest delivered msg/s, p99 ≤ 100 ms, no loss", best, Report::fmt,
          "≥ 1.0 × raw (stretch 1.5 ×)", tRate != null && rRate != null ? tRate >= rRate : null);
      Double firstRate = firstRate();
      if (firstRate != null) {
        Figure cpu = (run, kind) -> number(stepAt(scenario(run, kind, key), "ramp", firstRate),
            "cpuMicrosPerDelivery");
        figure(name + ": server CPU µs per delivery at " + conns + " × " + fmt(firstRate)
            + " msg/s (the same step on both)", cpu, Report::fmt2, "≤ 1.1 × raw",
            within(cpu, 1.1, null));
      }
      Figure p99 = (run, kind) -> p99(scenario(run, kind, key).getJsonObject("latency"));
      figure(name + ": p99 ms at " + conns + " × 30 msg/s", p99, Report::fmt2,
          "≤ 1.2 × raw and < " + CENTRIFUGE_30_MS + " ms (Centrifuge)",
          within(p99, 1.2, CENTRIFUGE_30_MS));
      if (firstRate != null) {
        Figure p99Ramp = (run, kind) -> p99(stepAt(scenario(run, kind, key), "ramp", firstRate));
        figure(name + ": p99 ms at " + conns + " × " + fmt(firstRate) + " msg/s", p99Ramp,
            Report::fmt2, "≤ 1.2 × raw and < " + CENTRIFUGE_50_MS + " ms (Centrifuge)",
            within(p99Ramp, 1.2, CENTRIFUGE_50_MS));
      }
      if (firstRate != null) {
        Figure answer = (run, kind) -> number(publish(stepAt(scenario(run, kind, key),
            "ramp", firstRate)), "p99");
        Double t = answer.of(results, "tickwire");
        figure(name + ": publish answer p99 ms at " + conns + " × " + fmt(firstRate) + " msg/s",
            answer, Report::fmt2, "≤ 5 ms", t == null ? null : t <= 5);
      }
    }
    Figure big = (run, kind) -> p99(scenario(run, kind, "big"));
    figure("p99 ms at " + bigConns() + " × 1 msg/s", big, Report::fmt2,
        "≤ 1.2 × raw and < " + CENTRIFUGE_BIG_MS + " ms (Centrifuge)",
        within(big, 1.2, CENTRIFUGE_BIG_MS));
    Figure rss = (run, kind) -> number(scenario(run, kind, "idle"), "rssKbPerConnection");
    Double ti = rss.of(results, "tickwire");
    figure("idle: RSS KB per subscribed connection (after GC)", rss, Report::fmt2,
        "≤ 16 KB (stretch 10 KB)", ti != null ? ti <= 16 : null);
    Figure heap = (run, kind) -> number(scenario(run, kind, "idle"), "heapKbPerConnection");
    figure("idle: heap KB per subscribed connection (after GC)", heap, Report::fmt2, "≤ raw",
        atMost(heap));
    JsonObject idle = tw.getJsonObject("idle");
    if (idle != null) {
      boolean full = idle.getLong("connected", 0L) >= idle.getLong("requested", 1L);
      Function<JsonObject, String> held = run -> {
        JsonObject i = scenario(run, "tickwire", "idle");
        return i.getValue("connected") == null ? "–"
            : i.getValue("connected") + " of " + i.getValue("requested");
      };
      row("idle: connections held (requested up to the open-file limit)", held.apply(results),
          String.valueOf(raw.getJsonObject("idle", new JsonObject()).getValue("connected")), "",
          "", "the node's file limit, no errors", full,
          before == null ? null : held.apply(before),
          before == null ? null : String.valueOf(scenario(before, "raw", "idle")
              .getValue("connected", "–")));
    }
    Figure rpc = (run, kind) -> number(scenario(run, kind, "rpc"), "requestsPerSec");
    Double tr = rpc.of(results, "tickwire");
    figure("rpc: requests/s (`system.echo`; raw: echo)", rpc, Report::fmt, "≥ 20,000",
        tr != null ? tr >= 20_000 : null);
    Figure ping = (run, kind) -> number(scenario(run, kind, "ping").getJsonObject("latencyMs"),
        "p50");
    Double tp = ping.of(results, "tickwire");
    figure("ping: app-level ping p50 ms on an idle node (raw: a text frame echoed)", ping,
        Report::fmt2, "≤ 1 ms", tp != null ? tp <= 1 : null);
    JsonObject batch = tw.getJsonObject("batch");
    JsonObject batchBefore = before == null ? null : scenario(before, "tickwire", "batch");
    if (batch != null || batchBefore != null && !batchBefore.isEmpty()) {
      Double rate = number(batch, "rate");
      JsonObject alone = tw.getJsonObject("batchPublishOnly");
      Double aloneRate = number(alone, "rate");
      row("batch: messages/s published through `POST /api/publish`, batches of "
          + (batch == null ? "–" : batch.getValue("batchSize")) + ", "
          + (batch == null ? "–" : batch.getValue("channels")) + " channels without subscribers",
          fmt(aloneRate), "", "", "", "≥ 100,000 with batches of 100",
          aloneRate != null ? aloneRate >= 100_000 : null, before == null ? null : "–",
          before == null ? null : "");
      row("batch: the same, each channel with one subscriber (published and delivered msg/s)",
          fmt(rate), "", "", "", "", null,
          before == null ? null : fmt(number(batchBefore, "rate")), before == null ? null : "");
    }
    JsonObject cluster = results.getJsonObject("cluster");
    if (cluster != null) {
      JsonArray steps = cluster.getJsonArray("steps");
      JsonObject last = steps.getJsonObject(steps.size() - 1);
      double rate = last.getDouble("rate");
      Double cp = p99(last);
      Double cb = before == null ? null : p99(clusterStep(before, rate));
      row("cluster (3 nodes): p99 ms at " + cluster.getValue("subscribers") + " × " + fmt(rate)
          + " msg/s", fmt2(cp), "", "", "", "≤ 15 ms", cp != null ? cp <= 15 : null,
          before == null ? null : fmt2(cb), before == null ? null : "");
    }
    line("");
  }

  /** A summary row whose every cell is {@code figure} of one server. */
  private void figure(String name, Figure figure, Function<Double, String> format, String target,
      Boolean met) {
    Double t = figure.of(results, "tickwire");
    Double r = figure.of(results, "raw");
    Double ri = figure.of(results, "rawInProcess");
    Double tb = before == null ? null : figure.of(before, "tickwire");
    Double rb = before == null ? null : figure.of(before, "raw");
    if (t == null && r == null && ri == null && tb == null && rb == null) {
      return;
    }
    row(name, format.apply(t), format.apply(r), ratio(t, r), format.apply(ri), target, met,
        format.apply(tb), format.apply(rb));
  }

  /**
   * Met when tickwire's figure is at most {@code factor} × raw's and, when {@code below} is
   * given, under it.
   */
  private Boolean within(Figure figure, double factor, Double below) {
    Double t = figure.of(results, "tickwire");
    Double r = figure.of(results, "raw");
    if (t == null || r == null) {
      return null;
    }
    return t <= factor * r && (below == null || t < below);
  }

  /** Met when tickwire's figure is at most raw's. */
  private Boolean atMost(Figure figure) {
    Double t = figure.of(results, "tickwire");
    Double r = figure.of(results, "raw");
    return t != null && r != null ? t <= r : null;
  }

  private void fanout(String key, String title) {
    if (Arrays.stream(KINDS).allMatch(kind -> scenario(results, kind, key).isEmpty())) {
      return;
    }
    line("## " + title);
    line("");
    line("| server | step | msg/s published | delivered msg/s | p50 ms | p90 ms | p99 ms | "
        + "p99.9 ms | max ms | missing | seq gaps | publish answer ms p50 / p99 / max | "
        + "server CPU % | µs CPU per delivery | passed"
        + (before == null ? "" : " | p99 ms before | publish answer p99 ms before") + " |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---"
        + (before == null ? "" : "|---|---") + "|");
    for (String kind : KINDS) {
      JsonObject figures = results.getJsonObject(kind, new JsonObject()).getJsonObject(key);
      if (figures == null) {
        continue;
      }
      JsonObject was = before == null ? null : scenario(before, kind, key);
      stepRow(kind, "latency", figures.getJsonObject("latency"), null,
          was == null ? null : was.getJsonObject("latency"));
      JsonArray ramp = figures.getJsonArray("ramp", new JsonArray());
      for (int i = 0; i < ramp.size(); i++) {
        JsonObject step = ramp.getJsonObject(i);
        stepRow(kind, "ramp", step, step.getBoolean("passed"),
            was == null ? null : stepAt(was, "ramp", step.getDouble("rate")));
      }
    }
    line("");
    line("*missing* is published × subscribers − received; on a latest channel that is what "
        + "conflation skipped (by design), on a stream channel it is loss. The publish answer is "
        + "timed from each message's intended send time.");
    line("");
  }

  private void others() {
    line("## many-channels, 10,000 subscribers, rpc, ping, batch, idle");
    line("");
    line("| scenario | server | delivered msg/s | p50 ms | p99 ms | p99.9 ms | max ms | missing | "
        + "publish answer ms p50 / p99 / max | µs CPU per delivery"
        + (before == null ? "" : " | p99 ms before") + " |");
    line("|---|---|---|---|---|---|---|---|---|---" + (before == null ? "" : "|---") + "|");
    for (String kind : KINDS) {
      JsonObject figures = results.getJsonObject(kind, new JsonObject());
      JsonObject many = figures.getJsonObject("manyChannels");
      if (many != null) {
        scenarioRow("many-channels: " + many.getValue("channels") + " stream channels, "
            + fmt(many.getDouble("rate")) + " msg/s round robin", kind, many,
            before == null ? null : scenario(before, kind, "manyChannels"));
      }
      JsonObject big = figures.getJsonObject("big");
      if (big != null) {
        scenarioRow("big: " + big.getValue("subscribers") + " subscribers × 1 msg/s", kind, big,
            before == null ? null : scenario(before, kind, "big"));
      }
    }
    line("");
    line("| rpc | connections × window | requests/s | p50 ms | p99 ms | max ms | µs CPU per "
        + "request" + (before == null ? "" : " | requests/s before | p99 ms before") + " |");
    line("|---|---|---|---|---|---|---" + (before == null ? "" : "|---|---") + "|");
    for (String kind : KINDS) {
      JsonObject rpc = results.getJsonObject(kind, new JsonObject()).getJsonObject("rpc");
      if (rpc != null) {
        JsonObject l = rpc.getJsonObject("latencyMs");
        JsonObject was = before == null ? null : scenario(before, kind, "rpc");
        line("| " + label(kind) + " | " + rpc.getValue("connections") + " × "
            + rpc.getValue("window") + " | " + fmt(number(rpc, "requestsPerSec")) + " | "
            + l.getValue("p50") + " | " + l.getValue("p99") + " | " + l.getValue("max") + " | "
            + rpc.getValue("cpuMicrosPerRequest")
            + (was == null ? "" : " | " + fmt(number(was, "requestsPerSec")) + " | "
                + fmt2(p99(was))) + " |");
      }
    }
    line("");
    pings();
    batch();
    line("| idle | connected | connect/s | RSS before → after (MB) | RSS KB/conn | heap after GC "
        + "before → after (MB) | heap KB/conn | open files / limit | failures"
        + (before == null ? "" : " | RSS KB/conn before | heap KB/conn before") + " |");
    line("|---|---|---|---|---|---|---|---|---" + (before == null ? "" : "|---|---") + "|");
    for (String kind : KINDS) {
      JsonObject idle = results.getJsonObject(kind, new JsonObject()).getJsonObject("idle");
      if (idle != null) {
        JsonObject was = before == null ? null : scenario(before, kind, "idle");
        line("| " + label(kind) + " | " + idle.getValue("connected") + " | "
            + idle.getValue("connectsPerSec") + " | " + mb(idle, "rssBeforeKb") + " → "
            + mb(idle, "rssAfterKb") + " | " + idle.getValue("rssKbPerConnection") + " | "
            + mb(idle, "heapBeforeKb") + " → " + mb(idle, "heapAfterKb") + " | "
            + idle.getValue("heapKbPerConnection") + " | " + idle.getValue("openFiles") + " / "
            + idle.getValue("maxOpenFiles") + " | "
            + (idle.getJsonObject("failures").isEmpty() ? "none"
                : idle.getJsonObject("failures").encode())
            + (was == null ? "" : " | " + fmt2(number(was, "rssKbPerConnection")) + " | "
                + fmt2(number(was, "heapKbPerConnection"))) + " |");
      }
    }
    line("");
  }

  private void pings() {
    if (Arrays.stream(KINDS).allMatch(kind -> scenario(results, kind, "ping").isEmpty())) {
      return;
    }
    line("| ping (idle node) | pings × interval | answered | p50 ms | p90 ms | p99 ms | p99.9 ms "
        + "| max ms" + (before == null ? "" : " | p50 ms before") + " |");
    line("|---|---|---|---|---|---|---|---" + (before == null ? "" : "|---") + "|");
    for (String kind : KINDS) {
      JsonObject ping = scenario(results, kind, "ping");
      if (ping.isEmpty()) {
        continue;
      }
      JsonObject l = ping.getJsonObject("latencyMs");
      JsonObject was = before == null ? null : scenario(before, kind, "ping");
      line("| " + label(kind) + (kind.equals("tickwire") ? ": `ping` → `pong`"
          : ": text frame echoed") + " | " + ping.getValue("sent") + " × "
          + ping.getValue("intervalMs") + " ms | " + ping.getValue("answered") + " | "
          + l.getValue("p50") + " | " + l.getValue("p90") + " | " + l.getValue("p99") + " | "
          + l.getValue("p999") + " | " + l.getValue("max")
          + (was == null ? "" : " | " + fmt2(number(was.getJsonObject("latencyMs"), "p50")))
          + " |");
    }
    line("");
  }

  private void batch() {
    JsonObject b = tw.getJsonObject("batch");
    if (b == null) {
      return;
    }
    line("| batch (tickwire) | connections × window | batch size | seconds | msg/s published "
        + "(answered with a seq) | delivered msg/s | failed | missing | seq gaps | "
        + "batch answer ms p50 / p99 / max | delivery ms p50 / p99 / max | µs CPU per message |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|");
    batchRow(b, b.getValue("channels") + " stream channels, 1 subscriber each");
    JsonObject alone = tw.getJsonObject("batchPublishOnly");
    if (alone != null) {
      batchRow(alone, alone.getValue("channels") + " stream channels, no subscriber");
    }
    line("");
    line("*µs CPU per message* is the node's CPU over the step divided by the messages "
        + "published.");
    line("");
  }

  private void batchRow(JsonObject b, String what) {
    JsonObject l = b.getJsonObject("latencyMs");
    JsonObject errors = b.getJsonObject("errors", new JsonObject());
    boolean delivered = b.getLong("delivered", 0L) > 0;
    line("| " + what + " | "
        + b.getValue("connections") + " × " + b.getValue("window") + " | "
        + b.getValue("batchSize") + " | " + fmt2(number(b, "seconds")) + " | "
        + fmt(number(b, "rate")) + " | " + fmt(number(b, "deliveredPerSec")) + " | "
        + b.getValue("publishFailed") + (errors.isEmpty() ? "" : " " + errors.encode()
            .replace("\"", "").replace("|", "/"))
        + " | " + b.getValue("missing") + " | " + b.getValue("gaps") + " | " + answers(b) + " | "
        + (delivered ? l.getValue("p50") + " / " + l.getValue("p99") + " / " + l.getValue("max")
            : "–") + " | "
        + b.getValue("cpuMicrosPerPublished", "–") + " |");
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
        + "max ms | missing | gaps | publish answer ms p50 / p99 / max | CPU % (3 nodes) | "
        + "µs CPU per delivery" + (before == null ? "" : " | p99 ms before") + " |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---" + (before == null ? "" : "|---")
        + "|");
    JsonArray steps = cluster.getJsonArray("steps");
    for (int i = 0; i < steps.size(); i++) {
      JsonObject s = steps.getJsonObject(i);
      JsonObject l = s.getJsonObject("latencyMs");
      line("| " + cluster.getValue("subscribers") + " | " + fmt(s.getDouble("rate")) + " | "
          + fmt(number(s, "deliveredPerSec")) + " | " + l.getValue("p50") + " | "
          + l.getValue("p90") + " | " + l.getValue("p99") + " | " + l.getValue("p999") + " | "
          + l.getValue("max") + " | " + s.getValue("missing") + " | " + s.getValue("gaps") + " | "
          + answers(s) + " | " + s.getValue("serverCpuPct") + " | "
          + s.getValue("cpuMicrosPerDelivery")
          + (before == null ? "" : " | " + fmt2(p99(clusterStep(before, s.getDouble("rate")))))
          + " |");
    }
    line("");
  }

  private void jmh() {
    JsonObject jmh = results.getJsonObject("jmh");
    if (jmh == null || jmh.getJsonArray("benchmarks") == null) {
      return;
    }
    JsonArray was = before == null ? null
        : before.getJsonObject("jmh", new JsonObject()).getJsonArray("benchmarks");
    line("## JMH micro-benchmarks");
    line("");
    line("One fork, short warm-up and measurement; `make bench BENCH_ARGS=\"--scenarios jmh "
        + "--jmh full\"` runs them longer. ± is JMH's 99.9 % confidence interval: with three "
        + "one-second iterations on a shared two-core machine it is wide, so read the scores as "
        + "orders of magnitude. JMH's own output is in `bench-results/jmh.json`.");
    line("");
    line("| benchmark | params | score | ± | unit | figure | target | met"
        + (was == null ? "" : " | score before") + " |");
    line("|---|---|---|---|---|---|---|---" + (was == null ? "" : "|---") + "|");
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
          + (met == null ? "" : met ? "yes" : "**no**")
          + (was == null ? "" : " | " + fmt2(number(sameBenchmark(was, b), "score"))) + " |");
    }
    line("");
  }

  private static JsonObject sameBenchmark(JsonArray benchmarks, JsonObject b) {
    for (int i = 0; i < benchmarks.size(); i++) {
      JsonObject other = benchmarks.getJsonObject(i);
      if (Objects.equals(shortName(other), shortName(b))
          && Objects.equals(other.getValue("params"), b.getValue("params"))) {
        return other;
      }
    }
    return null;
  }

  /** A benchmark's class and method without the package: a benchmark class may move. */
  private static String shortName(JsonObject benchmark) {
    String name = benchmark.getString("benchmark", "");
    return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
  }

  private void stepRow(String kind, String what, JsonObject s, Boolean passed, JsonObject was) {
    if (s == null) {
      return;
    }
    JsonObject l = s.getJsonObject("latencyMs");
    line("| " + label(kind) + " | " + what + " | " + fmt(s.getDouble("rate")) + " | "
        + fmt(number(s, "deliveredPerSec")) + " | " + l.getValue("p50") + " | " + l.getValue("p90")
        + " | " + l.getValue("p99") + " | " + l.getValue("p999") + " | " + l.getValue("max")
        + " | " + s.getValue("missing") + " | " + s.getValue("gaps") + " | " + answers(s) + " | "
        + s.getValue("serverCpuPct") + " | " + s.getValue("cpuMicrosPerDelivery") + " | "
        + (passed == null ? "" : passed ? "yes" : "no")
        + (before == null ? "" : " | " + fmt2(p99(was)) + " | "
            + fmt2(number(publish(was), "p99")))
        + " |");
  }

  private void scenarioRow(String name, String kind, JsonObject s, JsonObject was) {
    JsonObject l = s.getJsonObject("latencyMs");
    line("| " + name + " | " + label(kind) + " | " + fmt(number(s, "deliveredPerSec")) + " | "
        + l.getValue("p50") + " | " + l.getValue("p99") + " | " + l.getValue("p999") + " | "
        + l.getValue("max") + " | " + s.getValue("missing") + " | " + answers(s) + " | "
        + s.getValue("cpuMicrosPerDelivery") + (before == null ? "" : " | " + fmt2(p99(was)))
        + " |");
  }

  /** The publish answers of a step: p50 / p99 / max ms, or – for a run that did not time them. */
  private static String answers(JsonObject step) {
    JsonObject p = publish(step);
    return p == null ? "–" : p.getValue("p50") + " / " + p.getValue("p99") + " / "
        + p.getValue("max");
  }

  private void row(String figure, String t, String r, String ratio, String ri, String target,
      Boolean met, String tBefore, String rBefore) {
    line("| " + figure + " | " + t + " | " + r + " | " + ratio + " | " + ri + " | " + target
        + " | " + (met == null ? "–" : met ? "yes" : "**no**")
        + (before == null ? "" : " | " + tBefore + " | " + rBefore) + " |");
  }

  private static String label(String kind) {
    for (Target target : Target.values()) {
      if (target.key.equals(kind)) {
        return target.label;
      }
    }
    return kind;
  }

  private String conns() {
    return String.valueOf(results.getJsonObject("parameters", new JsonObject())
        .getValue("connections"));
  }

  private String bigConns() {
    return String.valueOf(results.getJsonObject("parameters", new JsonObject())
        .getValue("bigConnections"));
  }

  /** The first rate of the ramp, whose publish answers the summary sets against the target. */
  private Double firstRate() {
    JsonArray rates = results.getJsonObject("parameters", new JsonObject())
        .getJsonArray("rates");
    return rates != null && !rates.isEmpty() && rates.getValue(0) instanceof Number n
        ? n.doubleValue() : null;
  }

  private static JsonObject scenario(JsonObject run, String kind, String key) {
    return run.getJsonObject(kind, new JsonObject()).getJsonObject(key, new JsonObject());
  }

  private static JsonObject best(JsonObject run, String kind, String key) {
    return scenario(run, kind, key).getJsonObject("best");
  }

  /** The step of {@code list} ("ramp") published at {@code rate}, or null. */
  private static JsonObject stepAt(JsonObject scenario, String list, double rate) {
    JsonArray steps = scenario == null ? null : scenario.getJsonArray(list);
    return steps == null ? null : matching(steps, rate);
  }

  private static JsonObject clusterStep(JsonObject run, double rate) {
    JsonObject cluster = run.getJsonObject("cluster");
    return cluster == null ? null : matching(cluster.getJsonArray("steps", new JsonArray()), rate);
  }

  private static JsonObject matching(JsonArray steps, double rate) {
    for (int i = 0; i < steps.size(); i++) {
      JsonObject step = steps.getJsonObject(i);
      if (step.getValue("rate") instanceof Number n && n.doubleValue() == rate) {
        return step;
      }
    }
    return null;
  }

  private static JsonObject publish(JsonObject step) {
    return step == null ? null : step.getJsonObject("publishMs");
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

  private static String fmt(Double value, double fallback) {
    return fmt(value == null ? fallback : value);
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
