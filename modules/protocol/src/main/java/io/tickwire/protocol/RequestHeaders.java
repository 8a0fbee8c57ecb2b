package io.tickwire.protocol;

/**
 * Headers the gateway sets on a request it forwards to a service: who asks. The request body is
 * the frame's {@code data}. A header is absent when it does not apply (no {@link #USER} for an
 * anonymous connection).
 */
public final class RequestHeaders {

  /** The token's subject. */
  public static final String USER = "tickwire-user";
  /** The session id of the connection. */
  public static final String SESSION = "tickwire-session";
  /** The token's {@code wallets} claim, lower-cased and comma-separated. */
  public static final String WALLETS = "tickwire-wallets";
  /**
   * In a cluster: the members' seal over the headers above and the body, which every member
   * checks before a service sees the request (a cluster concern; absent on a single node).
   */
  public static final String SEAL = "tickwire-seal";

  private RequestHeaders() {
  }
}
