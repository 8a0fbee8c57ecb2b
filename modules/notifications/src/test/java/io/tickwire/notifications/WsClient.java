package io.tickwire.notifications;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A test's WebSocket client: the frames it received, in order, and requests by id. */
final class WsClient implements AutoCloseable {

  static final long WAIT_SECONDS = 15;
  private static final AtomicInteger IDS = new AtomicInteger();

  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  WsClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
  }

  JsonObject next() {
    try {
      JsonObject frame = frames.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + WAIT_SECONDS + " s");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  JsonObject next(String type) {
    JsonObject frame = next();
    if (!type.equals(frame.getString("type"))) {
      throw new AssertionError("expected a '" + type + "' frame, got " + frame.encode());
    }
    return frame;
  }

  /** Skips frames until one matches. */
  JsonObject until(Predicate<JsonObject> match) {
    while (true) {
      JsonObject frame = next();
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** Subscribes to {@code channel} and waits for {@code subscribed}. */
  void subscribe(String channel) {
    subscribe(channel, null);
  }

  /**
   * Subscribes to {@code channel} resuming after {@code since} ({@code {seq, epoch}}, or null)
   * and answers the {@code subscribed} frame.
   */
  JsonObject subscribe(String channel, JsonObject since) {
    String id = "s" + IDS.incrementAndGet();
    JsonObject frame = new JsonObject().put("type", "subscribe").put("id", id)
        .put("channels", new JsonArray().add(channel));
    if (since != null) {
      frame.put("since", new JsonObject().put(channel, since));
    }
    ws.writeTextMessage(frame.encode());
    JsonObject answer = until(received -> id.equals(received.getString("id")));
    if (!"subscribed".equals(answer.getString("type"))) {
      throw new AssertionError("subscribe refused: " + answer.encode());
    }
    return answer;
  }

  /** Sends a request; answers its {@code response} or {@code error} frame. */
  JsonObject call(String method, JsonObject data) {
    String id = "r" + IDS.incrementAndGet();
    ws.writeTextMessage(new JsonObject().put("type", "request").put("id", id)
        .put("method", method).put("data", data).encode());
    return until(frame -> id.equals(frame.getString("id")));
  }

  /** Sends a request that must succeed; answers its data. */
  JsonObject ok(String method, JsonObject data) {
    JsonObject answer = call(method, data);
    if (!"response".equals(answer.getString("type"))) {
      throw new AssertionError(method + " failed: " + answer.encode());
    }
    return answer.getJsonObject("data");
  }

  /** The next message frame on the user channel whose data has {@code event}. */
  JsonObject message(String event) {
    return until(frame -> "message".equals(frame.getString("type"))
        && event.equals(frame.getJsonObject("data").getString("event")));
  }

  /** The data of the next message on the user channel whose data has {@code event}. */
  JsonObject event(String event) {
    return message(event).getJsonObject("data");
  }

  /** The next notification on the user channel. */
  JsonObject notification() {
    return event("notification").getJsonObject("notification");
  }

  /** Every frame received before the answer to a ping sent now. */
  List<JsonObject> drain() {
    String id = "p" + IDS.incrementAndGet();
    ws.writeTextMessage(new JsonObject().put("type", "ping").put("id", id).encode());
    List<JsonObject> before = new ArrayList<>();
    while (true) {
      JsonObject frame = next();
      if ("pong".equals(frame.getString("type")) && id.equals(frame.getString("id"))) {
        return before;
      }
      before.add(frame);
    }
  }

  /** Closes the connection and waits until it is closed. */
  void closeAndWait() {
    AlertsNode.await(ws.close());
  }

  @Override
  public void close() {
    ws.close();
  }
}
