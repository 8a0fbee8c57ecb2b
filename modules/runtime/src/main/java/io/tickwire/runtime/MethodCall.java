package io.tickwire.runtime;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * One call of a request method, as a service sees it: who calls (from the connection's token) and
 * the request's {@code data}.
 *
 * @param method the method name, e.g. {@code alerts.create}
 * @param user the token's subject, or {@code null} for an anonymous connection
 * @param session the calling connection's session id
 * @param wallets the token's wallets, lower-cased
 * @param data the request's data, never {@code null}
 */
public record MethodCall(String method, String user, String session, Set<String> wallets,
    JsonObject data) {

  public MethodCall {
    wallets = Set.copyOf(wallets);
    data = data == null ? new JsonObject() : data;
  }

  /**
   * The calling user.
   *
   * @throws ProtocolException {@code unauthorized} when the connection has no token
   */
  public String requireUser() {
    if (user == null) {
      throw new ProtocolException(ErrorCode.UNAUTHORIZED, method + " needs a token");
    }
    return user;
  }
}
