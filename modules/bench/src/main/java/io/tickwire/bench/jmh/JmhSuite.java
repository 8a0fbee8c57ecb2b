package io.tickwire.bench.jmh;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs tickwire's JMH micro-benchmarks with the JMH runner, one fork each: frame encoding,
 * fan-out, the middleware chain, the price aggregator, the order-book merge and the rule engine.
 * JMH's own results go to {@code <resultsDir>/jmh.json}; {@link #run} answers a summary with, per
 * benchmark, the figure a report prints (deliveries/s, venue ticks/s, …).
 *
 * <p>Quick: 1 warm-up and 3 measured iterations of 1 s per benchmark (about 90 s in all on two
 * cores); otherwise 3 × 2 s warm-up and 5 × 2 s measured (about 4 minutes). The rule engine's
 * fork runs with {@code -Xmx4g} (its {@code @Fork} annotation) for its million rules.
 * Forks inherit this JVM's class path, so the suite runs from the shaded bench jar:
 * {@code java -cp tickwire-bench.jar io.tickwire.bench.jmh.JmhSuite <dir> [quick]}.
 */
public final class JmhSuite {

  /** The benchmark classes, in the order the summary lists them. */
  static final List<String> BENCHMARKS = List.of(
      FrameEncodingBenchmark.class.getName(),
      FanoutBenchmark.class.getName(),
      FrameChainBenchmark.class.getName(),
      AggregatorBenchmark.class.getName(),
      BookMergeBenchmark.class.getName(),
      RuleEngineBenchmark.class.getName());

  private JmhSuite() {
  }

  /** How a benchmark's score reads in a report. */
  private record Figure(String name, String unit, double perOp, Double target) {
  }

