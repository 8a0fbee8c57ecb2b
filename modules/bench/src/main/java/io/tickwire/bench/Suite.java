package io.tickwire.bench;

import io.tickwire.bench.Options.Option;
import io.tickwire.bench.jmh.JmhSuite;
import io.tickwire.runtime.NodeContext;
import io.tickwire.testkit.core.LoopbackPorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code make bench}: runs every scenario against the raw reference (published through HTTP, then
 * in-process) and against tickwire in the same run, with the same generator, publisher and number
 * of event loops, and writes {@code results.json} and the report.
 */
final class Suite {

  private static final String LATEST = "bench.fan";
  private static final String STREAM = "benchs.fan";
  private static final String OWN = "benchs.own";
  private static final String BATCH = "benchs.batch";
  private static final String PING = "benchs.ping";
  private static final String IDLE = "bench.idle";
  private static final String FORMAT = "benchs.fmt";
  /** A channel of the bench's presence namespace. */
  private static final String PRESENCE = "benchp.room";
  private static final double LATENCY_RATE = 30;
  /** The bound of a step: p99 at the subscribers and of the publish answers. */
  static final double P99_LIMIT_MS = 100;
  private static final double WARM_UP_RATE = 100;
  private static final double WARM_UP_DELIVERIES = 30_000;
  /** Warm-up pings go one every half millisecond. */
  private static final long PING_WARM_UP_INTERVAL_MICROS = 500;
  /**
   * How results.json's figures were taken; a file without it predates the publisher that stamps
   * intended send times and times its answers.
   */
  static final String METHOD = "intended-time";

  private final Path out;
  private final Path logs;
  private final String classPath;
  private final Path serverJar;
  private final Path confDir;
  private final List<String> nodeJvm;
  private final Path overlay;
  private final int connections;
  private final double[] rates;
  private final double stepSeconds;
  private final double latencySeconds;
  private final int eventLoops;
  private final int bigConnections;
  private final int idleConnections;
  private final int rpcConnections;
  private final int rpcSeconds;
  private final int manyRate;
  private final int sources;
  private final List<String> scenarios;
  /** Whether the run's figures merge into the existing results.json ({@code --only}). */
  private final boolean merge;
  private final double formatRate;
  private final int presenceMembers;
  private final int presenceConnections;
  private final double[] presenceRates;
  private final double presenceSeconds;
  private final int[] bookConnections;
  private final int bookSeconds;
  private final String jmh;
  private final int warmUpSeconds;
  private final int pingCount;
  private final int pingIntervalMs;
  private final int pingWarmUp;
  private final int batchSeconds;
  private final Publisher publisher;
  private final BatchPublisher batchPublisher;
  private int nextStep = 1;

  Suite(Options options) throws IOException {
    out = Path.of(options.string(Option.OUT)).toAbsolutePath();
    logs = out.resolve("logs");
    // Generators and the raw server run from the class path this JVM runs from (the bench jar).
    classPath = System.getProperty("java.class.path");
    serverJar = Path.of(options.string(Option.SERVER_JAR)).toAbsolutePath();
    confDir = Path.of(options.string(Option.CONF)).toAbsolutePath();
    String jvm = options.string(Option.NODE_JVM).trim();
    nodeJvm = jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+"));
    connections = options.integer(Option.CONNECTIONS);
    rates = Arrays.stream(options.string(Option.RATES).split(","))
        .mapToDouble(Double::parseDouble).toArray();
    stepSeconds = options.integer(Option.STEP_SECONDS);
    latencySeconds = options.integer(Option.LATENCY_SECONDS);
    // 0: as many as a tickwire node runs by default (one per core, one gateway instance per
    // loop), which this JVM on this machine computes the same way.
    int loops = options.integer(Option.EVENT_LOOPS);
    eventLoops = loops > 0 ? loops : NodeContext.DEFAULT_EVENT_LOOPS;
    bigConnections = options.integer(Option.BIG_CONNECTIONS);
    idleConnections = options.integer(Option.IDLE_CONNECTIONS);
    rpcConnections = options.integer(Option.RPC_CONNECTIONS);
    rpcSeconds = options.integer(Option.RPC_SECONDS);
    manyRate = options.integer(Option.MANY_RATE);
    sources = options.integer(Option.SOURCES);
    String only = options.string(Option.ONLY).trim();
    merge = !only.isEmpty();
    scenarios = List.of((merge ? only : options.string(Option.SCENARIOS)).split(","));
    formatRate = Double.parseDouble(options.string(Option.FORMAT_RATE));
    presenceMembers = options.integer(Option.PRESENCE_MEMBERS);
    presenceConnections = options.integer(Option.PRESENCE_CONNECTIONS);
    presenceRates = Arrays.stream(options.string(Option.PRESENCE_RATES).split(","))
        .mapToDouble(Double::parseDouble).toArray();
    presenceSeconds = options.integer(Option.PRESENCE_SECONDS);
    pingCount = options.integer(Option.PING_COUNT);
    pingIntervalMs = options.integer(Option.PING_INTERVAL_MS);
    pingWarmUp = options.integer(Option.PING_WARMUP);
    batchSeconds = options.integer(Option.BATCH_SECONDS);
    publisher = new Publisher(options.integer(Option.PAD_BYTES),
        options.integer(Option.PUBLISH_CONNECTIONS));
    batchPublisher = new BatchPublisher(options.integer(Option.PAD_BYTES),
        options.integer(Option.BATCH_SIZE), options.integer(Option.BATCH_CONNECTIONS),
        options.integer(Option.BATCH_WINDOW), "dev");
    bookConnections = Arrays.stream(options.string(Option.BOOK_CONNECTIONS).split(","))
        .map(String::trim).mapToInt(Integer::parseInt).toArray();
    for (int count : bookConnections) {
      if (count < 1 || count > BookBench.MAX_CONNECTIONS) {
        throw new IllegalArgumentException("--" + Option.BOOK_CONNECTIONS.key + " must be 1–"
            + BookBench.MAX_CONNECTIONS + " each, not " + count);
      }
    }
    bookSeconds = options.integer(Option.BOOK_SECONDS);
    if (bookSeconds < 1 || bookSeconds > 3600) {
      throw new IllegalArgumentException("--" + Option.BOOK_SECONDS.key
          + " must be 1–3600, not " + bookSeconds);
    }
    jmh = options.string(Option.JMH);
    warmUpSeconds = options.integer(Option.WARMUP_SECONDS);
    Files.createDirectories(logs);
    overlay = out.resolve("bench-node.json");
    Files.writeString(overlay, nodeConfig(out.resolve("data"), loops).encodePrettily());
  }

