package io.tickwire.notifications;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/** Checks on request data shared by the notification module's methods. Pure. */
final class Requests {

  static final int MAX_ID_LENGTH = 64;

  private Requests() {
  }

  /** Refuses fields outside {@code allowed}. */
  static void only(JsonObject data, Set<String> allowed) {
    for (String field : data.fieldNames()) {
      if (!allowed.contains(field)) {
        throw bad("unknown field '" + field + "'"
            + (allowed.isEmpty() ? "; this method takes none" : "; known: " + new TreeSet<>(allowed)));
      }
    }
  }

  /** A required id field. */
  static String id(JsonObject data, String field) {
    Object value = data.getValue(field);
    if (!(value instanceof String text) || text.isEmpty() || text.length() > MAX_ID_LENGTH) {
      throw bad("field '" + field + "' is required: a string of 1 to " + MAX_ID_LENGTH
          + " characters");
    }
    return text;
  }

  /** An optional boolean field. */
  static boolean flag(JsonObject data, String field, boolean defaultValue) {
    Object value = data.getValue(field);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean flag)) {
      throw bad("field '" + field + "' must be true or false");
    }
    return flag;
  }

  static ProtocolException bad(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }

  static ProtocolException notFound(String id) {
    return new ProtocolException(ErrorCode.NOT_FOUND, "no alert rule '" + id + "'");
  }
}
