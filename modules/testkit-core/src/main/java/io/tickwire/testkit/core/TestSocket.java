package io.tickwire.testkit.core;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * A test's WebSocket client of the tickwire protocol: the frames the server sent, parsed, in the
 * order they arrived; how the connection closed; and the protocol's requests (subscribe,
 * unsubscribe, request, ping) matched to their answers by id.
 *
 * <p>Frames arrive on the connection's event loop and are taken from the test's thread, one
 * taker at a time. {@link #next()} and {@link #until} take from the head; {@link #next(Predicate)}
 * and everything that waits for an answer or a channel's message take the first frame that
 * matches and leave the others queued in order, so a test can follow several channels at once.
 * Every wait is bounded by {@link Await#SECONDS}.
 *
 * <p>Format: JSON text frames, or MessagePack binary frames when the server selected the
 * subprotocol {@value #MSGPACK} ({@link NodeFixture#connectMsgPack}). Such a socket sends its
 * frames packed with msgpack-core and reads the server's binary frames with it into the same
 * {@code JsonObject}s (through msgpack-core's own JSON form of a value, not tickwire's code).
 */
public final class TestSocket implements AutoCloseable {

  private static final AtomicInteger IDS = new AtomicInteger();
  /** The WebSocket subprotocol of MessagePack frames. */
  public static final String MSGPACK = "tickwire.v1.msgpack";

  /** The connection, for what the methods here do not cover (pause, binary frames, codes). */
  public final WebSocket ws;
  /** The frames received and not taken yet, in order. */
  public final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  /** Completes with the close code once the connection closed (1006 when none was sent). */
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();
  /** The {@code welcome} frame, once the opener read it (see {@link NodeFixture#connect}). */
  public JsonObject welcome;
  /** Whether the server selected MessagePack frames for this connection. */
  public final boolean msgpack;
  /** Text messages received, whatever the format. */
  public final AtomicInteger textMessages = new AtomicInteger();
  /** Binary messages received, whatever the format. */
  public final AtomicInteger binaryMessages = new AtomicInteger();
  private final List<Consumer<JsonObject>> taps = new CopyOnWriteArrayList<>();

  public TestSocket(WebSocket ws) {
    this.ws = ws;
    this.msgpack = MSGPACK.equals(ws.subProtocol());
    ws.textMessageHandler(text -> {
      textMessages.incrementAndGet();
      received(new JsonObject(text));
    });
    ws.binaryMessageHandler(bytes -> {
      binaryMessages.incrementAndGet();
      received(unpack(bytes.getBytes()));
    });
    ws.closeHandler(ignored -> closed.complete(
        ws.closeStatusCode() == null ? 1006 : (int) ws.closeStatusCode()));
  }

  /**
   * Connects with {@code client} on an event loop of {@code vertx}, so the handlers are in place
   * before the first frame can arrive; a refused upgrade fails the test.
   */
  public static TestSocket connect(Vertx vertx, WebSocketClient client,
      WebSocketConnectOptions options) {
    return Await.result(NodeFixture.onEventLoop(vertx,
        () -> client.connect(options).map(TestSocket::new)));
  }

  private void received(JsonObject frame) {
    taps.forEach(tap -> tap.accept(frame));
    synchronized (frames) {
      frames.add(frame);
      frames.notifyAll();
    }
  }

  /** The MessagePack form of {@code frame}, packed value by value with msgpack-core. */
  public static byte[] pack(JsonObject frame) {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      packValue(out, frame);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void packValue(MessagePacker out, Object value) throws IOException {
    if (value == null) {
      out.packNil();
    } else if (value instanceof JsonObject object) {
      out.packMapHeader(object.size());
      for (Map.Entry<String, Object> entry : object) {
        out.packString(entry.getKey());
        packValue(out, entry.getValue());
      }
    } else if (value instanceof JsonArray array) {
      out.packArrayHeader(array.size());
      for (Object item : array) {
        packValue(out, item);
      }
    } else if (value instanceof String text) {
      out.packString(text);
    } else if (value instanceof Boolean flag) {
      out.packBoolean(flag);
    } else if (value instanceof Double || value instanceof Float) {
      out.packDouble(((Number) value).doubleValue());
    } else if (value instanceof Number number) {
      out.packLong(number.longValue());
    } else {
      throw new IllegalArgumentException("no MessagePack form for " + value.getClass());
    }
  }

  /** The frame a MessagePack message holds, read with msgpack-core. */
  public static JsonObject unpack(byte[] packed) {
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(packed)) {
      return new JsonObject(in.unpackValue().toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An id no other frame of this JVM's tests uses. */
  public static String newId() {
    return "t" + IDS.incrementAndGet();
  }

  /**
   * Hands every frame to {@code tap} as it arrives, on the connection's event loop, before it is
   * queued: for a test that must know when a frame came, not only that it did.
   */
  public TestSocket tap(Consumer<JsonObject> tap) {
    taps.add(tap);
    return this;
  }

  /** Sends {@code frame} in the connection's format: JSON text, or MessagePack. */
  public void send(JsonObject frame) {
    if (msgpack) {
      sendBinary(pack(frame));
    } else {
      ws.writeTextMessage(frame.encode());
    }
  }

  /** Sends {@code bytes} as one binary message. */
  public void sendBinary(byte[] bytes) {
    ws.writeBinaryMessage(Buffer.buffer(bytes));
  }

  public void sendText(String text) {
    ws.writeTextMessage(text);
  }

  /** The next frame, whatever it is. */
  public JsonObject next() {
    return Await.next(frames, "frame");
  }

  /** The next frame, which must be of {@code type}. */
  public JsonObject next(String type) {
    JsonObject frame = next();
    if (!type.equals(frame.getString("type"))) {
      throw new AssertionError("expected a '" + type + "' frame, got " + frame.encode());
    }
    return frame;
  }

  /** The first frame that matches; the frames before it stay queued, in order. */
  public JsonObject next(Predicate<JsonObject> match) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.SECONDS);
    synchronized (frames) {
      while (true) {
        for (Iterator<JsonObject> queued = frames.iterator(); queued.hasNext(); ) {
          JsonObject frame = queued.next();
          if (match.test(frame)) {
            queued.remove();
            return frame;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no matching frame within " + Await.SECONDS + " s; queued: "
              + frames);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(frames, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Takes frames until one matches, and answers it: the ones before it are dropped. */
  public JsonObject until(Predicate<JsonObject> match) {
    while (true) {
      JsonObject frame = next();
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** The next message of {@code channel}; the frames before it stay queued. */
  public JsonObject message(String channel) {
    return next(frame -> "message".equals(frame.getString("type"))
        && channel.equals(frame.getString("channel")));
  }

  /**
   * The next message of {@code channel} whose data matches; the channel's messages before it are
   * dropped, other frames stay queued.
   */
  public JsonObject message(String channel, Predicate<JsonObject> data) {
    while (true) {
      JsonObject message = message(channel);
      if (data.test(message.getJsonObject("data"))) {
        return message;
      }
    }
  }

  /** Subscribes and answers the {@code subscribed} frame; a refused frame fails the test. */
  public JsonObject subscribe(String... channels) {
    return subscribe(null, channels);
  }

  /** Subscribes resuming after the positions of {@code since} ({@code channel → {seq, epoch}}). */
  public JsonObject subscribe(JsonObject since, String... channels) {
    JsonObject frame = new JsonObject().put("type", "subscribe")
        .put("channels", new JsonArray(List.of((Object[]) channels)));
    if (since != null) {
      frame.put("since", since);
    }
    JsonObject answer = answer(frame);
    if (!"subscribed".equals(answer.getString("type"))) {
      throw new AssertionError("subscribe refused: " + answer.encode());
    }
    return answer;
  }

  /** Subscribes; every channel must be granted. Answers the {@code subscribed} frame. */
  public JsonObject subscribeAll(String... channels) {
    JsonObject subscribed = subscribe(channels);
    if (subscribed.getJsonArray("channels").size() != channels.length) {
      throw new AssertionError("not every channel granted: " + subscribed.encode());
    }
    return subscribed;
  }

  /** Unsubscribes and answers the frame with the request's id. */
  public JsonObject unsubscribe(List<String> channels) {
    return answer(new JsonObject().put("type", "unsubscribe")
        .put("channels", new JsonArray(channels)));
  }

  /** Sends a request; answers its {@code response} or {@code error} frame. */
  public JsonObject request(String method, JsonObject data) {
    return answer(requestFrame(method, data));
  }

  /** Sends a request without waiting; answers its id, for {@link #answer(String)}. */
  public String ask(String method, JsonObject data) {
    JsonObject frame = requestFrame(method, data);
    send(frame);
    return frame.getString("id");
  }

  /** The frame that answers the request with {@code id}. */
  public JsonObject answer(String id) {
    return next(frame -> id.equals(frame.getString("id")));
  }

  /** A request that must succeed; answers the response's data. */
  public JsonObject call(String method, JsonObject data) {
    JsonObject answer = request(method, data);
    if (!"response".equals(answer.getString("type"))) {
      throw new AssertionError(method + " failed: " + answer.encode());
    }
    return answer.getJsonObject("data");
  }

  /** A request that must fail; answers the error's code. */
  public String refused(String method, JsonObject data) {
    JsonObject answer = request(method, data);
    if (!"error".equals(answer.getString("type"))) {
      throw new AssertionError(method + " should have failed: " + answer.encode());
    }
    return answer.getString("code");
  }

  private static JsonObject requestFrame(String method, JsonObject data) {
    return new JsonObject().put("type", "request").put("id", newId()).put("method", method)
        .put("data", data);
  }

  /** Sends {@code frame} with a new id and answers the frame with that id. */
  private JsonObject answer(JsonObject frame) {
    String id = newId();
    send(frame.put("id", id));
    return answer(id);
  }

  /**
   * Takes every frame the server sent before answering two pings in a row: everything it had
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

  /** Waits for the connection to close; answers its close code. */
  public int awaitClose() {
    return Await.result(closed, "close of the connection");
  }

  /** Closes the connection and waits until it is closed. */
  public void closeAndWait() {
    Await.result(ws.close());
  }

  /** Starts the closing handshake, without waiting. */
  @Override
  public void close() {
    ws.close();
  }
}
