package io.tickwire.bench;

import io.tickwire.gateway.endpoint.VertxInternals;
import io.tickwire.runtime.NodeContext;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference every tickwire figure is compared with: a plain Vert.x broadcast server with no
 * protocol, on {@code --event-loops} event loops (by default as many as a tickwire node runs), one
 * instance per loop sharing the port. {@code GET /ws?channel=c} subscribes a socket to {@code c};
 * {@code POST /publish {"channel", "data"}} encodes one frame with the same envelope tickwire
 * sends ({@code type, channel, seq, ts, data}) once and every event loop writes those bytes to its
 * own sockets of the channel, without queueing, conflation or metrics. A text frame a socket sends
 * is echoed back (the request/response reference).
 *
 * <p>{@code POST /publish/run {"channels", "rate", "seconds", "step", "padBytes"}} publishes a
 * whole step from a thread of this process instead ({@link InProcessPublisher}), one step at a
 * time, and answers its figures when the step is over: the reference without the HTTP hop.
 */
final class RawServer extends VerticleBase {

  /** The sockets of one event loop, touched only from that loop. */
  private static final class Loop {
    final Context context;
    final Map<String, List<ServerWebSocket>> channels = new HashMap<>();

    Loop(Context context) {
      this.context = context;
    }
  }

  /** Where the suite asks for a step published in-process. */
  static final String RUN_PATH = "/publish/run";
  /** The longest in-process step accepted. */
  static final double MAX_RUN_SECONDS = 600;

  private static final List<Loop> LOOPS = new CopyOnWriteArrayList<>();
  private static final Map<String, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();
  private static final AtomicBoolean RUNNING = new AtomicBoolean();

  private final int port;

  RawServer(int port) {
    this.port = port;
  }

  static void main(Options options) throws Exception {
    int port = options.integer("port", 8090);
    int loops = options.integer("event-loops", NodeContext.DEFAULT_EVENT_LOOPS);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx.deployVerticle(() -> new RawServer(port), new DeploymentOptions().setInstances(loops))
        .await();
    System.out.println("raw broadcast server on 127.0.0.1:" + port + " (" + loops
        + " event loops)");
  }

  @Override
  public Future<?> start() {
    Loop loop = new Loop(context);
    LOOPS.add(loop);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
        .setPort(port).setMaxWebSocketFrameSize(1 << 16));
    server.webSocketHandler(ws -> accept(loop, ws));
    server.requestHandler(this::request);
    return server.listen();
  }

  private void accept(Loop loop, ServerWebSocket ws) {
    if (!ws.path().equals("/ws")) {
      ws.close((short) 1008, "unknown path");
      return;
    }
    String query = ws.query() == null ? "" : ws.query();
    String channel = query.startsWith("channel=") ? query.substring(8) : "";
    if (!channel.isEmpty()) {
      loop.channels.computeIfAbsent(channel, c -> new ArrayList<>()).add(ws);
      ws.closeHandler(ignored -> {
        List<ServerWebSocket> sockets = loop.channels.get(channel);
        if (sockets != null) {
          sockets.remove(ws);
        }
      });
    }
    ws.handler(echo -> ws.writeFrame(VertxInternals.textFrame(echo.getBytes())));
  }

  private void request(HttpServerRequest request) {
    if (request.path().equals("/health")) {
      request.response().end("ok");
      return;
    }
    if (request.path().equals(RUN_PATH)) {
      request.body().onSuccess(body -> run(request, body.toString()));
      return;
    }
    if (!request.path().equals("/publish")) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.body().onSuccess(body -> {
      JsonObject publish;
      try {
        publish = body.toJsonObject();
      } catch (RuntimeException e) {
        request.response().setStatusCode(400).end("body must be a JSON object");
        return;
      }
      String channel = publish.getValue("channel") instanceof String c ? c : null;
      if (channel == null) {
        request.response().setStatusCode(400).end("field 'channel' is required");
        return;
      }
      long seq = broadcast(channel, publish.getValue("data"));
      request.response().end("{\"seq\":" + seq + "}");
    }).onFailure(e -> request.response().setStatusCode(400).end());
  }

  /** Sequences and encodes a message once; every event loop writes it to its own sockets. */
  private static long broadcast(String channel, Object data) {
    long seq = SEQUENCES.computeIfAbsent(channel, c -> new AtomicLong()).incrementAndGet();
    byte[] frame = new JsonObject().put("type", "message").put("channel", channel)
        .put("seq", seq).put("ts", System.currentTimeMillis()).put("data", data)
        .toBuffer().getBytes();
    for (Loop loop : LOOPS) {
      loop.context.runOnContext(ignored -> {
        List<ServerWebSocket> sockets = loop.channels.get(channel);
        if (sockets != null) {
          for (ServerWebSocket ws : sockets) {
            ws.writeFrame(VertxInternals.textFrame(frame));
          }
        }
      });
    }
    return seq;
  }

  /** Publishes a step in-process on a thread of its own; answers its figures when it is over. */
  private void run(HttpServerRequest request, String body) {
    JsonObject order;
    List<String> channels = new ArrayList<>();
    try {
      order = new JsonObject(body);
      JsonArray names = order.getJsonArray("channels");
      names.forEach(name -> channels.add((String) name));
      double rate = order.getDouble("rate");
      double seconds = order.getDouble("seconds");
      if (channels.isEmpty() || !(rate > 0 && rate <= 1_000_000)
          || !(seconds > 0 && seconds <= MAX_RUN_SECONDS)) {
        throw new IllegalArgumentException("out of range");
      }
    } catch (RuntimeException e) {
      request.response().setStatusCode(400).end("expected {channels: [..], rate: 0 < r ≤ 1e6, "
          + "seconds: 0 < s ≤ " + MAX_RUN_SECONDS + ", step, padBytes}");
      return;
    }
    if (!RUNNING.compareAndSet(false, true)) {
      request.response().setStatusCode(409).end("a step is already being published");
      return;
    }
    Thread publisher = new Thread(() -> {
      JsonObject figures = null;
      String failure = null;
      try {
        figures = InProcessPublisher.run(RawServer::broadcast, channels, order.getDouble("rate"),
            order.getDouble("seconds"), order.getInteger("step", 0),
            order.getInteger("padBytes", 0));
      } catch (RuntimeException e) {
        failure = String.valueOf(e);
      } finally {
        RUNNING.set(false);
      }
      String answer = figures == null ? failure : figures.encode();
      int status = figures == null ? 500 : 200;
      context.runOnContext(ignored -> request.response().setStatusCode(status)
          .putHeader("Content-Type", "application/json").end(answer));
    }, "raw-in-process-publisher");
    publisher.setDaemon(true);
    publisher.start();
  }
}
