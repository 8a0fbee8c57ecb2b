package io.tickwire.testkit.core;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A test's WebSocket client: frames received in order, and how the connection closed. */
public final class TestSocket {

  private static final AtomicInteger IDS = new AtomicInteger();
  public static final long WAIT_SECONDS = 15;

  public final WebSocket ws;
  public final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  public JsonObject welcome;

  public TestSocket(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
    ws.closeHandler(ignored -> closed.complete(
        ws.closeStatusCode() == null ? 1006 : (int) ws.closeStatusCode()));
  }

  public static String newId() {
    return "t" + IDS.incrementAndGet();
  }

  public void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  /** The next frame, whatever it is. */
  public JsonObject next() {
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

  /** The next frame, which must be of {@code type}. */
  public JsonObject next(String type) {
    JsonObject frame = next();
    if (!type.equals(frame.getString("type"))) {
      throw new AssertionError("expected a '" + type + "' frame, got " + frame.encode());
    }
    return frame;
  }

  /** Skips frames until one matches. */
  public JsonObject until(Predicate<JsonObject> match) {
    while (true) {
      JsonObject frame = next();
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** Subscribes and answers the {@code subscribed} frame (errors before it are collected). */
  public JsonObject subscribe(String... channels) {
    return subscribe(null, channels);
  }

  public JsonObject subscribe(JsonObject since, String... channels) {
    String id = newId();
    JsonObject frame = new JsonObject().put("type", "subscribe").put("id", id)
        .put("channels", new JsonArray(List.of(channels)));
    if (since != null) {
      frame.put("since", since);
    }
    send(frame);
    return until(f -> "subscribed".equals(f.getString("type")) && id.equals(f.getString("id")));
  }

  /** Unsubscribes and answers the frame with the request's id. */
  public JsonObject unsubscribe(List<String> channels) {
    String id = newId();
    send(new JsonObject().put("type", "unsubscribe").put("id", id)
        .put("channels", new JsonArray(channels)));
    return until(f -> id.equals(f.getString("id")));
  }

  /** Sends a request and answers the response or error frame with its id. */
  public JsonObject request(String method, JsonObject data) {
    String id = newId();
    send(new JsonObject().put("type", "request").put("id", id).put("method", method)
        .put("data", data));
    return until(f -> id.equals(f.getString("id")));
  }

  /**
   * Collects every frame the server sent before answering two pings in a row: everything it had
   * queued for this socket when the call began. One ping is not enough: a message handed to the
   * socket's event loop (a publication answered on another loop) waits as a task, and the loop
   * reads its sockets before it runs its tasks, so the first ping's pong may overtake it; by the
   * second ping the loop has run them.
   */
  public List<JsonObject> drain() {
    List<JsonObject> before = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      String id = newId();
      send(new JsonObject().put("type", "ping").put("id", id));
      while (true) {
        JsonObject frame = next();
        if ("pong".equals(frame.getString("type")) && id.equals(frame.getString("id"))) {
          break;
        }
        before.add(frame);
      }
    }
    return before;
  }

  public int awaitClose() {
    try {
      return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("connection did not close: " + e, e);
    }
  }

  public void close() {
    ws.close();
  }
}