  /**
   * What the bench adds to the dev profile: its namespaces ({@code benchp} with presence, no
   * join/leave), no simulated feeds, no rate limit, and {@code node.eventLoops} when
   * {@code eventLoops} is positive (0 leaves the node's default).
   */
  static JsonObject nodeConfig(Path data, int eventLoops) {
    JsonObject namespace = new JsonObject().put("access", "public").put("historySize", 1000)
        .put("historyTtlMs", 60_000);
    JsonObject config = new JsonObject();
    if (eventLoops > 0) {
      config.put("node", new JsonObject().put("eventLoops", eventLoops));
    }
    return config
        .put("prices", new JsonObject().put("enabled", false))
        .put("transactions", new JsonObject().put("enabled", false)
            .put("storePath", data.resolve("watch.json").toString()))
        .put("notifications", new JsonObject().put("storage", new JsonObject()
            .put("path", data.resolve("notifications").toString())))
        .put("gateway", new JsonObject().put("rateLimit", new JsonObject()
            .put("framesPerSec", 100_000).put("burst", 100_000)))
        .put("namespaces", new JsonObject()
            .put("bench", namespace.copy().put("mode", "latest"))
            .put("benchs", namespace.copy().put("mode", "stream"))
            .put("benchp", namespace.copy().put("mode", "stream").put("presence", true)));
  }

  JsonObject run() throws Exception {
    JsonObject results = new JsonObject().put("machine", Machine.facts())
        .put("method", METHOD)
        .put("parameters", new JsonObject().put("connections", connections)
            .put("rates", new JsonArray(Arrays.stream(rates).boxed().toList()))
            .put("stepSeconds", stepSeconds).put("latencySeconds", latencySeconds)
            .put("bigConnections", bigConnections)
            .put("rpcConnections", rpcConnections).put("manyRate", manyRate)
            .put("eventLoops", eventLoops).put("p99LimitMs", P99_LIMIT_MS)
            .put("publishConnections", publisher.connections())
            .put("publishPipeline", Publisher.PIPELINE)
            .put("publishMaxInFlight", publisher.maxInFlight())
            .put("pingCount", pingCount).put("pingIntervalMs", pingIntervalMs)
            .put("pingWarmUp", pingWarmUp)
            .put("batchSize", batchPublisher.batchSize())
            .put("batchConnections", batchPublisher.connections())
            .put("batchWindow", batchPublisher.window()).put("batchSeconds", batchSeconds)
            .put("formatRate", formatRate).put("presenceMembers", presenceMembers)
            .put("presenceConnections", presenceConnections)
            .put("presenceRates", new JsonArray(Arrays.stream(presenceRates).boxed().toList()))
            .put("presenceSeconds", presenceSeconds)
            .put("bookConnections", new JsonArray(Arrays.stream(bookConnections).boxed().toList()))
            .put("bookSeconds", bookSeconds))
        .put("started", System.currentTimeMillis());
    for (Target target : Target.values()) {
      // The in-process run only changes how messages are published: the scenarios without a
      // publisher (rpc, idle) are the raw server's.
      boolean publishing = target != Target.RAW_IN_PROCESS;
      JsonObject figures = new JsonObject();
      results.put(target.key, figures);
      if (has("fanout-latest") || has("fanout-stream") || has("many-channels")
          || (has("rpc") || has("ping")) && publishing || has("batch") && !target.raw()
          || has("big") || (has("msgpack") || has("presence")) && !target.raw()) {
        try (ServerProcess server = start(target, target.key + "-load", Map.of())) {
          // First, while nothing else is connected and nothing published: an idle node.
          if (has("ping") && publishing) {
            figures.put("ping", ping(target.raw(), server));
          }
          if (has("fanout-latest")) {
            figures.put("fanoutLatest", fanout(target, server, target.raw() ? "fan" : LATEST,
                false));
          }
          if (has("fanout-stream")) {
            figures.put("fanoutStream", fanout(target, server, target.raw() ? "fans" : STREAM,
                true));
          }
          if (has("many-channels")) {
            figures.put("manyChannels", manyChannels(target, server));
          }
          // tickwire only: the raw server has no batch publish to compare with.
          if (has("batch") && !target.raw()) {
            figures.put("batch", batch(server));
            figures.put("batchPublishOnly", batchPublishOnly(server));
          }
          if (has("rpc") && publishing) {
            figures.put("rpc", rpc(target.raw(), server));
          }
          // On the server the scenarios above warmed: on a fresh one the JIT is still compiling
          // (tickwire's larger code for longer) while the one message a second is measured.
          if (has("big")) {
            figures.put("big", big(target, server));
          }
          // tickwire only: the raw server speaks neither MessagePack nor presence.
          if (has("msgpack") && !target.raw()) {
            figures.put("msgpack", msgpack(server));
          }
          if (has("presence") && !target.raw()) {
            figures.put("presence", presence(server));
          }
          figures.put("eventLoops", server.eventLoopThreads());
        }
      }
      // tickwire only: a node with the simulated venues, on its own.
      if (has("book") && target == Target.TICKWIRE) {
        figures.put("book", book());
      }
      if (has("idle") && publishing) {
        try (ServerProcess server = start(target, target.key + "-idle", Map.of())) {
          figures.put("idle", idle(target.raw(), server));
        }
      }
    }
    if (has("cluster")) {
      results.put("cluster", cluster());
    }
    String jmh = this.jmh;
    if (has("jmh") && !jmh.equals("off")) {
      log("JMH micro-benchmarks (" + jmh + ")");
      results.put("jmh", JmhSuite.run(out, jmh.equals("quick")));
    }
    results.put("finished", System.currentTimeMillis());
    Path file = out.resolve("results.json");
    if (merge && Files.exists(file)) {
      results = merge(new JsonObject(Files.readString(file)), results, scenarios);
    }
    Files.writeString(file, results.encodePrettily());
    return results;
  }

