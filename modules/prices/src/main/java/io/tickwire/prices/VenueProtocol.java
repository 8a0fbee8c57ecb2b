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

  /**
   * Reads the answer to {@link VenueSink#fetch}: the body of a {@code 200} answer to the GET
   * asked for under {@code key}, on this connection's event loop. Never called for a fetch of an
   * earlier connection, nor for a key asked for again since (only the latest request of a key is
   * answered).
   *
   * @return {@code true} when the answer was used; {@code false} when it came too early (e.g. a
   *     snapshot older than the updates it must precede), so the source fetches the same URL again
   *     after a backoff
   * @throws MalformedMessage when the body cannot be used; nothing from it reached the sink, and
   *     the source fetches again after a backoff
   */
  default boolean onFetched(String key, String body, long now, VenueSink sink)
      throws MalformedMessage {
    throw new MalformedMessage(MalformedMessage.UNEXPECTED, "no fetch was asked for");
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

    /**
     * Asks for an HTTP GET of {@code url} (e.g. a venue's REST book snapshot); the body comes
     * back to {@link VenueProtocol#onFetched} under {@code key}. Asking again under a key whose
     * answer is still awaited replaces that request. A failed fetch (error status, timeout, a
     * body over the size limit) is reported as malformed and tried again after a backoff, until
     * an answer is used or the connection ends; an answer never outlives its connection.
     */
    default void fetch(String key, String url) {
      throw new UnsupportedOperationException("this source cannot fetch");
    }
  }
}
