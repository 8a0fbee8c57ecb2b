package io.tickwire.client;

/**
 * A failure on the client's side of the wire: the frame was never answered, or never sent.
 * Refusals by the server fail futures with {@link io.tickwire.protocol.ProtocolException} instead,
 * which carries the server's error code.
 */
public final class ClientException extends RuntimeException {

  /** What went wrong. */
  public enum Reason {
    /** No answer within the timeout (counted from the call, including time spent queued). */
    TIMEOUT,
    /** The connection was lost after the frame was sent: it may or may not have been processed. */
    DISCONNECTED,
    /** The outbound queue is full while disconnected: the frame was refused, not sent later. */
    QUEUE_FULL,
    /** The client was closed, or gave up reconnecting, before an answer came. */
    CLOSED
  }

  private final Reason reason;

  public ClientException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** CLOSED, for what is asked of a client closed for good. */
  static ClientException closed() {
    return new ClientException(Reason.CLOSED, "the client is closed");
  }
}
