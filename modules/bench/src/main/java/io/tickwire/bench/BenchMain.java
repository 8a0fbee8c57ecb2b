package io.tickwire.bench;

import io.tickwire.bench.Options.Option;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bench command line (see docs/benchmarks.md):
 * <ul>
 *   <li>{@code suite [--out dir] [--docs file] [--scenarios a,b] …} — the {@code make bench} run;
 *   <li>{@code report [--out dir] [--docs file] [--before file]} — rewrites the report from a
 *       run's results.json, with an earlier run's figures (by default {@code dir/before.json})
 *       in its "before" columns;
 *   <li>{@code gen …} — one load-generator process (started by the suite);
 *   <li>{@code raw --port p} — the raw Vert.x broadcast server (started by the suite).
 * </ul>
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      return;
    }
    Options options;
    try {
      options = new Options(args, 1);
    } catch (IllegalArgumentException e) {
      System.err.println("tickwire-bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    switch (args[0]) {
      case "suite" -> {
        Suite suite = new Suite(options);
        try {
          JsonObject results = suite.run();
          writeReport(results, options);
        } finally {
          suite.close();
        }
        System.exit(0);
      }
      case "report" -> writeReport(new JsonObject(Files.readString(
          Path.of(options.string(Option.OUT), "results.json"))), options);
      case "gen" -> Generator.main(options);
      case "raw" -> RawServer.main(options);
      default -> usage();
    }
  }

  private static void writeReport(JsonObject results, Options options) throws Exception {
    Path docs = Path.of(options.string(Option.DOCS));
    Path before = Path.of(options.string(Option.BEFORE.key,
        Path.of(options.string(Option.OUT), Option.BEFORE_FILE).toString()));
    JsonObject earlier = Files.exists(before) ? new JsonObject(Files.readString(before)) : null;
    Files.writeString(docs, Report.markdown(results, earlier, docs));
    System.out.println("bench: results in " + options.string(Option.OUT)
        + "/results.json, report in " + docs);
  }

  private static void usage() {
    System.err.println("usage: tickwire-bench suite|report|gen|raw [--option value …]"
        + " (see docs/benchmarks.md)");
    System.exit(2);
  }
}
