package io.tickwire.protocol;

/**
 * WebSocket close codes of wire protocol v1: those the server closes with, and the two a
 * connection may also end with that the server does not send ({@link #NORMAL},
 * {@link #ABNORMAL}).
 */
public final class CloseCode {

  /** Closed normally: what the client sends when it closes for good. */
  public static final short NORMAL = 1000;
  /** Server going away (shutdown, drain): reconnect elsewhere. */
  public static final short GOING_AWAY = 1001;
  /**
   * Never sent: what a side reports when the connection dropped without a close frame (a network
   * failure, a crashed peer).
   */
  public static final short ABNORMAL = 1006;
  /** A frame over the size limit. */
  public static final short TOO_LARGE = 1009;
  /** The connection stopped answering pings (the server's, or the Java client's own). */
  public static final short HEARTBEAT_TIMEOUT = 4000;
  /** Token missing where required, invalid, or expired without refresh. */
  public static final short UNAUTHORIZED = 4001;
  /** Disconnected by an operator through the server HTTP API. */
  public static final short DISCONNECTED = 4003;
  /** Persistent abuse of the rate limit. */
  public static final short POLICY_VIOLATION = 4008;
  /** The outbound queue of a stream channel overflowed. */
  public static final short SLOW_CONSUMER = 4009;

  private CloseCode() {
  }
}
