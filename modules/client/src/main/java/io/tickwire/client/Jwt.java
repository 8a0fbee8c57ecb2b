package io.tickwire.client;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads the expiry of a JWT without verifying it: only to know when to refresh. Pure. */
final class Jwt {

  private Jwt() {
  }

  /** The token's {@code exp} in ms since the Unix epoch, or -1 when it has none or is no JWT. */
  static long expiresAtMs(String token) {
    if (token == null) {
      return -1;
    }
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return -1;
    }
    try {
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]),
          StandardCharsets.UTF_8));
      Object exp = claims.getValue("exp");
      return exp instanceof Number seconds ? (long) (seconds.doubleValue() * 1000) : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
