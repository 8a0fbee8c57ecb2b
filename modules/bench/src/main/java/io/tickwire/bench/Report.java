package io.tickwire.bench;

import io.tickwire.bench.Options.Option;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes docs/benchmarks.md from a run's results: the machine, the method, every figure side by
 * side with the raw reference (published through HTTP and in-process) and the ratio, the targets,
 * and — when an earlier run's results are given — that run's figures in "before" columns. What
 * follows the analysis marker in the existing file is written by hand and kept across runs.
 *
 * <p>The prose, headings and table heads are the Markdown {@link Template} {@value #TEMPLATE};
 * this class fills in the run's figures and parameters, the option defaults
 * ({@link Options.Option}) and the table rows.
 */
final class Report {

  static final String MARKER = "<!-- analysis: written by hand, kept when make bench rewrites this file -->";
  /** The class-path resource, next to this class, that holds the report's text. */
  static final String TEMPLATE = "benchmarks.md";

  private static final String[] KINDS = {"tickwire", "raw", "rawInProcess"};
  private static final Template TEXT = Template.load(TEMPLATE);

  private final JsonObject results;
  private final JsonObject before;
  private final JsonObject tw;
  private final JsonObject raw;
  /** The rows of the table being written ({@link #rows(Runnable)}). */
  private StringBuilder rows;

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
    String report = new Report(results, before).write();
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
    return report + analysis;
  }

  private String write() {
    Map<String, Object> values = new HashMap<>();
    values.put("date", date(results));
    values.put("previousMethod", !current(results));
    values.put("before", before != null);
    if (before != null) {
      values.put("beforeDate", date(before));
      values.put("beforeSameMethod", current(before));
      values.put("beforePreviousMethod", !current(before));
    }
    JsonObject machine = results.getJsonObject("machine", new JsonObject());
    values.put("cpu", machine.getString("cpu", "?"));
    values.put("cores", machine.getValue("cores"));
    values.put("memoryGiB", machine.getValue("memoryGiB"));
    values.put("jdk", machine.getString("jdk"));
    values.put("os", machine.getString("os"));
    values.put("openFiles", machine.getValue("openFilesPerProcess"));
    values.put("eventLoops", eventLoops());
    method(values);
    usage(values);
    values.put("summaryRows", rows(this::summary));
    List<Map<String, Object>> fanouts = new ArrayList<>();
    fanout(fanouts, "fanoutLatest", "fanout-latest", "latest");
    fanout(fanouts, "fanoutStream", "fanout-stream", "stream");
    values.put("fanouts", fanouts);
    others(values);
    formats(values);
    presence(values);
    book(values);
    JsonObject cluster = results.getJsonObject("cluster");
    values.put("cluster", cluster != null);
    if (cluster != null) {
      values.put("clusterRows", rows(() -> cluster(cluster)));
    }
    jmh(values);
    return TEXT.render(values);
  }

  /** The rows {@code table} writes, each ending with a newline. */
  private String rows(Runnable table) {
    rows = new StringBuilder();
    table.run();
    return rows.toString();
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

  /** The run's parameters the Method section names; an older run's lack the defaults. */
  private void method(Map<String, Object> values) {
    JsonObject p = results.getJsonObject("parameters", new JsonObject());
    values.put("eventLoopsGiven", p.getValue("eventLoops") == null ? "one per core by default"
        : p.getValue("eventLoops") + " here");
    values.put("publishConnections", parameter(p, "publishConnections",
        Option.PUBLISH_CONNECTIONS));
    values.put("publishPipeline", p.getValue("publishPipeline", Publisher.PIPELINE));
    values.put("publishMaxInFlight", p.getValue("publishMaxInFlight",
        Publisher.DEFAULT_MAX_IN_FLIGHT));
    values.put("publishGraceSeconds", Publisher.DEFAULT_GRACE_MS / 1000);
    values.put("generatorConnections", GeneratorProcess.MAX_PER_PROCESS);
    values.put("connections", p.getValue("connections"));
    values.put("latencySeconds", parameter(p, "latencySeconds", Option.LATENCY_SECONDS));
    values.put("rates", p.getValue("rates"));
    values.put("stepSeconds", p.getValue("stepSeconds"));
    values.put("p99LimitMs", fmt(number(p, "p99LimitMs"), Suite.P99_LIMIT_MS));
    values.put("pingCount", parameter(p, "pingCount", Option.PING_COUNT));
    values.put("pingIntervalMs", parameter(p, "pingIntervalMs", Option.PING_INTERVAL_MS));
    values.put("pingWarmUp", parameter(p, "pingWarmUp", Option.PING_WARMUP));
    values.put("batchSize", parameter(p, "batchSize", Option.BATCH_SIZE));
    values.put("batchConnections", parameter(p, "batchConnections", Option.BATCH_CONNECTIONS));
    values.put("batchWindow", parameter(p, "batchWindow", Option.BATCH_WINDOW));
    values.put("batchSeconds", parameter(p, "batchSeconds", Option.BATCH_SECONDS));
    values.put("formatRate", fmt(number(p, "formatRate"),
        Double.parseDouble(Option.FORMAT_RATE.byDefault)));
    values.put("presenceMembers", parameter(p, "presenceMembers", Option.PRESENCE_MEMBERS));
    values.put("presenceConnections", parameter(p, "presenceConnections",
        Option.PRESENCE_CONNECTIONS));
    values.put("presenceRates", p.getValue("presenceRates", Option.PRESENCE_RATES.byDefault));
    values.put("presenceSeconds", parameter(p, "presenceSeconds", Option.PRESENCE_SECONDS));
    Object bookConnections = p.getValue("bookConnections");
    values.put("bookConnectionsGiven", bookConnections instanceof JsonArray counts
        ? String.join(",", counts.stream().map(String::valueOf).toList())
        : Option.BOOK_CONNECTIONS.byDefault);
    values.put("bookSecondsGiven", parameter(p, "bookSeconds", Option.BOOK_SECONDS));
  }

  /** A parameter of the run, or the option's default for a run that did not record it. */
  private static Object parameter(JsonObject parameters, String key, Option option) {
    return parameters.getValue(key, option.byDefault);
  }

  /** The defaults of the option table, as {@code default --<option>}. */
  private static void usage(Map<String, Object> values) {
    for (Option option : Option.values()) {
      values.put("default --" + option.key, option.byDefault);
    }
    values.put("pipeline", Publisher.PIPELINE);
    values.put("beforeFile", Option.BEFORE_FILE);
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
    formatSummary();
    presenceSummary();
    bookSummary();
    jmhSummary();
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
  }

  /**
   * The msgpack scenario against JSON at the same step: bytes and CPU per delivery and p99, each
   * as {@code JSON → MessagePack (× ratio)}. The issue sets no target for them.
   */
  private void formatSummary() {
    JsonObject formats = tw.getJsonObject("msgpack");
    JsonObject was = before == null ? null : scenario(before, "tickwire", "msgpack");
    if (formats == null) {
      return;
    }
    String at = formats.getValue("subscribers") + " × " + fmt(number(formats, "rate"))
        + " msg/s";
    Function<JsonObject, Double> bytes = step -> number(step, "bytesPerDelivery");
    Function<JsonObject, Double> cpu = step -> number(step, "cpuMicrosPerDelivery");
    Function<JsonObject, Double> p99 = Report::p99;
    formatRow("msgpack: frame bytes per delivery at " + at + ", JSON → MessagePack", formats,
        was, bytes, Report::fmt1);
    formatRow("msgpack: server CPU µs per delivery at the same step, JSON → MessagePack",
        formats, was, cpu, Report::fmt2);
    formatRow("msgpack: p99 ms at the same step, JSON → MessagePack", formats, was, p99,
        Report::fmt2);
  }

  private void formatRow(String name, JsonObject formats, JsonObject was,
      Function<JsonObject, Double> figure, Function<Double, String> format) {
    row(name, jsonToPacked(formats, figure, format, true), "", "", "", "", null,
        before == null ? null : jsonToPacked(was, figure, format, false),
        before == null ? null : "");
  }

  /** {@code JSON → MessagePack}, with their ratio when {@code ratio}. */
  private static String jsonToPacked(JsonObject formats, Function<JsonObject, Double> figure,
      Function<Double, String> format, boolean ratio) {
    if (formats == null || formats.isEmpty()) {
      return "–";
    }
    Double json = figure.apply(formats.getJsonObject("json"));
    Double packed = figure.apply(formats.getJsonObject("msgpack"));
    return format.apply(json) + " → " + format.apply(packed)
        + (ratio && json != null && packed != null && json != 0
            ? String.format(Locale.ROOT, " (× %.2f)", packed / json) : "");
  }

  /** The highest presence request rate sustained within the bound, against 10,000/s. */
  private void presenceSummary() {
    JsonObject presence = tw.getJsonObject("presence");
    if (presence == null) {
      return;
    }
    Function<JsonObject, Double> best = run -> number(scenario(run, "tickwire", "presence")
        .getJsonObject("best"), "rate");
    Double rate = best.apply(results);
    row("presence: requests/s on one node about a channel of " + presence.getValue("members")
        + " members, p99 ≤ " + fmt(number(presence, "p99LimitMs"), Suite.P99_LIMIT_MS)
        + " ms, all answered", rate == null ? "none within the bound" : fmt(rate), "", "", "",
        "≥ " + fmt(PRESENCE_TARGET), rate != null && rate >= PRESENCE_TARGET,
        before == null ? null : fmt(best.apply(before)), before == null ? null : "");
  }

  /**
   * The book scenario: per step, the p99 from a venue update reaching the node to the book
   * message at a subscriber, and the frame sizes at the largest step. The issue sets no target
   * for them.
   */
  private void bookSummary() {
    JsonObject book = tw.getJsonObject("book");
    if (book == null) {
      return;
    }
    JsonArray steps = book.getJsonArray("steps", new JsonArray());
    JsonObject largest = null;
    for (int i = 0; i < steps.size(); i++) {
      JsonObject step = steps.getJsonObject(i);
      Object connections = step.getValue("connections");
      Function<JsonObject, Double> p99 = run -> number(bookStep(run, connections)
          .getJsonObject("latencyMs"), "p99");
      row("book: venue update → `book.*` message p99 ms (receive − `changedAt`, the "
          + fmt(number(book, "maxRatePerSec")) + "/s rate limit included), " + connections
          + " × " + step.getValue("symbols") + " symbols", fmt(p99.apply(results)), "", "", "",
          "", null, before == null ? null : fmt(p99.apply(before)), before == null ? null : "");
      if (largest == null || step.getLong("connections", 0L)
          > largest.getLong("connections", 0L)) {
        largest = step;
      }
    }
    if (largest != null) {
      Object connections = largest.getValue("connections");
      Function<JsonObject, String> sizes = run -> {
        JsonObject step = bookStep(run, connections);
        JsonObject b = step.getJsonObject("bytes");
        return b == null ? "–" : fmt(number(b, "mean")) + " / " + fmt(number(b, "p99")) + " / "
            + fmt(number(b, "max")) + " (MessagePack " + fmt(number(step
                .getJsonObject("msgpackBytes"), "mean")) + ")";
      };
      row("book: `book.*` frame bytes at depth " + book.getValue("depth") + ", JSON mean / p99 "
          + "/ max (MessagePack mean)", sizes.apply(results), "", "", "", "", null,
          before == null ? null : sizes.apply(before), before == null ? null : "");
    }
  }

  /** The book step of {@code run} with {@code connections} subscribers, or an empty object. */
  private static JsonObject bookStep(JsonObject run, Object connections) {
    JsonArray steps = scenario(run, "tickwire", "book").getJsonArray("steps", new JsonArray());
    for (int i = 0; i < steps.size(); i++) {
      JsonObject step = steps.getJsonObject(i);
      if (Objects.equals(step.getValue("connections"), connections)) {
        return step;
      }
    }
    return new JsonObject();
  }

  /** Every JMH figure that has a target, against it (the table below has them all). */
  private void jmhSummary() {
    JsonArray benchmarks = results.getJsonObject("jmh", new JsonObject())
        .getJsonArray("benchmarks");
    if (benchmarks == null) {
      return;
    }
    JsonArray was = before == null ? null
        : before.getJsonObject("jmh", new JsonObject()).getJsonArray("benchmarks");
    for (int i = 0; i < benchmarks.size(); i++) {
      JsonObject b = benchmarks.getJsonObject(i);
      if (b.getValue("target") == null) {
        continue;
      }
      String unit = b.getString("figureUnit", "");
      Double score = number(b, "figure") != null ? number(b, "figure") : number(b, "score");
      Function<JsonObject, Double> figure = j -> j == null ? null
          : number(j, "figure") != null ? number(j, "figure") : number(j, "score");
      row("JMH, one core: " + b.getString("name", shortName(b)) + ", " + unit, fmt(score), "",
          "", "", "≥ " + fmt(number(b, "target")) + " " + unit, b.getBoolean("meetsTarget"),
          was == null ? (before == null ? null : "–")
              : fmt(figure.apply(sameBenchmark(was, b))), before == null ? null : "");
    }
  }

  /** The book scenario's section, when it ran. */
  private void book(Map<String, Object> values) {
    JsonObject book = tw.getJsonObject("book");
    values.put("book", book != null);
    if (book == null) {
      return;
    }
    values.put("bookDate", taken(book));
    values.put("bookVenues", book.getValue("venues"));
    values.put("bookSymbols", book.getValue("symbols"));
    values.put("bookDepth", book.getValue("depth"));
    values.put("bookRate", fmt(number(book, "maxRatePerSec")));
    values.put("bookSecondsRun", book.getValue("seconds"));
    values.put("bookRows", rows(() -> {
      JsonArray steps = book.getJsonArray("steps", new JsonArray());
      for (int i = 0; i < steps.size(); i++) {
        JsonObject s = steps.getJsonObject(i);
        JsonObject b = s.getJsonObject("bytes", new JsonObject());
        JsonObject m = s.getJsonObject("msgpackBytes", new JsonObject());
        line("| " + s.getValue("connections") + " | " + s.getValue("messages") + " | "
            + fmt(number(s, "messagesPerSec")) + " | " + s.getValue("perSymbolPerSec") + " | "
            + tails(s.getJsonObject("latencyMs")) + " | " + tails(s.getJsonObject("fanoutMs"))
            + " | " + tails(s.getJsonObject("waitedMs")) + " | " + fmt1(number(b, "mean"))
            + " / " + fmt(number(b, "p99")) + " / " + fmt(number(b, "max")) + " | "
            + fmt1(number(m, "mean")) + " / " + fmt(number(m, "p99")) + " / "
            + fmt(number(m, "max")) + " | " + s.getValue("levels") + " | "
            + s.getValue("errors") + " | " + s.getValue("closed") + " |");
      }
    }));
  }

  /** p50 / p99 / p99.9 / max of a latency histogram, in whole ms. */
  private static String tails(JsonObject latency) {
    return latency == null ? "–" : fmt(number(latency, "p50")) + " / "
        + fmt(number(latency, "p99")) + " / " + fmt(number(latency, "p999")) + " / "
        + fmt(number(latency, "max"));
  }

  /** The presence requests a second one node should answer about a channel of 1,000. */
  static final double PRESENCE_TARGET = 10_000;

  /** The msgpack scenario's section, when it ran. */
  private void formats(Map<String, Object> values) {
    JsonObject formats = tw.getJsonObject("msgpack");
    values.put("msgpack", formats != null);
    if (formats == null) {
      return;
    }
    values.put("msgpackDate", taken(formats));
    values.put("msgpackRows", rows(() -> {
      for (String format : new String[] {"json", "msgpack"}) {
        JsonObject s = formats.getJsonObject(format);
        if (s == null) {
          continue;
        }
        JsonObject l = s.getJsonObject("latencyMs");
        line("| " + (format.equals("json") ? "JSON" : "MessagePack") + " | "
            + s.getValue("subscribers") + " | " + fmt(number(s, "rate")) + " | "
            + fmt(number(s, "deliveredPerSec")) + " | " + fmt1(number(s, "bytesPerDelivery"))
            + " | " + l.getValue("p50") + " | " + l.getValue("p90") + " | " + l.getValue("p99")
            + " | " + l.getValue("p999") + " | " + l.getValue("max") + " | "
            + s.getValue("missing") + " | " + s.getValue("gaps") + " | " + answers(s) + " | "
            + s.getValue("serverCpuPct") + " | " + s.getValue("cpuMicrosPerDelivery") + " | "
            + (format.equals("json") ? "" : s.getLong("compared", 0L) + " ("
                + s.getLong("mismatched", 0L) + ")") + " |");
      }
    }));
  }

  /** The presence scenario's section, when it ran. */
  private void presence(Map<String, Object> values) {
    JsonObject presence = tw.getJsonObject("presence");
    values.put("presence", presence != null);
    if (presence == null) {
      return;
    }
    values.put("presenceDate", taken(presence));
    values.put("presenceMembersSeen", presence.getValue("members"));
    values.put("presenceClients", presence.getValue("connections"));
    Double best = number(presence.getJsonObject("best"), "rate");
    values.put("presenceBest", best == null ? "none" : fmt(best));
    values.put("presenceRows", rows(() -> {
      JsonArray steps = presence.getJsonArray("steps", new JsonArray());
      for (int i = 0; i < steps.size(); i++) {
        JsonObject s = steps.getJsonObject(i);
        JsonObject l = s.getJsonObject("latencyMs");
        line("| " + fmt(number(s, "rate")) + " | " + s.getValue("sent") + " | "
            + fmt(number(s, "answeredPerSec")) + " | " + s.getValue("unanswered") + " | "
            + s.getValue("errors") + " | " + s.getValue("wrong") + " | "
            + s.getValue("clientsClosed", 0L) + " | " + fmt(number(s, "bytesPerAnswer")) + " | " + l.getValue("p50") + " | "
            + l.getValue("p90") + " | " + l.getValue("p99") + " | " + l.getValue("p999") + " | "
            + l.getValue("max") + " | " + s.getValue("serverCpuPct") + " | "
            + s.getValue("cpuMicrosPerRequest") + " | "
            + (s.getBoolean("passed", false) ? "yes" : "no") + " |");
      }
    }));
  }

  /** When a scenario's figures were taken: a run merged with {@code --only} has its own date. */
  private static String taken(JsonObject scenario) {
    return date(new JsonObject().put("started", scenario.getLong("started", 0L)));
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

  /** A fan-out scenario's section, when some server ran it. */
  private void fanout(List<Map<String, Object>> sections, String key, String scenario,
      String mode) {
    if (Arrays.stream(KINDS).allMatch(kind -> scenario(results, kind, key).isEmpty())) {
      return;
    }
    Map<String, Object> section = new HashMap<>();
    section.put("scenario", scenario);
    section.put("mode", mode);
    section.put("rows", rows(() -> fanoutRows(key)));
    sections.add(section);
  }

  private void fanoutRows(String key) {
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
  }

  /** many-channels, 10,000 subscribers, rpc, ping, batch and idle: their rows. */
  private void others(Map<String, Object> values) {
    values.put("scenarioRows", rows(this::scenarioRows));
    values.put("rpcRows", rows(this::rpcRows));
    boolean ping = !Arrays.stream(KINDS).allMatch(kind -> scenario(results, kind, "ping")
        .isEmpty());
    values.put("ping", ping);
    if (ping) {
      values.put("pingRows", rows(this::pingRows));
    }
    JsonObject batch = tw.getJsonObject("batch");
    values.put("batch", batch != null);
    if (batch != null) {
      values.put("batchRows", rows(() -> batchRows(batch)));
    }
    values.put("idleRows", rows(this::idleRows));
  }

  private void scenarioRows() {
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
  }

  private void rpcRows() {
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
  }

  private void idleRows() {
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
  }

  private void pingRows() {
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
  }

  private void batchRows(JsonObject b) {
    batchRow(b, b.getValue("channels") + " stream channels, 1 subscriber each");
    JsonObject alone = tw.getJsonObject("batchPublishOnly");
    if (alone != null) {
      batchRow(alone, alone.getValue("channels") + " stream channels, no subscriber");
    }
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

  private void cluster(JsonObject cluster) {
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
  }

  private void jmh(Map<String, Object> values) {
    JsonObject jmh = results.getJsonObject("jmh");
    boolean shown = jmh != null && jmh.getJsonArray("benchmarks") != null;
    values.put("jmh", shown);
    if (!shown) {
      return;
    }
    JsonArray was = before == null ? null
        : before.getJsonObject("jmh", new JsonObject()).getJsonArray("benchmarks");
    values.put("jmhBefore", was != null);
    values.put("jmhRows", rows(() -> jmhRows(jmh.getJsonArray("benchmarks"), was)));
  }

  private void jmhRows(JsonArray benchmarks, JsonArray was) {
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

  private static String fmt1(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,.1f", value);
  }

  private static String fmt2(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%,.2f", value);
  }

  private static String ratio(Double tickwire, Double raw) {
    return tickwire == null || raw == null || raw == 0 ? "–"
        : String.format(Locale.ROOT, "%.2f", tickwire / raw);
  }

  private void line(String text) {
    rows.append(text).append('\n');
  }
}
