package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The batch publisher: arrays through POST /api/publish, every entry of every answer counted")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchPublisherTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close());
  }

  /**
   * A publish endpoint that answers an array with one entry per message, in order: a seq per
   * channel, or {@code forbidden} for a channel named {@code *.c1}; an array of {@code refuseAt}
   * messages or more is refused whole with 413.
   */
  private int server(int refuseAt, AtomicLong messages, AtomicInteger batches,
      AtomicInteger wrongKey) throws Exception {
    ConcurrentHashMap<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    return Await.result(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (!"ApiKey bench-key".equals(request.getHeader("Authorization"))) {
        wrongKey.incrementAndGet();
      }
      JsonArray batch = body.toJsonArray();
      batches.incrementAndGet();
      if (batch.size() >= refuseAt) {
        request.response().setStatusCode(413).end(new JsonObject().put("code", "too_large")
            .put("message", "too many").encode());
        return;
      }
      JsonArray answer = new JsonArray();
      for (int i = 0; i < batch.size(); i++) {
        String channel = batch.getJsonObject(i).getString("channel");
        messages.incrementAndGet();
        answer.add(channel.endsWith(".c1")
            ? new JsonObject().put("channel", channel).put("code", "forbidden")
                .put("message", "no")
            : new JsonObject().put("channel", channel)
                .put("seq", seqs.computeIfAbsent(channel, c -> new AtomicLong()).incrementAndGet())
                .put("epoch", "e1"));
      }
      request.response().end(answer.toBuffer());
    })).listen(0, "127.0.0.1")).actualPort();
  }

  @Test
  @DisplayName("counts each message answered with a seq as published and each error under its code")
  void counts() throws Exception {
    AtomicLong messages = new AtomicLong();
    AtomicInteger batches = new AtomicInteger();
    AtomicInteger wrongKey = new AtomicInteger();
    int port = server(Integer.MAX_VALUE, messages, batches, wrongKey);
    JsonObject result;
    try (BatchPublisher publisher = new BatchPublisher(4, 10, 2, 2, "bench-key")) {
      result = publisher.run(port, List.of("b.c0", "b.c1", "b.c2", "b.c3"), 0.5, 7);
    }
    long total = result.getLong("published") + result.getLong("failed");
    assertThat(result.getLong("batches")).isEqualTo(batches.get()).isPositive();
    assertThat(total).isEqualTo(10L * batches.get()).isEqualTo(messages.get());
    // Round robin over four channels from the first: messages 1, 5, 9… go to the refused one.
    long refused = (total + 2) / 4;
    assertThat(result.getLong("failed")).isEqualTo(refused);
    assertThat(result.getJsonObject("errors").getLong("forbidden")).isEqualTo(refused);
    assertThat(result.getDouble("rate")).isEqualTo(
        (double) Math.round(result.getLong("published") / result.getDouble("seconds")));
    assertThat(result.getJsonObject("publishMs").getLong("count")).isEqualTo(batches.get());
    assertThat(wrongKey.get()).isZero();
  }

  @Test
  @DisplayName("a batch refused whole counts every message of it as failed, under its status")
  void refused() throws Exception {
    AtomicLong messages = new AtomicLong();
    AtomicInteger batches = new AtomicInteger();
    int port = server(5, messages, batches, new AtomicInteger());
    JsonObject result;
    try (BatchPublisher publisher = new BatchPublisher(4, 10, 1, 1, "bench-key")) {
      result = publisher.run(port, List.of("b.c0"), 0.3, 8);
    }
    assertThat(result.getLong("published")).isZero();
    assertThat(result.getLong("failed")).isEqualTo(10L * batches.get()).isPositive();
    assertThat(result.getJsonObject("errors").fieldNames()).containsExactly("413");
  }

  @Test
  @DisplayName("an answer that is not one entry per message, in a list, does not count as published")
  void answers() {
    assertThat(new BatchPublisher.Answer(200, Buffer.buffer("[{\"seq\":1},{\"seq\":2}]"))
        .entries(2)).hasSize(2);
    assertThat(new BatchPublisher.Answer(200, Buffer.buffer("[{\"seq\":1}]")).entries(2))
        .isNull();
    assertThat(new BatchPublisher.Answer(200, Buffer.buffer("{\"seq\":1}")).entries(1)).isNull();
    assertThat(new BatchPublisher.Answer(200, Buffer.buffer("[1,2]")).entries(2)).isNull();
    assertThat(new BatchPublisher.Answer(400, Buffer.buffer("[{\"seq\":1}]")).entries(1))
        .isNull();
  }
}
