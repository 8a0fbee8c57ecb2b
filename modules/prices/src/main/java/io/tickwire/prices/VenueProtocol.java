package io.tickwire.prices;

import java.util.List;

/**
 * What one exchange's WebSocket speaks, for one connection: where to connect, what to send once
 * connected, how to read each message and how to ping. One instance per connection (it may keep
 * the connection's state, such as a sequence number). Pure: no I/O of its own, so each venue's
 * format is tested without a network. Called on the connection's event loop.
 */
interface VenueProtocol {

  /** The URL to connect to, from the configured endpoint. */
  String url(String endpoint);

  /** The messages to send as soon as the connection is open (subscriptions), in order. */
  List<String> subscribe();

  /**
   * Reads one text message: ticks and signs of life go to {@code sink}.
   *
   * @throws MalformedMessage when the message cannot be used; nothing from it reached the sink
   */
  void onMessage(String text, long now, VenueSink sink) throws MalformedMessage;

  /** An application-level ping to send now and then, or {@code null} when the venue needs none. */
  default String ping() {
    return null;
  }

  /** Where a {@link VenueProtocol} puts what it read. */
  interface VenueSink {

    /** A quote. */
    void tick(Tick tick);

    /** Order-book news; a source that keeps no book never calls it. */
    default void book(BookEvent book) {
    }

    /** A trade; a source that reads no trades never calls it. */
    default void trade(Trade trade) {
    }

    /** A valid message that is not a quote: heartbeat, acknowledgement, status, pong. */
    void alive();

    /** Text to send on the connection now (e.g. to resubscribe). */
    void send(String text);

    /** The venue's sequence skipped messages; {@code detail} says how. */
    void gap(String detail);
  }
}
