package io.tickwire.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference every tickwire figure is compared with: a plain Vert.x broadcast server with no
 * protocol. One instance per event loop shares the port; {@code GET /ws?channel=c} subscribes a
 * socket to {@code c}; {@code POST /publish {"channel", "data"}} encodes one frame with the same
 * envelope tickwire sends ({@code type, channel, seq, ts, data}) once and every event loop writes
 * those bytes to its own sockets of the channel, without queueing, conflation or metrics. A text
 * frame a socket sends is echoed back (the request/response reference).
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

  private static final List<Loop> LOOPS = new CopyOnWriteArrayList<>();
  private static final Map<String, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();

  private final int port;

  RawServer(int port) {
    this.port = port;
  }

  static void main(Options options) throws Exception {
    int port = options.integer("port", 8090);
    int instances = options.integer("instances", 2 * Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new RawServer(port), new DeploymentOptions().setInstances(instances))
        .await();
    System.out.println("raw broadcast server on 127.0.0.1:" + port + " (" + instances
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
    ws.handler(echo -> ws.writeFrame(
        new WebSocketFrameImpl(WebSocketFrameType.TEXT, echo.getBytes(), true)));
  }

  private void request(HttpServerRequest request) {
    if (request.path().equals("/health")) {
      request.response().end("ok");
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
      long seq = SEQUENCES.computeIfAbsent(channel, c -> new AtomicLong()).incrementAndGet();
      byte[] frame = new JsonObject().put("type", "message").put("channel", channel)
          .put("seq", seq).put("ts", System.currentTimeMillis()).put("data", publish.getValue("data"))
          .toBuffer().getBytes();
      for (Loop loop : LOOPS) {
        loop.context.runOnContext(ignored -> {
          List<ServerWebSocket> sockets = loop.channels.get(channel);
          if (sockets != null) {
            for (ServerWebSocket ws : sockets) {
              ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame, true));
            }
          }
        });
      }
      request.response().end("{\"seq\":" + seq + "}");
    }).onFailure(e -> request.response().setStatusCode(400).end());
  }
}
