package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Channel state of a single node, against hostile clients")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChannelStateBoundsTest {

  /** The shipped patterns of conf/dev.json and conf/production.json. */
  static final String TX_PATTERN = "0x[0-9a-f]{64}";
  static final String WALLET_PATTERN = "0x[0-9a-f]{40}";
  static final String PRICES_PATTERN = "[A-Z0-9]{2,10}-[A-Z0-9]{2,10}";
  /** Names per subscribe frame: under gateway.maxSubscriptions. */
  static final int BATCH = 250;

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> {
      JsonObject namespaces = json.getJsonObject("namespaces");
      namespaces.getJsonObject("tx").put("keyPattern", TX_PATTERN);
      namespaces.getJsonObject("wallet").put("keyPattern", WALLET_PATTERN);
      namespaces.getJsonObject("prices").put("keyPattern", PRICES_PATTERN);
      // The frames of this test come faster than a person's; the limit is not what is tested.
      json.getJsonObject("gateway").put("rateLimit", new JsonObject().put("framesPerSec", 1_000)
          .put("burst", 1_000));
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("20,000 subscribes and unsubscribes of unseen names from one socket leave the retained gauge where it was")
  void unseenNames() {
    TestSocket socket = node.connect();
    double before = retained();
    long start = System.nanoTime();
    double peak = before;
    for (int round = 0; round < 20_000 / BATCH; round++) {
      List<String> names = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        names.add("tx.0x" + hex(32));
      }
      JsonObject subscribed = socket.subscribe(names.toArray(String[]::new));
      assertThat(subscribed.getJsonArray("channels")).hasSize(BATCH);
      // The releases of the round before are queued on the channel log ahead of these
      // recoveries: at most one round's names hold state at a time.
      peak = Math.max(peak, retained());
      socket.unsubscribe(names);
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(peak).isLessThanOrEqualTo(before + BATCH);
    Await.until("the names released", () -> retained() == before);
    // How fast is the benchmark's question: on a loaded machine any bound here measures the load.
    System.out.println("20,000 unseen names took " + tookMs + " ms");
    assertThat(node.node.registry().scrape()).contains("tickwire_channels_retained");
    socket.close();
  }

  @Test
  @DisplayName("keeps a channel with retained history after its subscribers left, and numbers on from its seq")
  void historyKeepsState() {
    String channel = "tx.0x" + hex(32);
    TestSocket socket = node.connect();
    JsonObject granted = socket.subscribe(channel).getJsonArray("channels").getJsonObject(0);
    JsonObject first = node.publish(channel, new JsonObject().put("n", 1));
    assertThat(first.getString("epoch")).isEqualTo(granted.getString("epoch"));
    socket.close();

    // Its subscriber gone, the channel still retains its message: same epoch, next seq, and a
    // resume from seq 0 recovers exactly the message.
    JsonObject second = node.publish(channel, new JsonObject().put("n", 2));
    assertThat(second.getLong("seq")).isEqualTo(2L);
    assertThat(second.getString("epoch")).isEqualTo(first.getString("epoch"));
    TestSocket resumed = node.connect();
    JsonObject answer = resumed.subscribe(new JsonObject().put(channel, new JsonObject()
        .put("seq", 0).put("epoch", first.getString("epoch"))), channel)
        .getJsonArray("channels").getJsonObject(0);
    assertThat(answer.getBoolean("recovered")).isTrue();
    assertThat(resumed.next("message").getLong("seq")).isEqualTo(1L);
    assertThat(resumed.next("message").getLong("seq")).isEqualTo(2L);
    resumed.close();
  }

  @Test
  @DisplayName("answers names that do not match their namespace's keyPattern with bad_request and keeps nothing")
  void keyPattern() {
    double before = retained();
    TestSocket socket = node.connect();
    String id = TestSocket.newId();
    String good = "tx.0x" + hex(32);
    List<String> bad = List.of("tx.anything", "tx.0x" + hex(32).toUpperCase(), "tx.0x" + hex(31),
        "wallet.0x" + hex(21), "prices.btc-usd", "prices.X");
    List<String> all = new ArrayList<>(bad);
    all.add(good);
    socket.send(new JsonObject().put("type", "subscribe").put("id", id)
        .put("channels", new JsonArray(all)));
    JsonObject subscribed = socket.until(frame -> "subscribed".equals(frame.getString("type")));
    assertThat(subscribed.getJsonArray("channels")).hasSize(1);
    assertThat(subscribed.getJsonArray("channels").getJsonObject(0).getString("channel"))
        .isEqualTo(good);
    // The one answer to the frame lists each refusal with its channel and code.
    List<String> refused = new ArrayList<>();
    subscribed.getJsonArray("errors").forEach(item -> refused.add(
        ((JsonObject) item).getString("channel") + ":" + ((JsonObject) item).getString("code")));
    assertThat(refused).containsExactlyInAnyOrderElementsOf(
        bad.stream().map(name -> name + ":bad_request").toList());
    socket.close();

    GatewayFixture.Response publish = node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
        new JsonObject().put("channel", "tx.anything").put("data", 1).encode());
    assertThat(publish.status()).isEqualTo(400);
    assertThat(publish.json().getString("code")).isEqualTo("bad_request");
    assertThat(publish.json().getString("message")).contains(TX_PATTERN);

    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(node.port).setURI("/sse?channels=tx.anything," + good);
    SseClient sse = Await.result(node.onEventLoop(() -> node.http.request(options)
        .compose(request -> request.send()).map(SseClient::new)));
    sse.next("welcome");
    JsonObject sseSubscribed = sse.next("subscribed").json();
    assertThat(sseSubscribed.getJsonArray("channels")).hasSize(1);
    JsonObject error = sseSubscribed.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("channel")).isEqualTo("tx.anything");
    assertThat(error.getString("code")).isEqualTo("bad_request");
    sse.close();
    Await.until("the names released", () -> retained() == before);
  }

  @Test
  @DisplayName("scopes idempotency keys to the channel: one key on two channels publishes and delivers both, the same key on one channel answers the first")
  void idempotencyPerChannel() {
    String a = "tx.0x" + hex(32);
    String b = "tx.0x" + hex(32);
    TestSocket socket = node.connect();
    socket.subscribe(a, b);
    JsonObject onA = publish(a, 1, "order-7");
    JsonObject onB = publish(b, 2, "order-7");
    assertThat(onA.getString("channel")).isEqualTo(a);
    assertThat(onB.getString("channel")).isEqualTo(b);
    assertThat(onB.getLong("seq")).isEqualTo(1L);
    List<String> delivered = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      JsonObject message = socket.next("message");
      delivered.add(message.getString("channel") + "#" + message.getJsonObject("data")
          .getInteger("n"));
    }
    assertThat(delivered).containsExactlyInAnyOrder(a + "#1", b + "#2");

    JsonObject again = publish(a, 3, "order-7");
    assertThat(again).isEqualTo(onA);
    assertThat(socket.drain()).isEmpty();
    socket.close();
  }

  private static JsonObject publish(String channel, int n, String key) {
    GatewayFixture.Response response = node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
        new JsonObject().put("channel", channel).put("data", new JsonObject().put("n", n))
            .put("idempotencyKey", key).encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  static double retained() {
    Gauge gauge = node.node.registry().find("tickwire.channels.retained").gauge();
    assertThat(gauge).as("gauge tickwire.channels.retained").isNotNull();
    return gauge.value();
  }

  static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
