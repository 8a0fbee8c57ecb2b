package io.tickwire.notifications;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A webhook endpoint for tests, on its own Vert.x so that it outlives the nodes: each path
 * {@code /hook/<name>} answers with the status its behaviour gives (200 unless told), where
 * {@link #DROP} drops the connection without an answer and {@link #HANG} never answers, and
 * queues what it received.
 */
final class WebhookReceiver implements AutoCloseable {

  /** Drop the connection without an answer. */
  static final int DROP = -1;
  /** Never answer: the sender's timeout has to end the attempt. */
  static final int HANG = -2;

  /**
   * One request as received, and what it was answered; {@code closed} completes when its
   * connection closes.
   */
  record Received(String path, String id, String timestamp, String signature, String body,
      int answered, CompletableFuture<Void> closed) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, IntSupplier> behaviours = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<Received>> received = new ConcurrentHashMap<>();
  private final HttpServer server;

  WebhookReceiver() {
    server = AlertsNode.await(vertx.createHttpServer().requestHandler(this::handle)
        .listen(0, "127.0.0.1"));
  }

  String url(String name) {
    return "http://127.0.0.1:" + server.actualPort() + "/hook/" + name;
  }

  /** How {@code /hook/<name>} answers from now on. */
  void answer(String name, IntSupplier status) {
    behaviours.put(name, status);
  }

  /** The next request to {@code /hook/<name>}. */
  Received next(String name) {
    try {
      Received request = queue(name).poll(WsClient.WAIT_SECONDS, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError("no webhook at " + name + " within " + WsClient.WAIT_SECONDS
            + " s");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
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
      queue(name).add(new Received(request.path(), request.getHeader("webhook-id"),
          request.getHeader("webhook-timestamp"), request.getHeader("webhook-signature"),
          body.toString(), status, closed));
      if (status == DROP) {
        request.connection().close();
      } else if (status != HANG) {
        request.response().setStatusCode(status).end();
      }
    });
  }

  @Override
  public void close() {
    AlertsNode.await(vertx.close());
  }
}
