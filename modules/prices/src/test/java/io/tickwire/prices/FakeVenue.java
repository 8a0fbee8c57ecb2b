package io.tickwire.prices;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for an exchange's WebSocket endpoint, on loopback and a free port: it accepts
 * connections and lets the test read what the client sent and send whatever the venue would
 * (snapshots, updates, heartbeats, gaps, garbage), ping, or drop the connection abruptly. HTTP
 * requests under {@code /api/} (REST, e.g. Binance's depth snapshots) wait for the test to
 * answer them.
 */
final class FakeVenue implements AutoCloseable {

  /** One client connection. */
  static final class Connection {
    final ServerWebSocket ws;
    final HttpConnection connection;
    /** The path and query the client asked for. */
    final String uri;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Buffer> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    Connection(ServerWebSocket ws, HttpConnection connection, String uri) {
      this.ws = ws;
      this.connection = connection;
      this.uri = uri;
      ws.textMessageHandler(received::add);
      ws.pongHandler(pongs::add);
      ws.closeHandler(ignored -> closed.complete(null));
    }

    void send(String text) {
      ws.writeTextMessage(text);
    }

    void ping() {
      ws.writePing(Buffer.buffer("ping"));
    }

    /** Closes the TCP connection without a WebSocket close handshake. */
    void drop() {
      connection.close();
    }

    /** The next text message from the client. */
    String next() {
      return Await.next(received, "message from the client");
    }

    Buffer nextPong() {
      return Await.next(pongs, "pong");
    }

    void awaitClosed() {
      Await.result(closed, "close by the client");
    }
  }

  /** One REST request, held until the test answers it. */
  static final class Rest {
    final HttpServerRequest request;
    /** The path and query the client asked for. */
    final String uri;

    Rest(HttpServerRequest request) {
      this.request = request;
      this.uri = request.uri();
    }

    void answer(int status, String body) {
      request.response().setStatusCode(status).putHeader("content-type", "application/json")
          .end(body);
    }
  }

  private final HttpServer server;
  final BlockingQueue<Rest> rest = new LinkedBlockingQueue<>();
  private final AtomicInteger toRefuse = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();

  private FakeVenue(HttpServer server) {
    this.server = server;
  }

  static FakeVenue start(Vertx vertx) {
    FakeVenue[] holder = new FakeVenue[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request ->
        holder[0].accept(request));
    holder[0] = new FakeVenue(server);
    Await.result(server.listen(0, "127.0.0.1"));
    return holder[0];
  }

  private void accept(HttpServerRequest request) {
    if (request.path().startsWith("/api/")) {
      rest.add(new Rest(request));
      return;
    }
    if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      refused.incrementAndGet();
      request.response().setStatusCode(503).end("down for maintenance");
      return;
    }
    String uri = request.uri();
    HttpConnection connection = request.connection();
    request.toWebSocket().onSuccess(ws -> connections.add(new Connection(ws, connection, uri)));
  }

  /** Answers the next {@code attempts} connection attempts with HTTP 503. */
  void refuse(int attempts) {
    toRefuse.set(attempts);
  }

  /** How many attempts were refused. */
  int refused() {
    return refused.get();
  }

  /** The URL of this venue, with {@code path}. */
  String url(String path) {
    return "ws://127.0.0.1:" + server.actualPort() + path;
  }

  /** The HTTP URL of this venue's REST endpoint. */
  String restUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The next REST request, unanswered. */
  Rest nextRest() {
    return Await.next(rest, "REST request");
  }

  /** The next connection the client opened. */
  Connection next() {
    return Await.next(connections, "connection");
  }

  @Override
  public void close() {
    Await.result(server.close());
  }
}
