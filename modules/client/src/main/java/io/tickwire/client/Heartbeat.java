package io.tickwire.client;

import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.CloseCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Application-level pings: every {@code pingIntervalMs} while the connection is open, an automatic
 * {@code ping}; one without its {@code pong} within {@code pingTimeoutMs} counts the connection as
 * dead, which is then closed with {@link CloseCode#HEARTBEAT_TIMEOUT} and replaced rather than
 * left to TCP to notice. Every pong, of an automatic ping or of the caller's, adds its round trip
 * to the {@link RttStats}.
 *
 * <p><b>Threading.</b> Confined to the client's event loop, except {@link #rtt()}.
 */
final class Heartbeat {

  private final Vertx vertx;
  private final Connection connection;
  private final Calls calls;
  private final long intervalMs;
  private final long pongTimeoutMs;

  private volatile RttStats rtt = RttStats.EMPTY;
  private long timer = -1;

  /**
   * @param intervalMs between automatic pings; 0 for none
   * @param pongTimeoutMs how long an automatic ping waits for its pong
   */
  Heartbeat(Vertx vertx, Connection connection, Calls calls, long intervalMs,
      long pongTimeoutMs) {
    this.vertx = vertx;
    this.connection = connection;
    this.calls = calls;
    this.intervalMs = intervalMs;
    this.pongTimeoutMs = pongTimeoutMs;
  }

  /** The connection opened: ping it periodically. */
  void start() {
    if (intervalMs > 0) {
      timer = vertx.setPeriodic(intervalMs, ignored -> autoPing());
    }
  }

  /** The connection is gone: no more automatic pings. */
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /** Sends a {@code ping} (now, or once connected); completes with its round trip in ms. */
  Future<Double> ping(long timeoutMs) {
    return send(timeoutMs).map(pong -> rtt.lastMs());
  }

  /** A {@code pong} arrived: counts its round trip, then answers its ping. */
  void pong(JsonObject frame) {
    PendingCalls.Call call = calls.take(frame.getString("id"));
    if (call == null) {
      return;
    }
    rtt = rtt.plus(System.nanoTime() - call.sentNanos);
    call.promise.tryComplete(frame);
  }

  RttStats rtt() {
    return rtt;
  }

  private Future<JsonObject> send(long timeoutMs) {
    return calls.call("p", id -> new ClientFrame.Ping(id, System.currentTimeMillis()).toJson(),
        timeoutMs);
  }

  private void autoPing() {
    int pinged = connection.generation();
    send(pongTimeoutMs).onFailure(failure -> {
      if (pinged == connection.generation() && connection.isOpen()
          && failure instanceof ClientException timeout
          && timeout.reason() == ClientException.Reason.TIMEOUT) {
        // The connection is dead or hopelessly slow: replace it rather than wait for TCP.
        connection.replace(CloseCode.HEARTBEAT_TIMEOUT,
            "no pong within " + pongTimeoutMs + " ms", "pong timeout");
      }
    });
  }
}