  /**
   * Runs every benchmark and writes JMH's JSON results to {@code resultsDir/jmh.json}.
   *
   * @return {@code {"mode", "results", "seconds", "benchmarks": [{"name", "benchmark", "params",
   *     "score", "error", "unit", "figure", "figureUnit", "text", …}]}}
   * @throws RunnerException when a benchmark failed (its checks included)
   */
  public static JsonObject run(Path resultsDir, boolean quick)
      throws RunnerException, IOException {
    Files.createDirectories(resultsDir);
    Path results = resultsDir.resolve("jmh.json");
    int seconds = quick ? 1 : 2;
    ChainedOptionsBuilder options = new OptionsBuilder()
        .forks(1)
        .warmupIterations(quick ? 1 : 3)
        .warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(seconds))
        .shouldFailOnError(true)
        .resultFormat(ResultFormatType.JSON)
        .result(results.toString());
    for (String benchmark : BENCHMARKS) {
      options.include("^" + Pattern.quote(benchmark + ".") + "\\w+$");
    }
    long start = System.nanoTime();
    Collection<RunResult> runs = new Runner(options.build()).run();
    JsonArray benchmarks = new JsonArray();
    runs.stream().sorted(Comparator
            .comparingInt((RunResult run) -> order(run.getParams().getBenchmark()))
            .thenComparing(RunResult.DEFAULT_SORT_COMPARATOR))
        .forEach(run -> benchmarks.add(summary(run)));
    return new JsonObject().put("mode", quick ? "quick" : "full")
        .put("results", results.getFileName().toString())
        .put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0)
        .put("benchmarks", benchmarks);
  }

  /** Runs the suite: {@code <output dir> [quick]}; prints the summary as JSON. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2 || args.length == 2 && !"quick".equals(args[1])) {
      System.err.println("usage: JmhSuite <output dir> [quick]");
      System.exit(2);
    }
    JsonObject summary = run(Path.of(args[0]), args.length == 2);
    Files.writeString(Path.of(args[0]).resolve("jmh-summary.json"), summary.encodePrettily());
    System.out.println(summary.encodePrettily());
  }

  private static int order(String benchmark) {
    return BENCHMARKS.indexOf(benchmark.substring(0, benchmark.lastIndexOf('.')));
  }

  private static JsonObject summary(RunResult run) {
    BenchmarkParams params = run.getParams();
    String benchmark = params.getBenchmark();
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    String type = benchmark.substring(0, benchmark.lastIndexOf('.'));
    type = type.substring(type.lastIndexOf('.') + 1);
    JsonObject paramValues = new JsonObject();
    for (String key : params.getParamsKeys()) {
      paramValues.put(key, params.getParam(key));
    }
    Result<?> primary = run.getPrimaryResult();
    double score = primary.getScore();
    Figure figure = figure(type + "." + method, params);
    double value = score * figure.perOp();
    JsonObject json = new JsonObject().put("name", figure.name())
        .put("benchmark", benchmark)
        .put("params", paramValues)
        .put("score", finite(score))
        .put("error", finite(primary.getScoreError()))
        .put("unit", primary.getScoreUnit())
        .put("figure", finite(value))
        .put("figureUnit", figure.unit())
        .put("text", human(value) + " " + figure.unit());
    Result<?> fired = run.getSecondaryResults().get("fired");
    if (fired != null && score > 0) {
      double perTick = fired.getScore() / score;
      json.put("firedPerTick", finite(Math.round(perTick * 10) / 10.0));
      json.put("text", json.getString("text") + ", " + human(perTick) + " rules fired per tick");
    }
    if (figure.target() != null) {
      json.put("target", figure.target()).put("meetsTarget", value >= figure.target());
    }
    return json;
  }

  private static Figure figure(String benchmark, BenchmarkParams params) {
    return switch (benchmark) {
      case "FrameEncodingBenchmark.message" -> new Figure(
          "frame encoding, " + params.getParam("payload") + " data", "frames encoded/s", 1, null);
      case "FrameEncodingBenchmark.wire" -> new Figure(
          "cluster wire encoding, " + params.getParam("payload") + " data",
          "wire encodings/s", 1, null);
      case "FanoutBenchmark.fanout" -> new Figure(
          "fan-out to " + params.getParam("subscribers") + " sockets", "deliveries/s",
          Integer.parseInt(params.getParam("subscribers")), null);
      case "FrameChainBenchmark.ping" -> new Figure("middleware chain, ping frame",
          "ping frames/s", 1, null);
      case "FrameChainBenchmark.echoRequests" -> new Figure(
          "middleware chain, system.echo requests, 64 in flight", "requests/s", 1, null);
      case "AggregatorBenchmark.tick" -> new Figure("price aggregator, "
          + params.getParam("venues") + " venues × 10 symbols", "venue ticks/s", 1, 1e6);
      case "BookMergeBenchmark.levelUpdates" -> new Figure("order-book merge, "
          + params.getParam("venues") + " venues × 10 symbols, merged every "
          + params.getParam("mergeEvery") + " events", "venue level updates/s", 1, 1e6);
      case "BookMergeBenchmark.merge" -> new Figure("order-book merge, top 20 of "
          + params.getParam("venues") + " venues", "merges/s", 1, null);
      case "RuleEngineBenchmark.quiet" -> new Figure("rule engine, "
          + params.getParam("rules") + " rules, nothing fires", "ticks/s (nothing fires)", 1, 2e5);
      case "RuleEngineBenchmark.firing" -> new Figure("rule engine, "
          + params.getParam("rules") + " rules, 1 % fire per tick", "ticks/s (1 % fire)", 1,
          null);
      default -> new Figure(benchmark, "ops/s", 1, null);
    };
  }

  /** JSON has no NaN: an unknown error is null. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** 3 significant digits with k, M or G. */
  static String human(double value) {
    if (!Double.isFinite(value)) {
      return "?";
    }
    String[] prefixes = {"", " k", " M", " G"};
    int prefix = 0;
    double scaled = value;
    while (Math.abs(scaled) >= 1000 && prefix < prefixes.length - 1) {
      scaled /= 1000;
      prefix++;
    }
    String digits = Math.abs(scaled) >= 100 ? "%.0f" : Math.abs(scaled) >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, digits, scaled) + prefixes[prefix];
  }
}