  /**
   * {@code part}'s figures (a run of {@code --only scenarios}) put into {@code earlier}'s: each
   * scenario it ran replaces the earlier one of the same server; the earlier run's date, machine
   * and parameters stay, with the parameters it lacked added and those only a scenario it ran
   * reads ({@link #ownParameter}) replaced; and {@code parts} records when and on what machine
   * each merged run was taken.
   */
  static JsonObject merge(JsonObject earlier, JsonObject part, List<String> scenarios) {
    JsonObject merged = earlier.copy();
    for (String key : part.fieldNames()) {
      Object value = part.getValue(key);
      switch (key) {
        case "machine", "method", "started", "finished", "parts" -> {
          // The earlier run's: the figures it keeps were taken then.
        }
        case "parameters" -> part.getJsonObject(key).forEach(parameter -> {
          JsonObject parameters = merged.getJsonObject(key);
          if (parameters == null) {
            merged.put(key, parameters = new JsonObject());
          }
          if (!parameters.containsKey(parameter.getKey())
              || ownParameter(parameter.getKey(), scenarios)) {
            parameters.put(parameter.getKey(), parameter.getValue());
          }
        });
        default -> {
          if (value instanceof JsonObject figures && merged.getValue(key) instanceof JsonObject
              && Arrays.stream(Target.values()).anyMatch(t -> t.key.equals(key))) {
            merged.getJsonObject(key).mergeIn(figures);
          } else {
            merged.put(key, value);
          }
        }
      }
    }
    JsonArray parts = merged.getJsonArray("parts", new JsonArray());
    merged.put("parts", parts.add(new JsonObject().put("scenarios", new JsonArray(scenarios))
        .put("started", part.getValue("started")).put("finished", part.getValue("finished"))
        .put("machine", part.getValue("machine"))));
    return merged;
  }

  /** Whether {@code scenario} was asked for; {@code fanout} stands for both fan-out scenarios. */
  private boolean has(String scenario) {
    return scenarios.contains(scenario)
        || scenario.startsWith("fanout-") && scenarios.contains("fanout");
  }

  private ServerProcess start(Target target, String name, Map<String, String> env) {
    log("starting " + name);
    if (target.raw()) {
      return ServerProcess.raw(name, classPath, logs, eventLoops);
    }
    // A single node has an embedded store of its own; the members of the cluster share one.
    Map<String, String> nodeEnv = new HashMap<>(env);
    nodeEnv.putIfAbsent("TICKWIRE_NOTIFICATIONS_STORAGE_PATH",
        out.resolve("data").resolve(name).resolve("notifications").toString());
    return ServerProcess.tickwire(name, launch(), confDir, overlay, logs, nodeEnv);
  }

  /** What follows {@code java} to start a node: extra JVM options, then the server jar. */
  private List<String> launch() {
    List<String> launch = new ArrayList<>(nodeJvm);
    // The cluster's shared embedded store serves its file on loopback only.
    launch.add("-Dh2.bindAddress=127.0.0.1");
    launch.add("-jar");
    launch.add(serverJar.toString());
    return launch;
  }

