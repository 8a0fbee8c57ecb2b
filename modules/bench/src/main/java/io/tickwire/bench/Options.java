package io.tickwire.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code --key value} command-line options, with typed defaults. The options of {@code suite}
 * and {@code report} are the {@link Option}s, each with its default; the load-generator and
 * raw-server processes the suite starts take options of their own, always given by the suite.
 */
final class Options {

  /**
   * The options of {@code suite} and {@code report}, each with its default as it would be typed:
   * the one place a default is written. The suite reads them; the report's option table shows
   * them.
   */
  enum Option {
    /** Which parts to run; {@code fanout} stands for fanout-latest and fanout-stream. */
    SCENARIOS("scenarios",
        "fanout,many-channels,ping,batch,rpc,idle,big,msgpack,presence,book,cluster,jmh"),
    /**
     * Scenarios to run instead of {@link #SCENARIOS}, their figures merged into the existing
     * results.json; empty: a whole new results.json.
     */
    ONLY("only", ""),
    CONNECTIONS("connections", "1000"),
    RATES("rates", "50,100,150,200,250,300,350,400"),
    STEP_SECONDS("step-seconds", "5"),
    LATENCY_SECONDS("latency-seconds", "10"),
    /** 0: as many as a tickwire node runs by default (one per core). */
    EVENT_LOOPS("event-loops", "0"),
    PUBLISH_CONNECTIONS("publish-connections", "4"),
    BIG_CONNECTIONS("big-connections", "10000"),
    /** 0: as many as the node's open-file limit leaves room for. */
    IDLE_CONNECTIONS("idle-connections", "0"),
    MANY_RATE("many-rate", "2000"),
    RPC_CONNECTIONS("rpc-connections", "200"),
    RPC_SECONDS("rpc-seconds", "5"),
    PING_COUNT("ping-count", "2000"),
    PING_INTERVAL_MS("ping-interval-ms", "5"),
    PING_WARMUP("ping-warmup", "5000"),
    BATCH_SIZE("batch-size", "100"),
    BATCH_CONNECTIONS("batch-connections", "4"),
    BATCH_WINDOW("batch-window", "2"),
    BATCH_SECONDS("batch-seconds", "10"),
    /** The published msg/s of the JSON and MessagePack steps of the msgpack scenario. */
    FORMAT_RATE("format-rate", "50"),
    PRESENCE_MEMBERS("presence-members", "1000"),
    PRESENCE_CONNECTIONS("presence-connections", "50"),
    PRESENCE_RATES("presence-rates", "1000,2500,5000,7500,10000,12500,15000,20000,25000,30000"),
    PRESENCE_SECONDS("presence-seconds", "5"),
    /** The book scenario's steps: JSON subscribers of every book channel, one count a step. */
    BOOK_CONNECTIONS("book-connections", "1,100"),
    BOOK_SECONDS("book-seconds", "20"),
    SOURCES("sources", "2"),
    PAD_BYTES("pad-bytes", "64"),
    JMH("jmh", "quick"),
    NODE_JVM("node-jvm", ""),
    WARMUP_SECONDS("warmup-seconds", "12"),
    SERVER_JAR("server-jar", "modules/server/target/tickwire.jar"),
    CONF("conf", "conf"),
    OUT("out", "bench-results"),
    DOCS("docs", "docs/benchmarks.md"),
    /** An earlier run's results; by default {@link #BEFORE_FILE} in {@link #OUT}. */
    BEFORE("before", null);

    /** The file {@link #BEFORE} names by default, in the results directory. */
    static final String BEFORE_FILE = "before.json";

    final String key;
    final String byDefault;

    Option(String key, String byDefault) {
      this.key = key;
      this.byDefault = byDefault;
    }
  }

  private final Map<String, String> values = new HashMap<>();

  Options(String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String key = arg.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        values.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(key, args[++i]);
      } else {
        values.put(key, "true");
      }
    }
  }

  String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  String string(Option option) {
    return string(option.key, option.byDefault);
  }

  int integer(String key, int fallback) {
    String value = values.get(key);
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be an integer, not '" + value + "'");
    }
  }

  int integer(Option option) {
    return integer(option.key, Integer.parseInt(option.byDefault));
  }

  boolean flag(String key) {
    return Boolean.parseBoolean(values.getOrDefault(key, "false"));
  }
}
