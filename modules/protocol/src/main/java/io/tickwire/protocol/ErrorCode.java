package io.tickwire.protocol;

import java.util.Locale;

/**
 * The error codes of wire protocol v1. Each code has the snake_case token sent in {@code error}
 * frames and the HTTP-like status used as the event-bus failure code when a service refuses a
 * request, so a service's error passes through the gateway unchanged.
 */
public enum ErrorCode {
  /** Malformed JSON, missing or wrong fields, unknown frame type. */
  BAD_REQUEST(400),
  /** No token, or a bad one. */
  UNAUTHORIZED(401),
  /** Not allowed on that channel or method. */
  FORBIDDEN(403),
  /** Unknown method or channel namespace. */
  NOT_FOUND(404),
  /** Too large a frame or payload. */
  TOO_LARGE(413),
  /** Too many frames. */
  RATE_LIMITED(429),
  /** Anything the server did not expect. */
  INTERNAL(500),
  /** The service is down. */
  UNAVAILABLE(503),
  /** The service did not answer in time. */
  TIMEOUT(504);

  private final int status;
  private final String token;

  ErrorCode(int status) {
    this.status = status;
    this.token = name().toLowerCase(Locale.ROOT);
  }

  /** The token on the wire, e.g. {@code bad_request}. */
  public String token() {
    return token;
  }

  /** The HTTP status, also the event-bus failure code of a refused request. */
  public int status() {
    return status;
  }

  /** The code for an event-bus failure code; anything unknown is {@link #INTERNAL}. */
  public static ErrorCode fromStatus(int status) {
    for (ErrorCode code : values()) {
      if (code.status == status) {
        return code;
      }
    }
    return INTERNAL;
  }

  /** The code for a wire token, or {@code null} when the token is not one of ours. */
  public static ErrorCode fromToken(String token) {
    for (ErrorCode code : values()) {
      if (code.token.equals(token)) {
        return code;
      }
    }
    return null;
  }
}
