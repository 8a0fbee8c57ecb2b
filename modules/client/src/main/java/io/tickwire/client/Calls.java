package io.tickwire.client;

import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.function.Function;

/**
 * The frames that wait for an answer ({@code request}, {@code ping}, {@code unsubscribe},
 * {@code auth}, {@code publish}, {@code presence}), from the call until the answer, the timeout or the loss of the connection. A
 * call goes out at once while the connection is open; otherwise it waits in the outbound queue
 * (or is refused with QUEUE_FULL) and goes out, in order, right after the resubscription of the
 * next connection. Its timeout counts from the call, queued time included. Also gives every
 * frame its id. Confined to the client's event loop.
 */
final class Calls {

  private final Vertx vertx;
  private final Connection connection;
  private final OutboundQueue<PendingCalls.Call> queue;
  private final PendingCalls pending = new PendingCalls();
  private long ids;

  Calls(Vertx vertx, Connection connection, int queueSize) {
    this.vertx = vertx;
    this.connection = connection;
    this.queue = new OutboundQueue<>(queueSize);
  }

  /** A new frame id: {@code prefix} and a number unique in this client. */
  String nextId(String prefix) {
    return prefix + ++ids;
  }

  /**
   * Sends the frame {@code frame} builds from its id, now or once connected. Completes with the
   * answer; fails with the server's {@link ProtocolException}, or a {@link ClientException}:
   * TIMEOUT after {@code timeoutMs}, DISCONNECTED when the connection is lost after the frame
   * went out, QUEUE_FULL, CLOSED.
   */
  Future<JsonObject> call(String prefix, Function<String, JsonObject> frame, long timeoutMs) {
    if (connection.isClosed()) {
      return Future.failedFuture(ClientException.closed());
    }
    String id = nextId(prefix);
    PendingCalls.Call call = pending.add(id, frame.apply(id));
    arm(call, timeoutMs);
    if (connection.isOpen()) {
      send(call);
    } else if (!queue.offer(call)) {
      pending.take(id);
      vertx.cancelTimer(call.timer);
      call.promise.fail(new ClientException(ClientException.Reason.QUEUE_FULL,
          "the outbound queue is full (" + queue.capacity() + " frames) while disconnected"));
    }
    return call.promise.future();
  }

  /** The connection opened: sends the queued calls, oldest first. */
  void flush() {
    for (PendingCalls.Call call : queue.drain()) {
      send(call);
    }
  }

  /** Takes the call a frame with {@code id} answers, its timeout cancelled, or {@code null}. */
  PendingCalls.Call take(String id) {
    PendingCalls.Call call = pending.take(id);
    if (call != null) {
      vertx.cancelTimer(call.timer);
    }
    return call;
  }

  /** Completes the call that {@code frame} answers, if it still waits. */
  void answer(JsonObject frame) {
    PendingCalls.Call call = take(frame.getString("id"));
    if (call != null) {
      call.promise.tryComplete(frame);
    }
  }

  /** Fails the call that {@code error} answers; answers whether one was waiting. */
  boolean refuse(ProtocolException error) {
    PendingCalls.Call call = take(error.id());
    if (call == null) {
      return false;
    }
    call.promise.tryFail(error);
    return true;
  }

  /**
   * Fails the call that {@code error} answers when its frame is of one of {@code types}; answers
   * whether it did.
   */
  boolean refuse(ProtocolException error, Set<String> types) {
    PendingCalls.Call call = pending.get(error.id());
    return call != null && types.contains(call.frame.getString("type")) && refuse(error);
  }

  /** The connection was lost: the calls sent on it fail with DISCONNECTED; queued ones wait. */
  void lost(String reason) {
    for (PendingCalls.Call call : pending.takeSent()) {
      vertx.cancelTimer(call.timer);
      call.promise.tryFail(new ClientException(ClientException.Reason.DISCONNECTED,
          "the connection was lost before the answer to '" + call.id + "' arrived: " + reason));
    }
  }

  /** The client closed or gave up: every call fails with {@code cause}, queued ones too. */
  void failAll(Throwable cause) {
    for (PendingCalls.Call call : pending.takeAll()) {
      vertx.cancelTimer(call.timer);
      call.promise.tryFail(cause);
    }
    queue.drain();
  }

  private void arm(PendingCalls.Call call, long timeoutMs) {
    call.timer = vertx.setTimer(Math.max(1, timeoutMs), ignored -> {
      if (pending.take(call.id) == call) {
        queue.remove(call);
        call.promise.tryFail(new ClientException(ClientException.Reason.TIMEOUT,
            "no answer to '" + call.id + "' (" + call.frame.getString("type") + ") within "
                + timeoutMs + " ms"));
      }
    });
  }

  private void send(PendingCalls.Call call) {
    call.sent = true;
    call.sentNanos = System.nanoTime();
    connection.write(call.frame);
  }
}
