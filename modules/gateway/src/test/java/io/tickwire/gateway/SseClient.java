package io.tickwire.gateway;

import io.tickwire.testkit.core.Await;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** A test's Server-Sent Events reader: events in order, and whether the stream ended. */
final class SseClient {

  /** One event: its id (or {@code null}), its name ({@code message} when unnamed), its data. */
  record Event(String id, String name, String data) {
    JsonObject json() {
      return new JsonObject(data);
    }
  }

  final HttpClientResponse response;
  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  final CompletableFuture<Void> ended = new CompletableFuture<>();
  /** The body of a refusal (any status but 200), or {@code null} for a stream. */
  final String refusal;
  private final StringBuilder pending = new StringBuilder();

  /** A refused stream: its answer, read whole. */
  SseClient(HttpClientResponse response, String refusal) {
    this.response = response;
    this.refusal = refusal;
    ended.complete(null);
  }

  SseClient(HttpClientResponse response) {
    this.response = response;
    this.refusal = null;
    response.handler(buffer -> {
      pending.append(buffer.toString());
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String block = pending.substring(0, end);
        pending.delete(0, end + 2);
        parse(block);
      }
    });
    response.endHandler(ignored -> ended.complete(null));
    response.exceptionHandler(failure -> ended.complete(null));
  }

  private void parse(String block) {
    String id = null;
    String name = "message";
    StringBuilder data = null;
    for (String line : block.split("\n")) {
      if (line.startsWith(":") || line.startsWith("retry:")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
      switch (field) {
        case "id" -> id = value;
        case "event" -> name = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { }
      }
    }
    if (data != null) {
      events.add(new Event(id, name, data.toString()));
    }
  }

  Event next() {
    return Await.next(events, "event");
  }

  Event next(String name) {
    Event event = next();
    if (!name.equals(event.name())) {
      throw new AssertionError("expected a '" + name + "' event, got " + event);
    }
    return event;
  }

  void awaitEnd() {
    Await.result(ended, "end of the stream");
  }

  void close() {
    response.request().connection().close();
  }
}
