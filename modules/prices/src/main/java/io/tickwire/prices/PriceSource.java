package io.tickwire.prices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A source of venue quotes: a simulation, or one exchange's WebSocket feed. A source is started
 * on its verticle's context and calls its {@link SourceListener} only there, in order.
 *
 * <p>Contract: {@link #start} answers as soon as the source runs, without waiting for a venue
 * to connect (a venue that is down must not stop the node from starting); the source then keeps
 * itself connected (reconnecting with backoff), says when each of its venues becomes healthy or
 * unhealthy, and reports every message it cannot use without letting it stop anything.
 * {@link #stop} closes its connections and timers; after it, the listener hears nothing more.
 */
interface PriceSource {

  /** Starts the source; {@code listener} is called on the caller's context. */
  Future<Void> start(Vertx vertx, SourceListener listener);

  /** Stops the source. */
  Future<Void> stop();

  /** What a source tells its owner. Called on the source's context, never concurrently. */
  interface SourceListener {

    /** A quote. */
    void tick(Tick tick);

    /** Order-book news of one venue and symbol. */
    default void book(BookEvent book) {
    }

    /** A trade at one venue. */
    default void trade(Trade trade) {
    }

    /** A venue's health changed; {@code reason} is {@code null} when healthy. */
    void health(String venue, boolean healthy, String reason);

    /** A message could not be used: {@code reason} is a metric tag, {@code message} the text. */
    void malformed(String venue, String reason, String detail, String message);

    /** The connection is lost or refused; the next attempt is in {@code delayMs}. */
    void reconnecting(String venue, long delayMs, String why);

    /** The venue's sequence skipped messages and the source resubscribed. */
    void gap(String venue, String detail);
  }
}
