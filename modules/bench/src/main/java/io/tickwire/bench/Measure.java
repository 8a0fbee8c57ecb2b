package io.tickwire.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * One load step: publish at a rate, let the last messages land, then add up what every
 * generator saw, what the publisher's answers took and what the servers spent. All figures come
 * out as JSON for the report; latencies are timed from each message's intended send time.
 */
final class Measure {

  /** Time for in-flight messages to land after the last publish. */
  static final long QUIET_MS = 1_500;

  private Measure() {
  }

  /**
   * Runs step {@code step}; {@code fanout} is how many sockets each published message should
   * reach (the subscribers of a shared channel, or 1 for a channel per connection).
   */
  static JsonObject step(Publisher publisher, Target target, List<ServerProcess> servers,
      List<GeneratorProcess> generators, List<String> channels, double rate, double seconds,
      int step, long fanout) {
    return step(() -> publisher.run(target, ports(servers), channels, rate, seconds, step),
        servers, generators, step, fanout).put("rate", rate);
  }

  /**
   * Runs step {@code step} with {@code publish}, which publishes the whole step and answers what
   * {@link Publisher#run} answers: {@code published}, {@code failed}, {@code unsent},
   * {@code seconds}, {@code rate}, {@code publishMs}, {@code sendLagMs}, and optionally
   * {@code batches}, {@code batchSize} and {@code errors}, which are passed on.
   */
  static JsonObject step(Supplier<JsonObject> publish, List<ServerProcess> servers,
      List<GeneratorProcess> generators, int step, long fanout) {
    long[] cpuBefore = cpu(servers);
    long wallBefore = System.nanoTime();
    JsonObject published = publish.get();
    ServerProcess.pause(QUIET_MS);
    long[] cpuAfter = cpu(servers);
    double wall = (System.nanoTime() - wallBefore) / 1e9;
    Histogram latency = new Histogram(StepStats.MAX_MICROS, 3);
    long received = 0;
    long gaps = 0;
    long reordered = 0;
    long bytes = 0;
    long compared = 0;
    long mismatched = 0;
    long connections = 0;
    JsonObject closes = new JsonObject();
    for (GeneratorProcess generator : generators) {
      JsonObject report = generator.report();
      connections += report.getLong("connections");
      report.getJsonObject("closes").forEach(close -> closes.put(close.getKey(),
          closes.getLong(close.getKey(), 0L) + ((Number) close.getValue()).longValue()));
      JsonObject seen = report.getJsonObject("steps").getJsonObject(String.valueOf(step));
      if (seen != null) {
        received += seen.getLong("received");
        gaps += seen.getLong("gaps");
        reordered += seen.getLong("reordered");
        bytes += seen.getLong("bytes", 0L);
        compared += seen.getLong("compared", 0L);
        mismatched += seen.getLong("mismatched", 0L);
        latency.add(StepStats.decode(seen.getString("latency")));
      }
    }
    long sent = published.getLong("published");
    long expected = sent * fanout;
    double window = published.getDouble("seconds");
    long userNs = cpuAfter[0] - cpuBefore[0];
    long systemNs = cpuAfter[1] - cpuBefore[1];
    JsonObject result = new JsonObject().put("rate", published.getValue("rate"))
        .put("seconds", window)
        .put("published", sent).put("publishFailed", published.getLong("failed"))
        .put("publishUnsent", published.getLong("unsent"))
        .put("publishMs", published.getJsonObject("publishMs"))
        .put("sendLagMs", published.getJsonObject("sendLagMs"))
        .put("expected", expected).put("delivered", received)
        .put("deliveredPerSec", Math.round(received / window))
        .put("missing", Math.max(0, expected - received)).put("gaps", gaps)
        .put("reordered", reordered).put("connectionsAfter", connections).put("closes", closes)
        .put("latencyMs", percentiles(latency))
        // The WebSocket payloads the generators got, per message delivered.
        .put("bytesPerDelivery", received == 0 ? null
            : Math.round(bytes * 10.0 / received) / 10.0)
        .put("serverCpuPct", Math.round((userNs + systemNs) / 1e7 / wall))
        .put("serverSystemCpuShare", userNs + systemNs == 0 ? 0
            : Math.round(100.0 * systemNs / (userNs + systemNs)) / 100.0)
        .put("cpuMicrosPerDelivery", received == 0 ? null
            : Math.round((userNs + systemNs) / 1e3 / received * 100) / 100.0)
        .put("cpuMicrosPerPublished", sent == 0 ? null
            : Math.round((userNs + systemNs) / 1e3 / sent * 100) / 100.0);
    if (compared + mismatched > 0) {
      result.put("compared", compared).put("mismatched", mismatched);
    }
    for (String key : new String[] {"batches", "batchSize", "errors"}) {
      if (published.containsKey(key)) {
        result.put(key, published.getValue(key));
      }
    }
    return result;
  }

  static JsonObject percentiles(Histogram micros) {
    return new JsonObject().put("count", micros.getTotalCount())
        .put("p50", ms(micros.getValueAtPercentile(50))).put("p90", ms(micros.getValueAtPercentile(90)))
        .put("p99", ms(micros.getValueAtPercentile(99)))
        .put("p999", ms(micros.getValueAtPercentile(99.9))).put("max", ms(micros.getMaxValue()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  static List<Integer> ports(List<ServerProcess> servers) {
    return servers.stream().map(server -> server.port).toList();
  }

  private static long[] cpu(List<ServerProcess> servers) {
    long[] total = new long[2];
    for (ServerProcess server : servers) {
      long[] cpu = server.cpuNanos();
      total[0] += cpu[0];
      total[1] += cpu[1];
    }
    return total;
  }
}
