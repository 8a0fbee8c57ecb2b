package io.tickwire.bench;

import io.tickwire.protocol.MsgPack;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The book scenario's subscribers: WebSocket connections to a node running the simulated venues,
 * each subscribed to every {@code book.<SYMBOL>}, for a fixed time. Each book message received is
 * timed against its own stamps, with the receive time read from the same wall clock as the node's
 * (one machine; millisecond resolution, as the stamps are): receive − {@code changedAt} is the
 * whole way from a venue update reaching the node to the screen, the rate limit included, and
 * receive − {@code ts} the fan-out after the merge. Frame sizes are the WebSocket payload bytes
 * (no permessage-deflate is offered). One more connection, not counted in the latencies, offers
 * MessagePack, and its frame sizes are recorded beside JSON's.
 */
final class BookBench {

  private static final byte[] MESSAGE = "{\"type\":\"message\",\"channel\":\"book.".getBytes();
  private static final byte[] SUBSCRIBED = "{\"type\":\"subscribed\"".getBytes();
  private static final byte[] ERROR = "{\"type\":\"error\"".getBytes();
  private static final byte[] TS = "\"ts\":".getBytes();
  private static final byte[] CHANGED_AT = "\"changedAt\":".getBytes();
  /** A book frame larger than this is counted at this size: far beyond any depth allowed. */
  private static final long MAX_BYTES = 16 << 20;
  /** At most this many connections: one process's share of the machine. */
  static final int MAX_CONNECTIONS = 2_000;

  private final Recorder changed = new Recorder(StepStats.MAX_MICROS, 3);
  private final Recorder fanout = new Recorder(StepStats.MAX_MICROS, 3);
  private final Recorder waited = new Recorder(StepStats.MAX_MICROS, 3);
  private final Recorder jsonBytes = new Recorder(MAX_BYTES, 3);
  private final Recorder packedBytes = new Recorder(MAX_BYTES, 3);
  private final LongAdder messages = new LongAdder();
  private final LongAdder packedMessages = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder closed = new LongAdder();
  /** The most levels seen on one side of a book, and the depth the node says it keeps. */
  private final AtomicLong levels = new AtomicLong();
  private final AtomicLong depth = new AtomicLong();
  private volatile boolean recording;
  private volatile boolean quitting;

  private BookBench() {
  }

