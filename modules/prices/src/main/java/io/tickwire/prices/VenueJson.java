package io.tickwire.prices;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Field-by-field reads of venue messages; each failure is a {@link MalformedMessage}. */
final class VenueJson {

  private VenueJson() {
  }

  static JsonObject object(String text) throws MalformedMessage {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new MalformedMessage(MalformedMessage.NOT_JSON, "not a JSON object");
    }
  }

  static JsonObject object(JsonObject json, String field) throws MalformedMessage {
    if (!(json.getValue(field) instanceof JsonObject value)) {
      throw missing(field, "an object");
    }
    return value;
  }

  static JsonArray array(JsonObject json, String field) throws MalformedMessage {
    if (!(json.getValue(field) instanceof JsonArray value)) {
      throw missing(field, "an array");
    }
    return value;
  }

  static JsonObject element(JsonArray array, int index, String field) throws MalformedMessage {
    if (!(array.getValue(index) instanceof JsonObject value)) {
      throw new MalformedMessage(MalformedMessage.MISSING_FIELD,
          "'" + field + "[" + index + "]' must be an object");
    }
    return value;
  }

  static String string(JsonObject json, String field) throws MalformedMessage {
    if (!(json.getValue(field) instanceof String value) || value.isEmpty()) {
      throw missing(field, "a non-empty string");
    }
    return value;
  }

  /** A string or {@code null} when absent; anything else is malformed. */
  static String optionalString(JsonObject json, String field) throws MalformedMessage {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw missing(field, "a string");
    }
    return (String) value;
  }

  static long whole(JsonObject json, String field) throws MalformedMessage {
    Object value = json.getValue(field);
    if (!(value instanceof Number number)
        || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw missing(field, "a whole number");
    }
    return number.longValue();
  }

  /** A positive price, given as a JSON number or a decimal string. */
  static double price(JsonObject json, String field) throws MalformedMessage {
    double value = decimal(json, field, true);
    if (!(value > 0)) {
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
          "'" + field + "' must be positive, got " + value);
    }
    return value;
  }

  /** A positive price, or NaN when the field is absent or null. */
  static double optionalPrice(JsonObject json, String field) throws MalformedMessage {
    if (json.getValue(field) == null) {
      return Double.NaN;
    }
    return price(json, field);
  }

  /** A number of at least 0, or NaN when the field is absent or null. */
  static double optionalAmount(JsonObject json, String field) throws MalformedMessage {
    if (json.getValue(field) == null) {
      return Double.NaN;
    }
    double value = decimal(json, field, true);
    if (value < 0) {
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
          "'" + field + "' must not be negative, got " + value);
    }
    return value;
  }

  /** Any finite number, or NaN when the field is absent or null. */
  static double optionalNumber(JsonObject json, String field) throws MalformedMessage {
    return json.getValue(field) == null ? Double.NaN : decimal(json, field, true);
  }

  /** An RFC 3339 time ({@code 2023-02-09T20:19:35.396Z}), in ms since the epoch. */
  static long instant(JsonObject json, String field) throws MalformedMessage {
    String text = string(json, field);
    if (text.length() <= 40) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        // Answered below, like an overlong text.
      }
    }
    throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
        "'" + field + "' is not a time: '" + (text.length() <= 40 ? text : "(long text)") + "'");
  }

  private static double decimal(JsonObject json, String field, boolean required)
      throws MalformedMessage {
    Object value = json.getValue(field);
    double number;
    if (value instanceof Number n) {
      number = n.doubleValue();
    } else if (value instanceof String text && !text.isBlank() && text.length() <= 40) {
      try {
        number = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new MalformedMessage(MalformedMessage.BAD_NUMBER,
            "'" + field + "' is not a number: '" + text + "'");
      }
    } else if (value == null && required) {
      throw missing(field, "a number");
    } else {
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER, "'" + field + "' is not a number");
    }
    if (!Double.isFinite(number)) {
      throw new MalformedMessage(MalformedMessage.BAD_NUMBER, "'" + field + "' is not finite");
    }
    return number;
  }

  private static MalformedMessage missing(String field, String what) {
    return new MalformedMessage(MalformedMessage.MISSING_FIELD,
        "'" + field + "' is required and must be " + what);
  }
}
