package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.NodeContext;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.Prerequisites;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring files under {@code deploy/}: the Grafana dashboard and the Prometheus alert
 * rules name only metrics tickwire exports, and the rules pass promtool.
 */
@DisplayName("The dashboard and the alert rules")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitoringFilesTest {

  static final Path ROOT = Path.of("../..");
  static final Path DASHBOARD = ROOT.resolve("deploy/grafana/tickwire-dashboard.json");
  static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yaml");
  static final Path ALERT_TESTS = ROOT.resolve("deploy/prometheus/alerts.test.yaml");
  /** Series Prometheus makes itself, not a node. */
  static final Set<String> PROMETHEUS_OWN = Set.of("up");
  /** What a PromQL expression names that is not a metric. */
  static final Set<String> KEYWORDS = Set.of("by", "without", "and", "or", "unless", "offset",
      "bool", "on", "ignoring", "group_left", "group_right");
  static final Pattern METER = Pattern.compile(
      "(Counter|Timer|Gauge|DistributionSummary)\\s*\\.builder\\(\\s*\"(tickwire\\.[^\"]+)\"");

  @Test
  @DisplayName("name only metrics a dev node exports once used, or meters the code registers when their event happens (cluster, failures)")
  void namesExportedMetrics(@TempDir Path dir) throws Exception {
    Map<String, List<String>> expressions = expressions();
    assertThat(expressions).hasSizeGreaterThan(60);
    Set<String> named = new TreeSet<>();
    expressions.forEach((where, exprs) -> exprs.forEach(expr -> named.addAll(metrics(expr))));
    // The expressions were read: every panel family is among the names.
    assertThat(named).contains("tickwire_gateway_connections",
        "tickwire_prices_aggregation_latency_seconds_bucket", "tickwire_prices_venue_healthy",
        "tickwire_notifications_deliveries_total",
        "tickwire_notifications_queue_wait_seconds_bucket", "tickwire_cluster_members",
        "tickwire_cluster_partitions_owned", "tickwire_cluster_migrations_total",
        "jvm_memory_used_bytes", "up");

    Set<String> scraped = scrapeUsedNode(dir);
    Set<String> registered = registeredInCode();
    List<String> unknown = named.stream().filter(name -> !scraped.contains(name)
        && !registered.contains(name) && !PROMETHEUS_OWN.contains(name)).toList();
    assertThat(unknown).as("metrics named in %s and %s that nothing exports", DASHBOARD, ALERTS)
        .isEmpty();
    // Those that a used dev node does not show are all of a kind it cannot show.
    assertThat(named.stream().filter(name -> name.startsWith("tickwire_")
        && !scraped.contains(name))).allSatisfy(name -> assertThat(name).matches(
            "tickwire_(cluster_.*|prices_venue_(excluded|reconnects|gaps|malformed)_total"
                + "|prices_publish_failures_total|notifications_record_failures_total"
                + "|gateway_(conflated|dropped|rate_limited|refused)_total|tx_reorgs_total"
                + "|tx_chain_disconnects_total|tx_transitions_total)"));
  }

  @Test
  @DisplayName("pass promtool check rules and promtool test rules")
  void promtool() throws Exception {
    String promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "promtool"))
        .filter(Files::isExecutable).map(Path::toString).findFirst()
        .orElseGet(() -> Prerequisites.missing("promtool is not on the PATH (Debian: apt-get"
            + " install prometheus)", "the promtool checks of deploy/prometheus/alerts.yaml"));
    assertThat(run(promtool, "check", "rules", ALERTS.toString())).contains("SUCCESS");
    assertThat(run(promtool, "test", "rules", ALERT_TESTS.toString())).contains("SUCCESS");
  }

  /**
   * A dev node (prices, transactions, notifications) after a client connected, subscribed,
   * sent a bad frame and a request, an API publication made an alert fire and be delivered,
   * and the client left: the names on its /metrics.
   */
  private static Set<String> scrapeUsedNode(Path dir) throws Exception {
    TickwireConfig config = Main.load(LauncherTest.CONF, "dev", null,
        LaunchedNode.env(dir, Map.of()));
    try (LaunchedNode node = LaunchedNode.start(config, NodeContext.create("metrics-test"))) {
      node.node.ready().set(true);
      TestSocket socket = node.connect("?token=" + node.devToken("alice"));
      socket.subscribe("prices.BTC-USD", "user.alice");
      socket.sendText("{not json");
      socket.next(frame -> "error".equals(frame.getString("type")));
      socket.call("alerts.create", new JsonObject().put("symbol", "BTC-USD")
          .put("condition", "above").put("price", 1_000_000).put("trigger", "once"));
      Await.until("a simulated BTC price under the threshold to be aggregated", () ->
          value(node.get("/metrics").body(),
              "tickwire_prices_aggregation_latency_seconds_count") > 0);
      assertThat(node.call(HttpMethod.POST, "/api/publish", "dev", new JsonObject()
          .put("channel", "prices.BTC-USD").put("data", new JsonObject()
              .put("symbol", "BTC-USD").put("price", 2_000_000)
              .put("ts", System.currentTimeMillis())).encode()).status()).isEqualTo(200);
      socket.message("user.alice");
      Await.until("the delivery to be counted", () -> node.get("/metrics").body()
          .contains("tickwire_notifications_queue_wait_seconds_count{channel=\"websocket\""));
      socket.closeAndWait();
      Await.until("the close to be counted", () -> node.get("/metrics").body()
          .contains("tickwire_gateway_closes_total{"));
      return names(node.get("/metrics").body());
    }
  }

  /** The metric names of a Prometheus text exposition. */
  static Set<String> names(String exposition) {
    Set<String> names = new TreeSet<>();
    exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
        .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
    return names;
  }

  private static double value(String exposition, String name) {
    return exposition.lines().filter(line -> line.startsWith(name + "{")
            || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * The Prometheus names of the meters built in the main code of every module, as Micrometer's
   * Prometheus registry writes them: counters with {@code _total}, timers in seconds with their
   * histogram series, gauges as they are.
   */
  static Set<String> registeredInCode() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("modules"))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")
          && path.toString().contains("/src/main/")).toList()) {
        Matcher matcher = METER.matcher(Files.readString(file));
        while (matcher.find()) {
          String base = matcher.group(2).replace('.', '_');
          switch (matcher.group(1)) {
            case "Counter" -> names.add(base + "_total");
            case "Timer" -> Stream.of("_bucket", "_count", "_sum", "_max")
                .forEach(suffix -> names.add(base + "_seconds" + suffix));
            case "DistributionSummary" -> Stream.of("_bucket", "_count", "_sum", "_max")
                .forEach(suffix -> names.add(base + suffix));
            default -> names.add(base);
          }
        }
      }
    }
    assertThat(names).as("meters found in the code").hasSizeGreaterThan(40);
    return names;
  }

  /** Every PromQL expression, by where it is: panel targets and variables, alert rules. */
  static Map<String, List<String>> expressions() throws IOException {
    Map<String, List<String>> all = new java.util.LinkedHashMap<>();
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    for (Object item : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) item;
      JsonArray targets = panel.getJsonArray("targets", new JsonArray());
      for (int i = 0; i < targets.size(); i++) {
        all.put("panel '" + panel.getString("title") + "' " + i,
            List.of(targets.getJsonObject(i).getString("expr")));
      }
    }
    for (Object item : dashboard.getJsonObject("templating").getJsonArray("list")) {
      JsonObject variable = (JsonObject) item;
      if ("query".equals(variable.getString("type"))) {
        // label_values(metric, label): the metric.
        Matcher matcher = Pattern.compile("label_values\\((\\w+),").matcher(
            variable.getString("definition"));
        assertThat(matcher.find()).isTrue();
        all.put("variable " + variable.getString("name"), List.of(matcher.group(1)));
      }
    }
    List<String> lines = Files.readAllLines(ALERTS, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int at = line.indexOf("expr: ");
      if (at < 0) {
        continue;
      }
      String value = line.substring(at + 6).trim();
      if (value.equals("|")) {
        // A block: the lines indented deeper than the key.
        StringBuilder block = new StringBuilder();
        while (i + 1 < lines.size() && indent(lines.get(i + 1)) > at) {
          block.append(lines.get(++i).trim()).append('\n');
        }
        value = block.toString();
      }
      all.computeIfAbsent("alert rules", key -> new ArrayList<>()).add(value);
    }
    assertThat(all.get("alert rules")).hasSizeGreaterThan(15);
    return all;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return line.isBlank() ? Integer.MAX_VALUE : n;
  }

  /** The metric names in a PromQL expression. */
  static Set<String> metrics(String expr) {
    String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
        .replaceAll("\\{[^}]*\\}", " ")
        .replaceAll("\\[[^\\]]*\\]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher matcher = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(bare);
    while (matcher.find()) {
      String token = matcher.group().replaceAll("[\\s(]", "");
      boolean function = matcher.group(1) != null;
      int start = matcher.start();
      boolean variable = start > 0 && bare.charAt(start - 1) == '$';
      boolean number = start > 0 && Character.isDigit(bare.charAt(start - 1));
      if (!function && !variable && !number && !KEYWORDS.contains(token)) {
        names.add(token);
      }
    }
    return names;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(new java.io.File("."))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    return output;
  }
}
