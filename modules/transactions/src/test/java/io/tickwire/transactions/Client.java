package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test's WebSocket client: channel messages sorted by channel (each in order), every other
 * frame in one queue.
 */
final class Client {

  static final long WAIT_SECONDS = 20;
  private static final AtomicInteger IDS = new AtomicInteger();

  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Map<String, BlockingQueue<JsonObject>> channels = new ConcurrentHashMap<>();

  Client(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      if ("message".equals(frame.getString("type"))) {
        queue(frame.getString("channel")).add(frame);
      } else {
        frames.add(frame);
      }
    });
  }

  private BlockingQueue<JsonObject> queue(String channel) {
    return channels.computeIfAbsent(channel, ignored -> new LinkedBlockingQueue<>());
  }

  /** The next frame that is not a channel message. */
  JsonObject next() {
    return poll(frames, "a frame");
  }

  /** The data of the next message of {@code channel}. */
  JsonObject next(String channel) {
    return poll(queue(channel), "a message on " + channel).getJsonObject("data");
  }

  /** Skips messages of {@code channel} until one's data matches. */
  JsonObject until(String channel, Predicate<JsonObject> match) {
    while (true) {
      JsonObject data = next(channel);
      if (match.test(data)) {
        return data;
      }
    }
  }

  /** The next transition of {@code hash} on {@code channel}, skipping anything else. */
  JsonObject transition(String channel, String hash) {
    return until(channel, data -> "transition".equals(data.getString("type"))
        && hash.equals(data.getString("hash")));
  }

  JsonObject subscribe(String... names) {
    String id = "s" + IDS.incrementAndGet();
    send(new JsonObject().put("type", "subscribe").put("id", id)
        .put("channels", new JsonArray(List.of(names))));
    JsonObject subscribed = until(frame -> id.equals(frame.getString("id"))
        && "subscribed".equals(frame.getString("type")));
    assertThat(subscribed.getJsonArray("channels")).hasSize(names.length);
    return subscribed;
  }

  /** Sends a request; answers its {@code response} or {@code error} frame. */
  JsonObject request(String method, JsonObject data) {
    String id = ask(method, data);
    return until(frame -> id.equals(frame.getString("id")));
  }

  /** Sends a request without waiting; answers its id (the answer comes as a {@link #next()}). */
  String ask(String method, JsonObject data) {
    String id = "r" + IDS.incrementAndGet();
    send(new JsonObject().put("type", "request").put("id", id).put("method", method)
        .put("data", data));
    return id;
  }

  /** A request that must succeed; answers its data. */
  JsonObject call(String method, JsonObject data) {
    JsonObject answer = request(method, data);
    assertThat(answer.getString("type")).as("answer to %s: %s", method, answer).isEqualTo("response");
    return answer.getJsonObject("data");
  }

  /** A request that must fail; answers the error code. */
  String refused(String method, JsonObject data) {
    JsonObject answer = request(method, data);
    assertThat(answer.getString("type")).as("answer to %s: %s", method, answer).isEqualTo("error");
    return answer.getString("code");
  }

  private JsonObject until(Predicate<JsonObject> match) {
    while (true) {
      JsonObject frame = next();
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  private void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  void close() {
    ws.close();
  }

  private static JsonObject poll(BlockingQueue<JsonObject> queue, String what) {
    try {
      JsonObject frame = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no " + what + " within " + WAIT_SECONDS + " s");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
