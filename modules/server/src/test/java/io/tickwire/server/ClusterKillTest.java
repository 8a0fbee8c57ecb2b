package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.LoopbackPorts;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three launcher processes in a cluster; the member that owns the price symbol, the stream
 * channel and the user's alert rules is killed with SIGKILL (or frozen with SIGSTOP) while a
 * client on another member watches and a publisher on the third keeps publishing. Which member owns what is read from
 * the cluster itself by a Hazelcast client (it owns nothing: it is not a member).
 */
@DisplayName("A cluster of three launcher processes whose owner of the watched keys dies")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterKillTest {

  static final String SYMBOL = "BTC-USD";
  static final String PRICES = "prices." + SYMBOL;
  /** The price feed's heartbeat here: an owned symbol is published at least this often. */
  static final long PRICE_HEARTBEAT_MS = 1_000;
  /** What the cluster promises for a fail-over. */
  static final long FAILOVER_MS = 5_000;
  /** The dev profile's API key. */
  static final String API_KEY = "dev";
  static final double THRESHOLD = 10_000_000;
  static final Path LOGS = Path.of("target", "cluster-kill");
  /**
   * How often a wait looks at the other processes: their /metrics and the partition table offer
   * nothing to subscribe to.
   */
  static final Duration LOOK_EVERY = Duration.ofMillis(50);

  private final List<NodeProcess> nodes = new ArrayList<>();
  private Vertx vertx;
  private HazelcastInstance observer;
  private String dbUser;
  private String schema;

  @AfterEach
  void cleanUp() throws Exception {
    nodes.forEach(NodeProcess::close);
    if (observer != null) {
      observer.shutdown();
    }
    if (vertx != null) {
      try {
        if (schema != null) {
          TestDatabase.dropSchema(vertx, dbUser, schema);
        }
      } finally {
        Await.result(vertx.close());
      }
    }
  }

  @Test
  @DisplayName("hands the killed owner's symbol, stream channel and alert rules on within 5 s, with no message lost or repeated and the rule firing once")
  void sigkillOfTheOwner(@TempDir Path dir) throws Exception {
    ownerDies(dir, false);
  }

  @Test
  @DisplayName("does the same when the owner freezes (SIGSTOP, as a hung machine), found dead only by its missing heartbeats")
  void sigstopOfTheOwner(@TempDir Path dir) throws Exception {
    ownerDies(dir, true);
  }

  /**
   * The scenario. A killed process's sockets are closed by the kernel, so the others notice at
   * once; a frozen one keeps them open and is declared dead after {@code cluster.memberTimeoutMs}.
   */
  private void ownerDies(Path dir, boolean freeze) throws Exception {
    vertx = Vertx.vertx();
    dbUser = TestDatabase.user(vertx);
    String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    schema = "tw_kill_" + run;
    String clusterName = "kill-" + run;
    // Three member ports, then three event-bus ports.
    int[] ports = LoopbackPorts.free(6);
    int[] clusterPorts = java.util.Arrays.copyOfRange(ports, 0, 3);
    int[] eventBusPorts = java.util.Arrays.copyOfRange(ports, 3, 6);
    List<String> members = new ArrayList<>();
    for (int port : clusterPorts) {
      members.add("127.0.0.1:" + port);
    }
    for (int i = 0; i < 3; i++) {
      Path work = dir.resolve("node-" + i);
      java.nio.file.Files.createDirectories(work);
      nodes.add(NodeProcess.start("kill-" + i, clusterPorts[i], env(i, clusterName,
          clusterPorts[i], eventBusPorts[i], members, work), work,
          LOGS.resolve(run + "-node-" + i + ".log")));
    }
    Map<NodeProcess, Integer> http = new HashMap<>();
    for (NodeProcess node : nodes) {
      http.put(node, node.port(90));
    }
    observer = observer(clusterName, members);
    awaitBalanced(observer, 3);

    // The victim owns the symbol, and is made to own the user's rules and the stream channel
    // too: the user and channel names are picked by their partition's owner.
    int victimPort = ownerPort(observer, SYMBOL);
    NodeProcess victim = nodes.stream().filter(node -> node.clusterPort == victimPort)
        .findFirst().orElseThrow();
    List<NodeProcess> survivors = nodes.stream().filter(node -> node != victim).toList();
    NodeProcess watched = survivors.get(0);
    NodeProcess publishing = survivors.get(1);
    String user = ownedName(observer, victimPort, "kim", "alerts.");
    String stream = "tx." + ownedName(observer, victimPort, "0x" + "0".repeat(60), "tx.");
    observer.shutdown();
    observer = null;

    HttpClient client = vertx.createHttpClient();
    String token = get(client, http.get(watched), "/dev/token?sub=" + user).getString("token");
    Watcher watcher = Watcher.connect(vertx, http.get(watched), token, stream, "user." + user);
    watcher.subscribe(stream, PRICES, "user." + user);
    String rule = watcher.request("alerts.create", new JsonObject().put("symbol", SYMBOL)
        .put("condition", "above").put("price", THRESHOLD).put("trigger", "once"))
        .getString("id");
    // The victim evaluates the rule before it dies; the others do not.
    Await.until("the victim to index the rule", Duration.ofSeconds(10), LOOK_EVERY,
        () -> indexed(client, http.get(victim)) == 1);
    for (NodeProcess survivor : survivors) {
      assertThat(indexed(client, http.get(survivor))).as(survivor.id).isZero();
    }

    Publisher publisher = new Publisher(vertx, client, http.get(publishing), stream, run);
    publisher.start();
    Await.until("stream and prices flowing", Duration.ofSeconds(20), LOOK_EVERY,
        () -> publisher.published() >= 50 && watcher.pricesSize() >= 3);

    long killedAt = System.nanoTime();
    if (freeze) {
      victim.freeze();
    } else {
      victim.kill();
    }

    Await.until("a survivor to take the rule over", Duration.ofSeconds(20), LOOK_EVERY,
        () -> indexed(client, http.get(watched)) + indexed(client, http.get(publishing)) == 1);
    long ruleTakenOverMs = elapsedMs(killedAt);
    long observeUntil = killedAt + TimeUnit.MILLISECONDS.toNanos(FAILOVER_MS
        + PRICE_HEARTBEAT_MS + 1_000);
    Await.until("prices past the fail-over window", Duration.ofSeconds(30), LOOK_EVERY,
        () -> watcher.lastPriceAt() > observeUntil);
    int publishedAfterKill = publisher.publishedSince(killedAt);
    int lastPublished = publisher.stop();

    // Prices: the longest silence around the kill, and no seq twice.
    List<long[]> prices = watcher.pricesSnapshot();
    long longestGapMs = 0;
    long failedOverMs = -1;
    long lastBefore = Long.MIN_VALUE;
    for (int i = 1; i < prices.size(); i++) {
      long[] previous = prices.get(i - 1);
      long[] current = prices.get(i);
      assertThat(current[1]).as("price seqs strictly increase").isGreaterThan(previous[1]);
      if (current[0] > killedAt - TimeUnit.SECONDS.toNanos(2)) {
        longestGapMs = Math.max(longestGapMs, elapsedMs(previous[0], current[0]));
      }
      if (previous[0] <= killedAt && current[0] > killedAt) {
        lastBefore = previous[0];
        failedOverMs = elapsedMs(killedAt, current[0]);
      }
    }

    // The stream: every published message exactly once, in seq order, across the kill.
    long lastSeq = publisher.seq(lastPublished);
    Await.until("the last stream message", Duration.ofSeconds(15), LOOK_EVERY,
        () -> watcher.lastStreamSeq() >= lastSeq);
    List<long[]> received = watcher.streamSnapshot();
    List<Long> numbers = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    for (long[] message : received) {
      seqs.add(message[0]);
      numbers.add(message[1]);
    }
    List<Long> expectedNumbers = new ArrayList<>();
    List<Long> expectedSeqs = new ArrayList<>();
    for (int n = 1; n <= lastPublished; n++) {
      expectedNumbers.add((long) n);
      expectedSeqs.add(publisher.seq(1) + n - 1);
    }
    assertThat(numbers).as("the numbers received on %s", stream)
        .containsExactlyElementsOf(expectedNumbers);
    assertThat(seqs).as("their seqs, consecutive").containsExactlyElementsOf(expectedSeqs);
    for (int n = 1; n <= lastPublished; n++) {
      assertThat(publisher.seq(n)).as("seq answered for %d", n)
          .isEqualTo(expectedSeqs.get(n - 1));
    }

    // The rule: still listed, and fired once by its new owner.
    long crossingAt = System.nanoTime();
    publishPrice(client, http.get(publishing), 1_000);
    publishPrice(client, http.get(publishing), THRESHOLD * 2);
    JsonObject notification = watcher.userEvent("notification")
        .getJsonObject("notification");
    long firedMs = elapsedMs(crossingAt);
    assertThat(notification.getString("ruleId")).isEqualTo(rule);
    JsonArray listed = watcher.request("notifications.list", new JsonObject())
        .getJsonArray("notifications");
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getString("ruleId")).isEqualTo(rule);
    assertThat(watcher.request("alerts.list", new JsonObject()).getJsonArray("rules"))
        .extracting(r -> ((JsonObject) r).getString("id")).containsExactly(rule);
    // Whatever the user channel carries before a marker published now: no second notification.
    post(client, http.get(publishing), "/api/publish", new JsonObject()
        .put("channel", "user." + user).put("data", new JsonObject().put("event", "marker")));
    watcher.userEvent("marker");
    assertThat(watcher.notifications.get()).isEqualTo(1);
    assertThat(watcher.socket.closed).as("the watched node's socket stays open").isNotDone();

    // Within 5 s, plus up to one heartbeat before the new owner's first publication (and the
    // 50 ms between looks at /metrics).
    assertThat(longestGapMs).as("longest silence of %s around the kill (ms)", PRICES)
        .isLessThan(FAILOVER_MS + PRICE_HEARTBEAT_MS);
    assertThat(failedOverMs).as("first %s after the kill (ms)", PRICES)
        .isLessThan(FAILOVER_MS + PRICE_HEARTBEAT_MS);
    assertThat(ruleTakenOverMs).as("rule evaluated by a survivor after (ms)")
        .isLessThan(FAILOVER_MS + PRICE_HEARTBEAT_MS);
    assertThat(publishedAfterKill).as("stream messages published after the kill").isPositive();
    System.out.printf("cluster %s: rule taken over after %d ms; first %s %d ms after the"
        + " kill (%d ms after the last one before it), longest gap %d ms; longest publish %d ms"
        + " (%d failed attempts retried); %d stream messages (%d after the kill); the rule fired"
        + " %d ms after the crossing%n", freeze ? "SIGSTOP" : "SIGKILL", ruleTakenOverMs,
        PRICES, failedOverMs, elapsedMs(lastBefore, killedAt) + failedOverMs, longestGapMs,
        publisher.longestMs(), publisher.failures.get(), lastPublished, publishedAfterKill,
        firedMs);
  }

  private Map<String, String> env(int index, String clusterName, int clusterPort,
      int eventBusPort, List<String> members, Path work) {
    Map<String, String> env = new HashMap<>();
    env.put("TICKWIRE_CONF_DIR", Path.of(LauncherTest.CONF).toAbsolutePath().toString());
    env.put("TICKWIRE_NODE_ID", "kill-" + index);
    env.put("TICKWIRE_CLUSTER_ENABLED", "true");
    env.put("TICKWIRE_CLUSTER_NAME", clusterName);
    env.put("TICKWIRE_CLUSTER_HOST", "127.0.0.1");
    env.put("TICKWIRE_CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("TICKWIRE_CLUSTER_EVENT_BUS_PORT", String.valueOf(eventBusPort));
    env.put("TICKWIRE_CLUSTER_DISCOVERY", "tcp-ip");
    env.put("TICKWIRE_CLUSTER_MEMBERS", String.join(",", members));
    env.put("TICKWIRE_GATEWAY_HOST", "127.0.0.1");
    env.put("TICKWIRE_GATEWAY_PORT", "0");
    env.put("TICKWIRE_GATEWAY_INSTANCES", "1");
    env.put("TICKWIRE_PRICES_SYMBOLS", SYMBOL + ",ETH-USD");
    env.put("TICKWIRE_PRICES_HEARTBEAT_MS", String.valueOf(PRICE_HEARTBEAT_MS));
    env.put("TICKWIRE_TRANSACTIONS_ENABLED", "false");
    env.put("TICKWIRE_TRANSACTIONS_STORE_PATH", work.resolve("watch.json").toString());
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_KIND", "postgres");
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_POSTGRES_HOST", TestDatabase.HOST);
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_POSTGRES_PORT", String.valueOf(TestDatabase.PORT));
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_POSTGRES_DATABASE", TestDatabase.DATABASE);
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_POSTGRES_USER", dbUser);
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_POSTGRES_SCHEMA", schema);
    env.put("TICKWIRE_NOTIFICATIONS_STORAGE_POOL_SIZE", "2");
    return env;
  }

  /** A Hazelcast client of the cluster: it reads the partition table and owns nothing. */
  private static HazelcastInstance observer(String clusterName, List<String> members) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setAddresses(members);
    config.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(30_000);
    return HazelcastClient.newHazelcastClient(config);
  }

  /** Waits until all members joined and the partitions are spread over them. */
  private static void awaitBalanced(HazelcastInstance observer, int members) {
    Await.until(members + " members sharing the partitions", Duration.ofSeconds(60), LOOK_EVERY,
        () -> balanced(observer, members));
  }

  private static boolean balanced(HazelcastInstance observer, int members) {
    if (observer.getCluster().getMembers().size() != members) {
      return false;
    }
    Map<Member, Integer> owned = new HashMap<>();
    int partitions = 0;
    for (Partition partition : observer.getPartitionService().getPartitions()) {
      partitions++;
      if (partition.getOwner() != null) {
        owned.merge(partition.getOwner(), 1, Integer::sum);
      }
    }
    int fair = partitions / members;
    return owned.size() == members && owned.values().stream().allMatch(n -> n >= fair - 1);
  }

  private static int ownerPort(HazelcastInstance observer, String key) {
    Member owner = observer.getPartitionService().getPartition(key).getOwner();
    assertThat(owner).as("owner of %s", key).isNotNull();
    return owner.getAddress().getPort();
  }

  /**
   * The first {@code base<i>} ({@code i} in four digits) whose key {@code keyPrefix + name} the
   * member at the port owns.
   */
  private static String ownedName(HazelcastInstance observer, int port, String base,
      String keyPrefix) {
    for (int i = 0; i < 10_000; i++) {
      String name = base + String.format("%04d", i);
      if (ownerPort(observer, keyPrefix + name) == port) {
        return name;
      }
    }
    throw new AssertionError("no name owned by the member on port " + port);
  }

  private static long elapsedMs(long since) {
    return elapsedMs(since, System.nanoTime());
  }

  private static long elapsedMs(long since, long until) {
    return TimeUnit.NANOSECONDS.toMillis(until - since);
  }

  /** Active rules in the node's evaluator, from its /metrics. */
  private static int indexed(HttpClient client, int port) {
    String text = send(client, port, HttpMethod.GET, "/metrics", null, null, 200);
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("tickwire_notifications_rules_indexed")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (int) sum;
  }

  private static void publishPrice(HttpClient client, int port, double price) {
    post(client, port, "/api/publish", new JsonObject().put("channel", PRICES)
        .put("data", new JsonObject().put("symbol", SYMBOL).put("price", price)
            .put("ts", System.currentTimeMillis())));
  }

  private static JsonObject get(HttpClient client, int port, String path) {
    return new JsonObject(send(client, port, HttpMethod.GET, path, null, null, 200));
  }

  private static JsonObject post(HttpClient client, int port, String path, JsonObject body) {
    return new JsonObject(send(client, port, HttpMethod.POST, path, API_KEY, body, 200));
  }

  private static String send(HttpClient client, int port, HttpMethod method, String path,
      String apiKey, JsonObject body, int status) {
    try {
      return request(client, port, method, path, apiKey, body).map(response -> {
        if (response.status() != status) {
          throw new AssertionError(method + " " + path + " answered " + response.status()
              + ": " + response.body());
        }
        return response.body();
      }).await(15, TimeUnit.SECONDS);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(method + " " + path + " failed: " + e, e);
    }
  }

  record Answer(int status, String body) {
  }

  static Future<Answer> request(HttpClient client, int port, HttpMethod method, String path,
      String apiKey, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(port).setURI(path).setIdleTimeout(10_000);
    if (apiKey != null) {
      options.putHeader("Authorization", "ApiKey " + apiKey);
    }
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body().map(text -> new Answer(response.statusCode(),
            text.toString())));
  }

  /**
   * Publishes numbered messages ({@code {"n": 1}}, 2, …) to one channel, one at a time, every
   * 20 ms; a publication whose outcome is unknown (an error, a timeout) is sent again with the
   * same idempotency key until it is answered, so each number is published once.
   */
  static final class Publisher {

    private final Vertx vertx;
    private final HttpClient client;
    private final int port;
    private final String channel;
    private final String run;
    private final Map<Integer, Long> seqs = new ConcurrentHashMap<>();
    private final Map<Integer, Long> answeredAt = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong longestNanos = new AtomicLong();
    private final CompletableFuture<Integer> stopped = new CompletableFuture<>();
    private volatile boolean stopping;

    Publisher(Vertx vertx, HttpClient client, int port, String channel, String run) {
      this.vertx = vertx;
      this.client = client;
      this.port = port;
      this.channel = channel;
      this.run = run;
    }

    void start() {
      vertx.runOnContext(ignored -> publish(1, System.nanoTime()));
    }

    private void publish(int n, long firstTry) {
      JsonObject body = new JsonObject().put("channel", channel)
          .put("data", new JsonObject().put("n", n)).put("idempotencyKey", run + "-" + n);
      request(client, port, HttpMethod.POST, "/api/publish", API_KEY, body).onComplete(
          answer -> {
            if (answer.status() != 200) {
              retry(n, firstTry, answer.status() + " " + answer.body());
              return;
            }
            long now = System.nanoTime();
            seqs.put(n, new JsonObject(answer.body()).getLong("seq"));
            answeredAt.put(n, now);
            longestNanos.accumulateAndGet(now - firstTry, Math::max);
            if (stopping) {
              stopped.complete(n);
            } else {
              vertx.setTimer(20, t -> publish(n + 1, System.nanoTime()));
            }
          }, failure -> retry(n, firstTry, failure.toString()));
    }

    private void retry(int n, long firstTry, String why) {
      failures.incrementAndGet();
      if (System.nanoTime() - firstTry > TimeUnit.SECONDS.toNanos(30)) {
        stopped.completeExceptionally(new AssertionError("message " + n
            + " could not be published in 30 s: " + why));
        return;
      }
      vertx.setTimer(100, t -> publish(n, firstTry));
    }

    int published() {
      return seqs.size();
    }

    int publishedSince(long nanos) {
      return (int) answeredAt.values().stream().filter(at -> at > nanos).count();
    }

    long seq(int n) {
      Long seq = seqs.get(n);
      assertThat(seq).as("seq of published message %d", n).isNotNull();
      return seq;
    }

    long longestMs() {
      return TimeUnit.NANOSECONDS.toMillis(longestNanos.get());
    }

    /** Stops after the publication in flight; answers the last number published. */
    int stop() throws Exception {
      stopping = true;
      return stopped.get(40, TimeUnit.SECONDS);
    }
  }

  /**
   * A WebSocket client that records, as they arrive, the seqs of the price channel and the
   * seqs and numbers of the stream channel, and counts the notifications of the user channel.
   */
  static final class Watcher {

    final TestSocket socket;
    private final String stream;
    private final String userChannel;
    private final List<long[]> prices = new ArrayList<>();
    private final List<long[]> streamed = new ArrayList<>();
    private final AtomicInteger notifications = new AtomicInteger();

    private Watcher(TestSocket socket, String stream, String userChannel) {
      this.socket = socket;
      this.stream = stream;
      this.userChannel = userChannel;
      socket.tap(this::arrived);
    }

    static Watcher connect(Vertx vertx, int port, String token, String stream,
        String userChannel) {
      TestSocket socket = TestSocket.connect(vertx, vertx.createWebSocketClient(),
          new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
              .setURI("/ws?token=" + token));
      return new Watcher(socket, stream, userChannel);
    }

    /** On the socket's event loop, as each frame arrives. */
    private void arrived(JsonObject frame) {
      if (!"message".equals(frame.getString("type"))) {
        return;
      }
      String channel = frame.getString("channel");
      long now = System.nanoTime();
      if (channel.equals(PRICES)) {
        synchronized (prices) {
          prices.add(new long[] {now, frame.getLong("seq")});
        }
      } else if (channel.equals(stream)) {
        synchronized (streamed) {
          streamed.add(new long[] {frame.getLong("seq"),
              frame.getJsonObject("data").getLong("n"), now});
        }
      } else if (channel.equals(userChannel)
          && "notification".equals(frame.getJsonObject("data").getString("event"))) {
        notifications.incrementAndGet();
      }
    }

    void subscribe(String... channels) {
      socket.subscribeAll(channels);
    }

    JsonObject request(String method, JsonObject data) {
      return socket.call(method, data);
    }

    /** The data of the next message on the user channel whose data has this {@code event}. */
    JsonObject userEvent(String event) {
      return socket.until(frame -> "message".equals(frame.getString("type"))
          && userChannel.equals(frame.getString("channel"))
          && event.equals(frame.getJsonObject("data").getString("event")))
          .getJsonObject("data");
    }

    List<long[]> pricesSnapshot() {
      synchronized (prices) {
        return List.copyOf(prices);
      }
    }

    int pricesSize() {
      synchronized (prices) {
        return prices.size();
      }
    }

    long lastPriceAt() {
      synchronized (prices) {
        return prices.isEmpty() ? Long.MIN_VALUE : prices.get(prices.size() - 1)[0];
      }
    }

    List<long[]> streamSnapshot() {
      synchronized (streamed) {
        return List.copyOf(streamed);
      }
    }

    long lastStreamSeq() {
      synchronized (streamed) {
        return streamed.isEmpty() ? 0 : streamed.get(streamed.size() - 1)[0];
      }
    }
  }
}
