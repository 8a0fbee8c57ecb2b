package io.tickwire.transactions;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A JSON-RPC WebSocket proxy on loopback in front of anvil, at any path (as a hosted provider's
 * URL with its key in the path): it measures the calls of the {@code measured} methods in flight
 * — from the request's arrival to its answer's forwarding — and holds each of their answers for
 * {@code holdMs}, as a slow provider would, so that calls pile up; and it can change the results
 * of one method's answers ({@link #rewrite}), as a provider that does not keep to the request
 * would.
 */
final class RpcProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxFrameSize(1 << 24).setMaxMessageSize(1 << 26));
  private final Set<String> measured;
  private final long holdMs;
  private final int upstreamPort;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final Map<String, AtomicInteger> callsByParam = new ConcurrentHashMap<>();
  private final HttpServer server;
  /** Per method, what its answers' results are changed into. */
  private final Map<String, UnaryOperator<Object>> rewrites = new ConcurrentHashMap<>();

  private RpcProxy(int upstreamPort, Set<String> measured, long holdMs) {
    this.upstreamPort = upstreamPort;
    this.measured = measured;
    this.holdMs = holdMs;
    this.server = Await.result(vertx.createHttpServer().webSocketHandler(this::accept)
        .listen(0, "127.0.0.1"));
  }

  static RpcProxy start(Anvil anvil, Set<String> measured, long holdMs) {
    return new RpcProxy(anvil.port(), measured, holdMs);
  }

  /** The proxy's URL with {@code pathAndQuery} appended (e.g. {@code /v3/KEY}). */
  String url(String pathAndQuery) {
    return "ws://127.0.0.1:" + server.actualPort() + pathAndQuery;
  }

  int port() {
    return server.actualPort();
  }

  /** From now on, the result of every answer to {@code method} goes through {@code change}. */
  void rewrite(String method, UnaryOperator<Object> change) {
    rewrites.put(method, change);
  }

  /** The most measured calls that were in flight at once. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  /** Measured calls with {@code param} as first parameter, e.g. a transaction hash. */
  int calls(String param) {
    AtomicInteger count = callsByParam.get(param);
    return count == null ? 0 : count.get();
  }

  private void accept(ServerWebSocket downstream) {
    downstream.pause();
    client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(upstreamPort)
        .setURI("/")).onComplete(upstream -> pipe(downstream, upstream), failure -> {
          downstream.close();
        });
  }

  private void pipe(ServerWebSocket downstream, WebSocket upstream) {
    // Both sockets are on this proxy's one event loop: plain maps are enough.
    Map<Object, String> pending = new HashMap<>();
    Map<Object, UnaryOperator<Object>> rewritten = new HashMap<>();
    downstream.textMessageHandler(text -> {
      JsonObject request = new JsonObject(text);
      UnaryOperator<Object> change = rewrites.get(request.getString("method"));
      if (change != null) {
        rewritten.put(request.getValue("id"), change);
      }
      if (measured.contains(request.getString("method"))) {
        pending.put(request.getValue("id"), request.getString("method"));
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Object param = request.getJsonArray("params").getValue(0);
        callsByParam.computeIfAbsent(String.valueOf(param), key -> new AtomicInteger())
            .incrementAndGet();
      }
      upstream.writeTextMessage(text);
    });
    upstream.textMessageHandler(original -> {
      JsonObject answer = new JsonObject(original);
      Object id = answer.getValue("id");
      UnaryOperator<Object> change = id == null ? null : rewritten.remove(id);
      String text = change == null || !answer.containsKey("result") ? original
          : answer.put("result", change.apply(answer.getValue("result"))).encode();
      if (id != null && pending.remove(id) != null) {
        vertx.setTimer(holdMs, ignored -> {
          inFlight.decrementAndGet();
          downstream.writeTextMessage(text);
        });
      } else {
        downstream.writeTextMessage(text);
      }
    });
    downstream.closeHandler(ignored -> upstream.close());
    upstream.closeHandler(ignored -> downstream.close());
    downstream.resume();
  }

  /** Measured calls whose first parameter, as JSON text, contains {@code fragment}. */
  int callsContaining(String fragment) {
    return callsByParam.entrySet().stream().filter(entry -> entry.getKey().contains(fragment))
        .mapToInt(entry -> entry.getValue().get()).sum();
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
