package io.tickwire.gateway.api;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Disconnecting a user on every node, optionally with a ban: what
 * {@code POST /api/users/{user}/disconnect} and the admin console's button do. The request is
 * published on {@link Addresses#USERS_DISCONNECT}; every gateway instance closes the user's
 * connections with 4003 and, for a ban, its node refuses the user until the ban ends.
 */
public final class UserDisconnect {

  /** The longest user name (a token's {@code sub}). */
  public static final int MAX_USER_CHARS = 128;

  private UserDisconnect() {
  }

  /** The user named in a path, checked. */
  public static String user(String user) {
    if (user == null || user.isEmpty() || user.length() > MAX_USER_CHARS) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "user must be 1 to " + MAX_USER_CHARS + " characters");
    }
    return user;
  }

  /**
   * The ban a request body asks for: none without a body or without {@code banSeconds}, else a
   * whole number from 0 to {@code maxBanSeconds}.
   */
  public static long banSeconds(Object body, long maxBanSeconds) {
    if (body == null) {
      return 0;
    }
    if (!(body instanceof JsonObject object)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "the body must be empty or a JSON object such as {\"banSeconds\": 60}");
    }
    Object value = object.getValue("banSeconds");
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
        || number.doubleValue() < 0 || number.doubleValue() > maxBanSeconds) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'banSeconds' must be a whole number from 0 to " + maxBanSeconds);
    }
    return number.longValue();
  }

  /**
   * Publishes the disconnect; answers what the HTTP caller is told: {@code {"user", "status":
   * "disconnecting"}}, with {@code banSeconds} when there is a ban.
   */
  public static JsonObject send(Vertx vertx, String user, long banSeconds) {
    JsonObject request = new JsonObject().put("user", user);
    JsonObject answer = new JsonObject().put("user", user).put("status", "disconnecting");
    if (banSeconds > 0) {
      request.put("banSeconds", banSeconds);
      answer.put("banSeconds", banSeconds);
    }
    vertx.eventBus().publish(Addresses.USERS_DISCONNECT, request);
    return answer;
  }
}
