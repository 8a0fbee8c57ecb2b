package io.tickwire.prices;

/**
 * A venue message that cannot be used. The reason is a short token used as a metric tag:
 * {@value #NOT_JSON}, {@value #MISSING_FIELD}, {@value #BAD_NUMBER}, {@value #UNKNOWN_SYMBOL},
 * {@value #UNEXPECTED}, {@value #VENUE_ERROR}.
 */
final class MalformedMessage extends Exception {

  static final String NOT_JSON = "not_json";
  static final String MISSING_FIELD = "missing_field";
  static final String BAD_NUMBER = "bad_number";
  static final String UNKNOWN_SYMBOL = "unknown_symbol";
  static final String UNEXPECTED = "unexpected";
  static final String VENUE_ERROR = "venue_error";

  private final String reason;

  MalformedMessage(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
