package io.tickwire.gateway.endpoint;

import io.tickwire.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Closes HTTP connections that hold the server without sending a request: a new connection must
 * send its first request's headers within {@code headerTimeoutMs} (a half-sent request line is a
 * slow-header attack), a request body must arrive within {@code idleTimeoutMs}, and a kept-alive
 * connection must send its next request's headers within {@code idleTimeoutMs} of the last
 * response. WebSockets and SSE streams are long-lived by design and have no deadline once their
 * request arrived. One per gateway instance; everything runs on its event loop.
 */
public final class HttpDeadlines {

  private final Vertx vertx;
  private final long headerTimeoutMs;
  private final long idleTimeoutMs;
  private final Map<HttpConnection, Deadline> deadlines = new IdentityHashMap<>();

  public HttpDeadlines(Vertx vertx, GatewayConfig.Edge edge) {
    this.vertx = vertx;
    this.headerTimeoutMs = edge.requestHeaderTimeoutMs();
    this.idleTimeoutMs = edge.httpIdleTimeoutMs();
  }

  /** A connection opened: its first request's headers are due. */
  public void opened(HttpConnection connection) {
    Deadline deadline = new Deadline(connection);
    deadlines.put(connection, deadline);
    connection.closeHandler(ignored -> forget(connection));
    deadline.arm(headerTimeoutMs);
  }

  /**
   * The first route of every request: its headers arrived; its body, if any, is due; after its
   * response the next request is due.
   */
  public void arrived(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    Deadline deadline = deadlines.get(request.connection());
    if (deadline != null) {
      deadline.cancel();
      if (hasBody(request) && !request.isEnded()) {
        deadline.arm(idleTimeoutMs);
        request.end().onComplete(ignored -> deadline.cancel());
      }
      rc.addEndHandler(ignored -> deadline.arm(idleTimeoutMs));
    }
    rc.next();
  }

  /**
   * The request became a WebSocket: its connection is kept by the heartbeat from now on, and
   * nothing of the HTTP exchange is kept here. Vert.x has swapped the connection's HTTP handler
   * for the WebSocket's, so the close handler set in {@link #opened} will never run: without this,
   * every WebSocket would stay in memory after it closed. The upgrade never ends the response
   * either, so the handlers the end handler of {@link #arrived} put on it would keep the
   * request's routing context for the socket's whole life; they are dropped too.
   */
  public void upgraded(RoutingContext rc) {
    HttpConnection connection = rc.request().connection();
    Deadline deadline = forget(connection);
    if (deadline != null) {
      deadline.upgraded = true;
    }
    connection.closeHandler(null);
    rc.response().endHandler(null).closeHandler(null).exceptionHandler(null);
  }

  /** Connections with a deadline kept: open, and not upgraded. */
  public int tracked() {
    return deadlines.size();
  }

  private Deadline forget(HttpConnection connection) {
    Deadline deadline = deadlines.remove(connection);
    if (deadline != null) {
      deadline.cancel();
    }
    return deadline;
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return length != null && !length.equals("0")
        || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }

  private final class Deadline {
    private final HttpConnection connection;
    private long timer = -1;
    private boolean upgraded;

    Deadline(HttpConnection connection) {
      this.connection = connection;
    }

    void arm(long delayMs) {
      cancel();
      if (!upgraded) {
        timer = vertx.setTimer(delayMs, ignored -> {
          timer = -1;
          connection.close();
        });
      }
    }

    void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
