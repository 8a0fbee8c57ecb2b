package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.tickwire.gateway.api.HttpApi;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Publishing through the HTTP API: batches, and publishers on every event loop at once")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PublishPathTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("a batch is answered in order, one answer per message; a refused one stops nothing")
  void batch() {
    TestSocket socket = node.connect();
    socket.subscribe("tx.batch-a", "tx.batch-b");
    JsonArray batch = new JsonArray()
        .add(message("tx.batch-a", 1))
        .add(message("nope.x", 2))
        .add(message("tx.batch-b", 3))
        .add(new JsonObject().put("channel", "tx.batch-a"))
        .add(42)
        .add(message("tx.bad key", 4))
        .add(message("tx.batch-a", 5).put("idempotencyKey", 7))
        .add(message("tx.batch-a", 6));
    GatewayFixture.Response response = post(batch.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonArray answers = new JsonArray(response.body());
    assertThat(answers).hasSize(batch.size());

    JsonObject first = answers.getJsonObject(0);
    assertThat(first.fieldNames()).containsExactlyInAnyOrder("channel", "seq", "epoch");
    assertThat(first.getString("channel")).isEqualTo("tx.batch-a");
    assertRefused(answers.getJsonObject(1), "nope.x", "not_found");
    assertThat(answers.getJsonObject(2).getString("channel")).isEqualTo("tx.batch-b");
    assertThat(answers.getJsonObject(2).getLong("seq")).isPositive();
    assertRefused(answers.getJsonObject(3), "tx.batch-a", "bad_request");
    assertThat(answers.getJsonObject(3).getString("message")).contains("'data'");
    assertRefused(answers.getJsonObject(4), null, "bad_request");
    assertThat(answers.getJsonObject(4).getString("message")).contains("message 4");
    assertRefused(answers.getJsonObject(5), "tx.bad key", "bad_request");
    assertRefused(answers.getJsonObject(6), "tx.batch-a", "bad_request");
    assertThat(answers.getJsonObject(6).getString("message")).contains("idempotencyKey");
    assertThat(answers.getJsonObject(7).getLong("seq")).isEqualTo(first.getLong("seq") + 1);

    List<JsonObject> received = socket.drain();
    assertThat(received).extracting(frame -> frame.getString("channel") + "#"
            + frame.getInteger("data"))
        .containsExactly("tx.batch-a#1", "tx.batch-b#3", "tx.batch-a#6");
    socket.close();
  }

  @Test
  @DisplayName("an idempotency key repeated in a batch publishes once and answers the first")
  void idempotentBatch() {
    TestSocket socket = node.connect();
    socket.subscribe("tx.batch-idem");
    JsonArray batch = new JsonArray()
        .add(message("tx.batch-idem", 1).put("idempotencyKey", "k1"))
        .add(message("tx.batch-idem", 2).put("idempotencyKey", "k1"))
        .add(message("tx.batch-idem", 3).put("idempotencyKey", "k2"));
    JsonArray answers = new JsonArray(post(batch.encode()).body());
    assertThat(answers.getJsonObject(1)).isEqualTo(answers.getJsonObject(0));
    assertThat(answers.getJsonObject(2).getLong("seq"))
        .isEqualTo(answers.getJsonObject(0).getLong("seq") + 1);
    assertThat(socket.drain()).extracting(frame -> frame.getInteger("data")).containsExactly(1, 3);
    socket.close();
  }

  @Test
  @DisplayName("a batch of 1,000 passes; 1,001 messages or none is one 400 and publishes nothing")
  void batchLimits() {
    TestSocket socket = node.connect();
    socket.subscribe("tx.batch-limit");
    JsonArray full = new JsonArray();
    for (int i = 0; i < HttpApi.MAX_BATCH; i++) {
      full.add(message("tx.batch-limit", i));
    }
    JsonArray answers = new JsonArray(post(full.encode()).body());
    assertThat(answers).hasSize(HttpApi.MAX_BATCH);
    assertThat(answers.getJsonObject(HttpApi.MAX_BATCH - 1).getLong("seq"))
        .isEqualTo(answers.getJsonObject(0).getLong("seq") + HttpApi.MAX_BATCH - 1);
    assertThat(socket.drain()).hasSize(HttpApi.MAX_BATCH);

    JsonArray over = full.copy().add(message("tx.batch-limit", -1));
    GatewayFixture.Response refused = post(over.encode());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getString("code")).isEqualTo("bad_request");
    assertThat(refused.json().getString("message")).contains("1 to 1000").contains("1001");
    assertThat(post("[]").status()).isEqualTo(400);
    assertThat(socket.drain()).isEmpty();
    socket.close();
  }

  @Test
  @DisplayName("publishers on several connections at once: every seq once, delivered in seq order")
  void concurrentPublishers() throws Exception {
    TestSocket socket = node.connect();
    socket.subscribe("tx.racing");
    int publishers = 8;
    int each = 60;
    ExecutorService pool = Executors.newFixedThreadPool(publishers);
    try {
      List<Future<List<Long>>> work = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        int publisher = p;
        work.add(pool.submit(() -> {
          List<Long> seqs = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            // Every third call a batch of two, so batches interleave with single publications.
            if (i % 3 == 0) {
              JsonArray answers = new JsonArray(post(new JsonArray()
                  .add(message("tx.racing", publisher * 1000 + i))
                  .add(message("tx.racing", publisher * 1000 + i + 500)).encode()).body());
              answers.forEach(answer -> seqs.add(((JsonObject) answer).getLong("seq")));
            } else {
              seqs.add(node.publish("tx.racing", publisher * 1000 + i).getLong("seq"));
            }
          }
          return seqs;
        }));
      }
      Set<Long> answered = new HashSet<>();
      int total = 0;
      for (Future<List<Long>> result : work) {
        List<Long> seqs = result.get(60, TimeUnit.SECONDS);
        total += seqs.size();
        answered.addAll(seqs);
      }
      assertThat(answered).as("every answer a different seq").hasSize(total);
      List<Long> delivered = new ArrayList<>();
      while (delivered.size() < total) {
        delivered.add(socket.next("message").getLong("seq"));
      }
      long first = delivered.get(0);
      for (int i = 0; i < delivered.size(); i++) {
        assertThat(delivered.get(i)).as("message %d in seq order, no gap", i).isEqualTo(first + i);
      }
      assertThat(answered).containsAll(delivered);
    } finally {
      pool.shutdownNow();
    }
    socket.close();
  }

  @Test
  @DisplayName("one idempotency key published from several connections at once publishes once")
  void concurrentIdempotency() throws Exception {
    TestSocket socket = node.connect();
    socket.subscribe("tx.racing-key");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonObject>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        answers.add(pool.submit(() -> new JsonObject(post(message("tx.racing-key", n)
            .put("idempotencyKey", "once").encode()).body())));
      }
      Set<JsonObject> distinct = new HashSet<>();
      for (Future<JsonObject> answer : answers) {
        distinct.add(answer.get(30, TimeUnit.SECONDS));
      }
      assertThat(distinct).hasSize(1);
      assertThat(socket.drain()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    socket.close();
  }

  private static void assertRefused(JsonObject answer, String channel, String code) {
    assertThat(answer.getString("channel")).isEqualTo(channel);
    assertThat(answer.getString("code")).isEqualTo(code);
    assertThat(answer.getString("message")).isNotBlank();
    assertThat(answer.containsKey("seq")).isFalse();
  }

  private static JsonObject message(String channel, Object data) {
    return new JsonObject().put("channel", channel).put("data", data);
  }

  private static GatewayFixture.Response post(String body) {
    return node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY, body);
  }
}