  /**
   * {@code connections} JSON subscribers (and one MessagePack one) of {@code book.<s>} for every
   * symbol of {@code symbols}, on the node at {@code port}: {@code warmUpSeconds} not recorded,
   * then {@code seconds} recorded.
   */
  static JsonObject run(int port, List<String> symbols, int connections, double warmUpSeconds,
      double seconds) {
    if (connections < 1 || connections > MAX_CONNECTIONS) {
      throw new IllegalArgumentException("book connections must be 1–" + MAX_CONNECTIONS
          + ", not " + connections);
    }
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("the book scenario needs at least one symbol");
    }
    BookBench bench = new BookBench();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      // The MessagePack connection too: a client holds at most this many to one server.
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(connections + 1).setConnectTimeout(20_000)
          .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
      String uri = "/ws?channels=" + String.join(",", symbols.stream().map(s -> "book." + s)
          .toList());
      List<Future<Void>> ready = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        ready.add(bench.connect(client, port, uri, false, i == 0));
      }
      ready.add(bench.connect(client, port, uri, true, false));
      Future.all(ready).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      ServerProcess.pause((long) (warmUpSeconds * 1000));
      bench.resetAll();
      bench.recording = true;
      long started = System.nanoTime();
      ServerProcess.pause((long) (seconds * 1000));
      bench.recording = false;
      double measured = (System.nanoTime() - started) / 1e9;
      bench.quitting = true;
      return bench.figures(connections, symbols.size(), measured);
    } catch (Exception e) {
      throw new IllegalStateException("book subscribers failed: " + e.getMessage(), e);
    } finally {
      bench.quitting = true;
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
          .exceptionally(ignored -> null).join();
    }
  }

  private Future<Void> connect(WebSocketClient client, int port, String uri, boolean packed,
      boolean parsed) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(port).setURI(uri);
    if (packed) {
      options.addSubProtocol(MsgPack.SUBPROTOCOL);
    }
    Promise<Void> ready = Promise.promise();
    client.connect(options).onFailure(ready::tryFail).onSuccess(ws -> {
      if (packed && !MsgPack.SUBPROTOCOL.equals(ws.subProtocol())) {
        ws.close();
        ready.tryFail("the node did not accept " + MsgPack.SUBPROTOCOL);
        return;
      }
      ws.handler(data -> {
        if (packed) {
          packed(data, ready);
        } else {
          json(data, parsed, ready);
        }
      });
      ws.closeHandler(ignored -> {
        if (!quitting) {
          closed.increment();
        }
        ready.tryFail("closed before subscribed: " + ws.closeStatusCode());
      });
    });
    return ready.future();
  }

  private void json(Buffer data, boolean parsed, Promise<Void> ready) {
    long now = System.currentTimeMillis();
    byte[] frame = data.getBytes();
    if (FrameScan.startsWith(frame, MESSAGE)) {
      ready.tryComplete();
      if (!recording) {
        return;
      }
      long changedAt = FrameScan.number(frame, FrameScan.last(frame, CHANGED_AT));
      // The data's ts: the envelope's comes before the data, changedAt right after it.
      long ts = FrameScan.number(frame, FrameScan.last(frame, TS));
      if (changedAt < 0 || ts < 0) {
        errors.increment();
        return;
      }
      messages.increment();
      changed.recordValue(micros(now - changedAt));
      fanout.recordValue(micros(now - ts));
      waited.recordValue(micros(ts - changedAt));
      jsonBytes.recordValue(Math.min(frame.length, MAX_BYTES));
      if (parsed) {
        JsonObject book = new JsonObject(data).getJsonObject("data");
        levels.accumulateAndGet(Math.max(book.getJsonArray("bids", new JsonArray()).size(),
            book.getJsonArray("asks", new JsonArray()).size()), Math::max);
        depth.set(book.getLong("depth", 0L));
      }
    } else if (FrameScan.startsWith(frame, SUBSCRIBED)) {
      ready.tryComplete();
    } else if (FrameScan.startsWith(frame, ERROR)) {
      errors.increment();
      ready.tryFail("refused: " + data);
    }
  }

  /** A MessagePack frame: its size counted when it is a message of a book channel. */
  private void packed(Buffer data, Promise<Void> ready) {
    byte[] frame = data.getBytes();
    String type = null;
    String channel = null;
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(frame)) {
      int fields = in.unpackMapHeader();
      for (int i = 0; i < fields && (type == null || channel == null); i++) {
        String key = in.unpackString();
        if (key.equals("type") || key.equals("channel")) {
          String value = in.unpackString();
          if (key.equals("type")) {
            type = value;
          } else {
            channel = value;
          }
        } else {
          in.skipValue();
        }
      }
    } catch (IOException | RuntimeException e) {
      errors.increment();
      return;
    }
    if ("message".equals(type) && channel != null && channel.startsWith("book.")) {
      ready.tryComplete();
      if (recording) {
        packedMessages.increment();
        packedBytes.recordValue(Math.min(frame.length, MAX_BYTES));
      }
    } else if ("subscribed".equals(type)) {
      ready.tryComplete();
    } else if ("error".equals(type)) {
      errors.increment();
      ready.tryFail("refused");
    }
  }

  private static long micros(long millis) {
    return Math.min(Math.max(millis, 0), StepStats.MAX_MICROS / 1000) * 1000;
  }

  private void resetAll() {
    for (Recorder recorder : new Recorder[] {changed, fanout, waited, jsonBytes, packedBytes}) {
      recorder.reset();
    }
    messages.reset();
    packedMessages.reset();
    errors.reset();
    closed.reset();
  }

  private JsonObject figures(int connections, int symbols, double seconds) {
    long count = messages.sum();
    return new JsonObject().put("connections", connections).put("symbols", symbols)
        .put("seconds", Math.round(seconds * 100) / 100.0).put("messages", count)
        .put("messagesPerSec", seconds <= 0 ? 0 : Math.round(count / seconds))
        .put("perSymbolPerSec", seconds <= 0 ? 0
            : Math.round(count / seconds / connections / symbols * 100) / 100.0)
        .put("resolutionMs", 1)
        .put("latencyMs", Measure.percentiles(changed.getIntervalHistogram()))
        .put("fanoutMs", Measure.percentiles(fanout.getIntervalHistogram()))
        .put("waitedMs", Measure.percentiles(waited.getIntervalHistogram()))
        .put("bytes", sizes(jsonBytes.getIntervalHistogram()))
        .put("msgpackBytes", sizes(packedBytes.getIntervalHistogram()))
        .put("msgpackMessages", packedMessages.sum())
        .put("levels", levels.get()).put("depth", depth.get())
        .put("errors", errors.sum()).put("closed", closed.sum());
  }

  /** Frame sizes: mean, p50, p99 and max bytes. */
  static JsonObject sizes(Histogram bytes) {
    return new JsonObject().put("count", bytes.getTotalCount())
        .put("mean", bytes.getTotalCount() == 0 ? 0 : Math.round(bytes.getMean() * 10) / 10.0)
        .put("p50", bytes.getValueAtPercentile(50)).put("p99", bytes.getValueAtPercentile(99))
        .put("max", bytes.getMaxValue());
  }
}
