package io.tickwire.protocol;

/** WebSocket close codes the server uses, per wire protocol v1. */
public final class CloseCode {

  /** Server going away (shutdown, drain): reconnect elsewhere. */
  public static final short GOING_AWAY = 1001;
  /** A frame over the size limit. */
  public static final short TOO_LARGE = 1009;
  /** The connection stopped answering pings. */
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
