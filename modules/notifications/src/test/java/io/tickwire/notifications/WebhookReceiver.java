package io.tickwire.notifications;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * A webhook endpoint for tests, on its own Vert.x so that it outlives the nodes: each path
 * {@code /hook/<name>} answers with the status its behaviour gives (200 unless told), where
 * {@link #DROP} drops the connection without an answer, {@link #HANG} never answers,
 * {@link #ENDLESS} answers 200 with a body that never ends and {@link #DRIP} answers 200 with a
 * body of one byte every 50 ms; and queues what it received. It counts the connections made to
 * it.
 */
final class WebhookReceiver implements AutoCloseable {

  /** Drop the connection without an answer. */
  static final int DROP = -1;
  /** Never answer: the sender's timeout has to end the attempt. */
  static final int HANG = -2;
  /** Answer 200 and stream a body, as fast as the connection takes it, until it is closed. */
  static final int ENDLESS = -3;
  /** Answer 200 and send one byte of body every {@link #DRIP_MS}, until the connection closes. */
  static final int DRIP = -4;
  static final long DRIP_MS = 50;
  /** What an endless body may reach at most, so that a sender that never stops ends the test. */
  static final long ENDLESS_LIMIT_BYTES = 256L * 1024 * 1024;

  /**
   * One request as received, and what it was answered; {@code closed} completes when its
   * connection closes.
   */
  record Received(String path, String host, String id, String timestamp, String signature,
      String body, int answered, CompletableFuture<Void> closed, AtomicLong written) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, IntSupplier> behaviours = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<Received>> received = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final HttpServer server;

  WebhookReceiver() {
    server = Await.result(vertx.createHttpServer()
        .connectionHandler(connection -> connections.incrementAndGet())
        .requestHandler(this::handle).listen(0, "127.0.0.1"));
  }

  String url(String name) {
    return url("127.0.0.1", name);
  }

  /** The URL of {@code /hook/<name>} with {@code host} for this receiver's address. */
  String url(String host, String name) {
    return "http://" + host + ":" + server.actualPort() + "/hook/" + name;
  }

  int port() {
    return server.actualPort();
  }

  /** How many connections were made to this receiver so far. */
  int connections() {
    return connections.get();
  }

  /** How {@code /hook/<name>} answers from now on. */
  void answer(String name, IntSupplier status) {
    behaviours.put(name, status);
  }

  /** The next request to {@code /hook/<name>}. */
  Received next(String name) {
    return Await.next(queue(name), "webhook at " + name);
  }


  /** The requests to {@code /hook/<name>} received so far and not taken yet. */
  java.util.List<Received> pending(String name) {
    return java.util.List.copyOf(queue(name));
  }

  private BlockingQueue<Received> queue(String name) {
    return received.computeIfAbsent(name, ignored -> new LinkedBlockingQueue<>());
  }

  private void handle(HttpServerRequest request) {
    String name = request.path().substring("/hook/".length());
    CompletableFuture<Void> closed = new CompletableFuture<>();
    request.connection().closeHandler(ignored -> closed.complete(null));
    request.body().onSuccess(body -> {
      int status = behaviours.getOrDefault(name, () -> 200).getAsInt();
      AtomicLong written = new AtomicLong();
      queue(name).add(new Received(request.path(), request.getHeader("host"),
          request.getHeader("webhook-id"), request.getHeader("webhook-timestamp"),
          request.getHeader("webhook-signature"), body.toString(), status, closed, written));
      if (status == DROP) {
        request.connection().close();
      } else if (status == ENDLESS) {
        request.response().setChunked(true).setStatusCode(200);
        stream(request.response(), closed, written);
      } else if (status == DRIP) {
        request.response().setChunked(true).setStatusCode(200);
        long timer = vertx.setPeriodic(DRIP_MS, ignored -> {
          request.response().write("x");
          written.incrementAndGet();
        });
        closed.whenComplete((ignored, e) -> vertx.cancelTimer(timer));
      } else if (status != HANG) {
        request.response().setStatusCode(status).end();
      }
    });
  }

  /**
   * Writes 8 KiB chunks as fast as the connection takes them, the next once the last is written,
   * until it closes.
   */
  private static void stream(HttpServerResponse response, CompletableFuture<Void> closed,
      AtomicLong written) {
    if (closed.isDone() || written.get() >= ENDLESS_LIMIT_BYTES) {
      return;
    }
    Buffer chunk = Buffer.buffer(new byte[8 * 1024]);
    response.write(chunk).onSuccess(ignored -> {
      written.addAndGet(chunk.length());
      stream(response, closed, written);
    });
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