  /**
   * The latency step at 30 msg/s, then the ramp until a step fails: p99 at the subscribers or of
   * the publish answers above 100 ms, a publish failed, a socket closed, or messages lost.
   */
  private JsonObject fanout(Target target, ServerProcess server, String channel, boolean stream) {
    List<GeneratorProcess> generators = generators(target.raw(), List.of(server), channel,
        connections, false);
    try {
      long subscribers = ready(generators);
      // The first scenario on a fresh JVM warms it for longer: the JIT is still compiling
      // tickwire's larger code base when the raw server's is long done.
      warmUp(target, List.of(server), generators, List.of(channel), subscribers,
          stream && has("fanout-latest") ? warmUpSeconds : 3 * warmUpSeconds);
      JsonObject result = new JsonObject().put("subscribers", subscribers);
      result.put("latency", measure(target, server, generators, List.of(channel), LATENCY_RATE,
          Math.max(stepSeconds, latencySeconds), subscribers));
      JsonArray ramp = new JsonArray();
      JsonObject best = null;
      for (double rate : rates) {
        long alive = alive(generators);
        JsonObject step = measure(target, server, generators, List.of(channel), rate,
            stepSeconds, alive);
        boolean passed = passed(step, target, stream);
        ramp.add(step.put("passed", passed));
        if (passed && (best == null
            || step.getLong("deliveredPerSec") > best.getLong("deliveredPerSec"))) {
          best = step;
        }
        if (!passed) {
          break;
        }
      }
      return result.put("ramp", ramp).put("best", best);
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /**
   * Whether a ramp step is within its bound: p99 at the subscribers and p99 of the publish
   * answers at most 100 ms, every publish answered 200, no socket closed, and nothing lost. The
   * raw server never conflates, so nothing may be missing (its event loops may overtake each
   * other, so a seq gap there is a reorder, not a loss); a tickwire stream channel may neither
   * miss a message nor skip a seq; a latest channel may conflate: that is its contract.
   */
  static boolean passed(JsonObject step, Target target, boolean stream) {
    JsonObject publish = step.getJsonObject("publishMs");
    boolean lost = target.raw() ? step.getLong("missing") > 0
        : stream && (step.getLong("missing") > 0 || step.getLong("gaps") > 0);
    return step.getJsonObject("latencyMs").getDouble("p99") <= P99_LIMIT_MS
        && publish != null && publish.getDouble("p99") <= P99_LIMIT_MS
        && step.getLong("publishFailed") == 0 && step.getJsonObject("closes").isEmpty() && !lost;
  }

  /** Every connection on a stream channel of its own, the publisher round robin over them. */
  private JsonObject manyChannels(Target target, ServerProcess server) {
    String prefix = target.raw() ? "own" : OWN;
    List<GeneratorProcess> generators = generators(target.raw(), List.of(server), prefix,
        connections,
        true);
    try {
      long subscribers = ready(generators);
      List<String> channels = IntStream.range(0, connections).mapToObj(i -> prefix + ".c" + i)
          .toList();
      return measure(target, server, generators, channels, manyRate, stepSeconds, 1)
          .put("subscribers", subscribers).put("channels", channels.size());
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /**
   * One connection subscribed to a stream channel nobody publishes to, app-level pings open loop
   * on an idle server: tickwire answers each with a {@code pong}, the raw server echoes the frame.
   */
  private JsonObject ping(boolean raw, ServerProcess server) {
    List<GeneratorProcess> generators = GeneratorProcess.start(classPath, logs, "ping",
        List.of("--kind", raw ? "raw" : "tickwire", "--targets", "127.0.0.1:" + server.port,
            "--channel", raw ? "ping" : PING, "--ping"), 1, 1);
    try {
      if (pingWarmUp > 0) {
        log("  warming up");
        generators.get(0).ping(pingWarmUp, PING_WARM_UP_INTERVAL_MICROS);
      }
      JsonObject seen = generators.get(0).ping(pingCount, pingIntervalMs * 1000L);
      JsonObject result = pingFigures(seen, pingIntervalMs);
      JsonObject latency = result.getJsonObject("latencyMs");
      log(String.format(Locale.ROOT, "  ping %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
          + "%d unanswered", raw ? "raw" : "tickwire", latency.getDouble("p50"),
          latency.getDouble("p99"), latency.getDouble("max"), result.getLong("unanswered")));
      return result;
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /** The figures of a generator's {@code PING} answer. */
  static JsonObject pingFigures(JsonObject seen, int intervalMs) {
    long sent = seen.getLong("sent");
    long received = seen.getLong("received");
    return new JsonObject().put("sent", sent).put("intervalMs", intervalMs)
        .put("answered", received).put("unanswered", Math.max(0, sent - received))
        .put("latencyMs", Measure.percentiles(StepStats.decode(seen.getString("latency"))));
  }

  /**
   * Batches of messages through {@code POST /api/publish}, round robin over 1,000 stream
   * channels with one subscriber each, as fast as the answers allow.
   */
  private JsonObject batch(ServerProcess server) {
    List<GeneratorProcess> generators = generators(false, List.of(server), BATCH, connections,
        true);
    try {
      long subscribers = ready(generators);
      List<String> channels = IntStream.range(0, connections).mapToObj(i -> BATCH + ".c" + i)
          .toList();
      log("  warming up");
      batchStep(server, generators, channels, Math.max(1, warmUpSeconds / 2));
      JsonObject step = batchStep(server, generators, channels, batchSeconds);
      return step.put("subscribers", subscribers).put("channels", channels.size())
          .put("connections", batchPublisher.connections())
          .put("window", batchPublisher.window());
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /**
   * The same batches to 1,000 channels nobody subscribes to: the publish path on its own
   * (parsing, checks, sequencing, history, answers), without the fan-out and its kernel writes.
   */
  private JsonObject batchPublishOnly(ServerProcess server) {
    List<String> channels = IntStream.range(0, connections).mapToObj(i -> BATCH + ".q" + i)
        .toList();
    log("  batch publishing to channels without subscribers");
    return batchStep(server, List.of(), channels, batchSeconds).put("subscribers", 0)
        .put("channels", channels.size()).put("connections", batchPublisher.connections())
        .put("window", batchPublisher.window());
  }

  private JsonObject batchStep(ServerProcess server, List<GeneratorProcess> generators,
      List<String> channels, int seconds) {
    int step = nextStep++;
    JsonObject result = Measure.step(() -> batchPublisher.run(server.port, channels, seconds,
        step), List.of(server), generators, step, 1);
    log(String.format(Locale.ROOT, "  batch of %d: %d msg/s answered, %d delivered/s, "
        + "answer p99 %.2f ms (max %.2f), missing %d, gaps %d, errors %s",
        batchPublisher.batchSize(), result.getLong("rate"), result.getLong("deliveredPerSec"),
        result.getJsonObject("publishMs").getDouble("p99"),
        result.getJsonObject("publishMs").getDouble("max"), result.getLong("missing"),
        result.getLong("gaps"), result.getJsonObject("errors").encode()));
    return result;
  }

  private JsonObject rpc(boolean raw, ServerProcess server) {
    List<GeneratorProcess> generators = GeneratorProcess.start(classPath, logs, "rpc",
        List.of("--kind", raw ? "raw" : "tickwire", "--targets", "127.0.0.1:" + server.port,
            "--rpc"), rpcConnections, 1);
    try {
      log("  warming up");
      generators.get(0).rpc(3, 4);
      long[] cpuBefore = server.cpuNanos();
      JsonObject seen = generators.get(0).rpc(rpcSeconds, 4);
      long[] cpuAfter = server.cpuNanos();
      long answers = seen.getLong("received");
      double seconds = seen.getDouble("seconds");
      return new JsonObject().put("connections", seen.getInteger("connections"))
          .put("window", seen.getInteger("window")).put("seconds", seconds)
          .put("answers", answers).put("requestsPerSec", Math.round(answers / seconds))
          .put("latencyMs", Measure.percentiles(StepStats.decode(seen.getString("latency"))))
          .put("cpuMicrosPerRequest", answers == 0 ? null : Math.round(
              (cpuAfter[0] + cpuAfter[1] - cpuBefore[0] - cpuBefore[1]) / 1e3 / answers * 100)
              / 100.0);
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /** As many idle subscribed connections as the node's open-file limit leaves room for. */
  private JsonObject idle(boolean raw, ServerProcess server) {
    long heapBefore = server.heapAfterGcKb();
    long rssBefore = server.rssKb();
    long room = server.maxOpenFiles() - server.openFiles() - 200;
    int count = (int) (idleConnections > 0 ? Math.min(idleConnections, room) : room);
    log("idle: " + count + " connections (node open-file limit " + server.maxOpenFiles() + ")");
    List<GeneratorProcess> generators = generators(raw, List.of(server), raw ? "idle" : IDLE,
        count, false);
    try {
      long connected = ready(generators);
      long connectMs = generators.stream().mapToLong(g -> g.ready.getLong("connectMs")).max()
          .orElse(0);
      ServerProcess.pause(2_000);
      long heapAfter = server.heapAfterGcKb();
      long rssAfter = server.rssKb();
      JsonObject failures = new JsonObject();
      generators.forEach(g -> failures.mergeIn(g.ready.getJsonObject("failures")));
      return new JsonObject().put("requested", count).put("connected", connected)
          .put("failures", failures).put("connectSeconds", connectMs / 1000.0)
          .put("connectsPerSec", connectMs == 0 ? null : Math.round(connected * 1000.0 / connectMs))
          .put("rssBeforeKb", rssBefore).put("rssAfterKb", rssAfter)
          .put("heapBeforeKb", heapBefore).put("heapAfterKb", heapAfter)
          .put("rssKbPerConnection", connected == 0 ? null
              : Math.round((rssAfter - rssBefore) * 100.0 / connected) / 100.0)
          .put("heapKbPerConnection", connected == 0 ? null
              : Math.round((heapAfter - heapBefore) * 100.0 / connected) / 100.0)
          .put("openFiles", server.openFiles()).put("maxOpenFiles", server.maxOpenFiles());
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /**
   * The same fan-out step twice, once with every subscriber on JSON and once with every one on
   * MessagePack: frame bytes per delivered message as the generators received them, server CPU
   * per delivery and the latency tails. The MessagePack generators decode every frame with
   * msgpack-core and compare one connection's messages with a JSON connection's copy.
   */
  private JsonObject msgpack(ServerProcess server) {
    JsonObject json = format(server, "json");
    JsonObject packed = format(server, "msgpack");
    JsonObject result = new JsonObject().put("started", System.currentTimeMillis())
        .put("rate", formatRate).put("subscribers", json.getLong("subscribers"))
        .put("json", json).put("msgpack", packed);
    Double jsonBytes = json.getDouble("bytesPerDelivery");
    Double packedBytes = packed.getDouble("bytesPerDelivery");
    if (jsonBytes != null && packedBytes != null && jsonBytes > 0) {
      result.put("bytesRatio", Math.round(packedBytes / jsonBytes * 1000) / 1000.0);
    }
    Double jsonCpu = json.getDouble("cpuMicrosPerDelivery");
    Double packedCpu = packed.getDouble("cpuMicrosPerDelivery");
    if (jsonCpu != null && packedCpu != null && jsonCpu > 0) {
      result.put("cpuRatio", Math.round(packedCpu / jsonCpu * 1000) / 1000.0);
    }
    return result;
  }

  private JsonObject format(ServerProcess server, String format) {
    List<String> extra = format.equals("msgpack") ? List.of("--format", format, "--witness")
        : List.of("--format", format);
    List<GeneratorProcess> generators = generators(false, List.of(server), FORMAT, connections,
        false, extra);
    try {
      long subscribers = ready(generators);
      warmUp(Target.TICKWIRE, List.of(server), generators, List.of(FORMAT), subscribers,
          warmUpSeconds);
      log("  " + format + " subscribers");
      JsonObject step = measure(Target.TICKWIRE, server, generators, List.of(FORMAT), formatRate,
          Math.max(stepSeconds, latencySeconds), subscribers);
      log(String.format(Locale.ROOT, "  %s: %.1f bytes per delivery, %s µs CPU per delivery, "
          + "compared %d, mismatched %d", format, step.getDouble("bytesPerDelivery", -1.0),
          step.getValue("cpuMicrosPerDelivery"), step.getLong("compared", 0L),
          step.getLong("mismatched", 0L)));
      return step.put("subscribers", subscribers).put("format", format);
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /**
   * The parameters only one scenario reads, by the name they start with: a merged run of that
   * scenario brings its own, since its figures were taken with them.
   */
  private static final Map<String, String> OWN_PARAMETERS = Map.of("presence", "presence",
      "book", "book", "msgpack", "format");

  /** Whether {@code parameter} is read only by one of {@code scenarios}. */
  static boolean ownParameter(String parameter, List<String> scenarios) {
    return scenarios.stream().map(OWN_PARAMETERS::get)
        .anyMatch(prefix -> prefix != null && parameter.startsWith(prefix));
  }

  /**
   * One channel of the presence namespace with {@code --presence-members} subscribers, then
   * {@code presence} requests about it from other connections, open loop, at each rate of
   * {@code --presence-rates} until a step fails: p99 above 100 ms, a request unanswered or
   * refused, an answer with another count, or a member's or a client's socket closed.
   */
  private JsonObject presence(ServerProcess server) {
    List<GeneratorProcess> members = generators(false, List.of(server), PRESENCE,
        presenceMembers, false);
    try {
      long subscribers = ready(members);
      log("connecting " + presenceConnections + " presence clients");
      List<GeneratorProcess> clients = GeneratorProcess.start(classPath, logs, "presence",
          List.of("--kind", "tickwire", "--targets", "127.0.0.1:" + server.port,
              "--presence-channel", PRESENCE), presenceConnections, 1);
      try {
        GeneratorProcess client = clients.get(0);
        log("  presence clients: " + client.ready.encode());
        log("  warming up");
        client.presence(presenceRates[0], Math.max(1, warmUpSeconds / 2.0), subscribers);
        JsonArray steps = new JsonArray();
        JsonObject best = null;
        for (double rate : presenceRates) {
          long[] cpuBefore = server.cpuNanos();
          long wallBefore = System.nanoTime();
          JsonObject seen = client.presence(rate, presenceSeconds, subscribers);
          long[] cpuAfter = server.cpuNanos();
          double wall = (System.nanoTime() - wallBefore) / 1e9;
          JsonObject step = presenceStep(rate, seen, presenceConnections,
              alive(members) == subscribers,
              cpuAfter[0] + cpuAfter[1] - cpuBefore[0] - cpuBefore[1], wall);
          JsonObject latency = step.getJsonObject("latencyMs");
          log(String.format(Locale.ROOT, "  presence %.0f/s → %d answered/s, p99 %.2f ms "
              + "(max %.2f), unanswered %d, errors %d, wrong %d, clients closed %d, %s µs CPU per "
              + "request", rate,
              step.getLong("answeredPerSec"), latency.getDouble("p99"), latency.getDouble("max"),
              step.getLong("unanswered"), step.getLong("errors"), step.getLong("wrong"),
              step.getLong("clientsClosed"),
              step.getValue("cpuMicrosPerRequest")));
          steps.add(step);
          if (step.getBoolean("passed")) {
            best = step;
          } else {
            break;
          }
        }
        return new JsonObject().put("started", System.currentTimeMillis())
            .put("members", subscribers).put("connections", presenceConnections)
            .put("stepSeconds", presenceSeconds).put("p99LimitMs", P99_LIMIT_MS)
            .put("steps", steps).put("best", best);
      } finally {
        clients.forEach(GeneratorProcess::close);
      }
    } finally {
      members.forEach(GeneratorProcess::close);
    }
  }

  /**
   * The figures of one presence step from the generator's {@code PRESENCE} answer, whether the
   * members were all still connected, and the node's CPU nanoseconds over {@code wall} seconds;
   * a step that started with fewer than {@code connections} asking connections (some closed or
   * never connected) fails.
   */
  static JsonObject presenceStep(double rate, JsonObject seen, int connections,
      boolean membersHeld, long cpuNanos, double wall) {
    long sent = seen.getLong("sent");
    long answered = seen.getLong("received");
    long errors = seen.getLong("errors");
    long wrong = seen.getLong("wrong");
    long closed = seen.getLong("closed", 0L);
    double seconds = seen.getDouble("seconds");
    JsonObject latency = Measure.percentiles(StepStats.decode(seen.getString("latency")));
    long unanswered = Math.max(0, sent - answered - errors);
    long asking = seen.getLong("connections", 0L);
    boolean passed = latency.getDouble("p99") <= P99_LIMIT_MS && unanswered == 0 && errors == 0
        && wrong == 0 && closed == 0 && membersHeld && sent > 0 && asking >= connections;
    return new JsonObject().put("rate", rate).put("seconds", seconds).put("sent", sent)
        .put("connections", asking)
        .put("answered", answered)
        .put("answeredPerSec", seconds <= 0 ? 0 : Math.round(answered / seconds))
        .put("unanswered", unanswered).put("errors", errors).put("wrong", wrong)
        .put("clientsClosed", closed)
        .put("membersHeld", membersHeld)
        .put("bytesPerAnswer", answered == 0 ? null
            : Math.round(seen.getLong("bytes") * 10.0 / answered) / 10.0)
        .put("latencyMs", latency)
        .put("serverCpuPct", wall <= 0 ? 0 : Math.round(cpuNanos / 1e7 / wall))
        .put("cpuMicrosPerRequest", answered == 0 ? null
            : Math.round(cpuNanos / 1e3 / answered * 100) / 100.0)
        .put("passed", passed);
  }

  /**
   * A fresh node with the simulated venues of the dev profile on (its symbols, venues and book
   * settings): for each count of {@code --book-connections}, that many JSON subscribers of every
   * {@code book.<SYMBOL>} (and one MessagePack one) for {@code --book-seconds}, after a warm-up.
   */
  private JsonObject book() {
    long started = System.currentTimeMillis();
    JsonObject prices;
    try {
      prices = new JsonObject(Files.readString(confDir.resolve("dev.json")))
          .getJsonObject("prices", new JsonObject());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> symbols = prices.getJsonArray("symbols", new JsonArray()).stream()
        .map(String::valueOf).toList();
    JsonObject simulated = prices.getJsonObject("venues", new JsonObject())
        .getJsonObject("simulated", new JsonObject());
    JsonObject bookConfig = prices.getJsonObject("book", new JsonObject());
    try (ServerProcess server = start(Target.TICKWIRE, "tickwire-book",
        Map.of("TICKWIRE_PRICES_ENABLED", "true"))) {
      JsonArray steps = new JsonArray();
      boolean first = true;
      for (int count : bookConnections) {
        log("book: " + count + " subscribers of " + symbols.size() + " book channels");
        JsonObject step = BookBench.run(server.port, symbols, count,
            Math.max(1, first ? warmUpSeconds : warmUpSeconds / 4.0), bookSeconds);
        first = false;
        JsonObject l = step.getJsonObject("latencyMs");
        JsonObject f = step.getJsonObject("fanoutMs");
        JsonObject b = step.getJsonObject("bytes");
        log(String.format(Locale.ROOT, "  %d msg/s; venue update → received p50 %.0f ms, p99 "
            + "%.0f ms, max %.0f ms; merged → received p99 %.0f ms; bytes mean %.0f, p99 %d, "
            + "max %d (MessagePack mean %.0f); errors %d, closed %d",
            step.getLong("messagesPerSec"), l.getDouble("p50"), l.getDouble("p99"),
            l.getDouble("max"), f.getDouble("p99"), b.getDouble("mean"), b.getLong("p99"),
            b.getLong("max"), step.getJsonObject("msgpackBytes").getDouble("mean"),
            step.getLong("errors"), step.getLong("closed")));
        steps.add(step);
      }
      return new JsonObject().put("started", started)
          .put("symbols", symbols.size())
          .put("venues", simulated.getJsonArray("venues", new JsonArray()).size())
          .put("ticksPerSec", simulated.getValue("ticksPerSec"))
          .put("depth", bookConfig.getValue("depth"))
          .put("maxRatePerSec", bookConfig.getValue("maxRatePerSec"))
          .put("seconds", bookSeconds).put("steps", steps);
    }
  }

  /** 10,000 subscribers of one stream channel, one message a second. */
  private JsonObject big(Target target, ServerProcess server) {
    String channel = target.raw() ? "big" : "benchs.big";
    List<GeneratorProcess> generators = generators(target.raw(), List.of(server), channel,
        bigConnections,
        false);
    try {
      long subscribers = ready(generators);
      warmUp(target, List.of(server), generators, List.of(channel), subscribers, warmUpSeconds);
      return measure(target, server, generators, List.of(channel), 1,
          Math.max(stepSeconds, latencySeconds),
          subscribers).put("subscribers", subscribers);
    } finally {
      generators.forEach(GeneratorProcess::close);
    }
  }

  /** Three clustered nodes, connections and publishes spread over them. */
  private JsonObject cluster() {
    // Three Hazelcast ports, then three event-bus ports.
    int[] ports = LoopbackPorts.free(6);
    int[] hazelcast = Arrays.copyOfRange(ports, 0, 3);
    String members = String.join(",", Arrays.stream(hazelcast)
        .mapToObj(port -> "127.0.0.1:" + port).toList());
    List<ServerProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(start(Target.TICKWIRE, "cluster-node-" + (i + 1), Map.of(
            "TICKWIRE_CLUSTER_ENABLED", "true", "TICKWIRE_CLUSTER_PORT",
            String.valueOf(hazelcast[i]), "TICKWIRE_CLUSTER_MEMBERS", members,
            // Members on one machine need an event-bus port each; the default is one fixed port.
            "TICKWIRE_CLUSTER_EVENT_BUS_PORT", String.valueOf(ports[3 + i]),
            "TICKWIRE_CLUSTER_NAME", "tickwire-bench-" + ProcessHandle.current().pid(),
            "TICKWIRE_NOTIFICATIONS_STORAGE_SHARED", "true",
            "TICKWIRE_NOTIFICATIONS_STORAGE_PATH",
            out.resolve("data").resolve("cluster").resolve("notifications").toString())));
      }
      List<GeneratorProcess> generators = generators(false, nodes, STREAM, connections, false);
      try {
        long subscribers = ready(generators);
        warmUp(Target.TICKWIRE, nodes, generators, List.of(STREAM), subscribers,
            2 * warmUpSeconds);
        JsonArray steps = new JsonArray();
        for (double rate : new double[] {LATENCY_RATE, 50, 100}) {
          steps.add(measure(Target.TICKWIRE, nodes, generators, List.of(STREAM), rate,
              Math.max(stepSeconds, latencySeconds), alive(generators)));
        }
        return new JsonObject().put("nodes", nodes.size()).put("subscribers", subscribers)
            .put("eventLoops", nodes.get(0).eventLoopThreads()).put("steps", steps);
      } finally {
        generators.forEach(GeneratorProcess::close);
      }
    } finally {
      nodes.forEach(ServerProcess::close);
    }
  }

  private List<GeneratorProcess> generators(boolean raw, List<ServerProcess> servers,
      String channel, int count, boolean ownChannels) {
    return generators(raw, servers, channel, count, ownChannels, List.of());
  }

  private List<GeneratorProcess> generators(boolean raw, List<ServerProcess> servers,
      String channel, int count, boolean ownChannels, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("--kind", raw ? "raw" : "tickwire",
        "--targets", String.join(",", servers.stream().map(s -> "127.0.0.1:" + s.port).toList()),
        "--channel", channel));
    if (ownChannels) {
      args.add("--own-channels");
    }
    args.addAll(extra);
    log("connecting " + count + " subscribers of " + channel);
    return GeneratorProcess.start(classPath, logs, channel, args, count, sources);
  }

  private JsonObject measure(Target target, ServerProcess server,
      List<GeneratorProcess> generators, List<String> channels, double rate, double seconds,
      long fanout) {
    return measure(target, List.of(server), generators, channels, rate, seconds, fanout);
  }

  private JsonObject measure(Target target, List<ServerProcess> servers,
      List<GeneratorProcess> generators, List<String> channels, double rate, double seconds,
      long fanout) {
    JsonObject step = Measure.step(publisher, target, servers, generators, channels, rate,
        seconds, nextStep++, fanout);
    log(String.format(Locale.ROOT, "  %s %.0f msg/s → %d deliveries/s, p99 %.2f ms (max %.2f), "
        + "publish answer p99 %.2f ms (max %.2f), missing %d, cpu %.2f µs", target.label, rate,
        step.getLong("deliveredPerSec"), step.getJsonObject("latencyMs").getDouble("p99"),
        step.getJsonObject("latencyMs").getDouble("max"),
        step.getJsonObject("publishMs").getDouble("p99"),
        step.getJsonObject("publishMs").getDouble("max"), step.getLong("missing"),
        step.getDouble("cpuMicrosPerDelivery", -1.0)));
    return step;
  }

  /** A step whose figures are thrown away: the JIT of server and generators warms up. */
  private void warmUp(Target target, List<ServerProcess> servers,
      List<GeneratorProcess> generators, List<String> channels, long fanout, int seconds) {
    log("  warming up");
    double rate = Math.max(1, Math.min(WARM_UP_RATE, WARM_UP_DELIVERIES / Math.max(1, fanout)));
    Measure.step(publisher, target, servers, generators, channels, rate, seconds,
        nextStep++, fanout);
  }

  private static long ready(List<GeneratorProcess> generators) {
    return generators.stream().mapToLong(g -> g.ready.getLong("connected")).sum();
  }

  private static long alive(List<GeneratorProcess> generators) {
    return generators.stream().mapToLong(g -> g.report().getLong("connections")).sum();
  }

  static void log(String line) {
    System.out.println("bench: " + line);
  }

  void close() {
    publisher.close();
    batchPublisher.close();
  }
}
