package io.tickwire.notifications;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's message template: text with {@code {{placeholder}}}s filled from a firing's facts.
 * Pure; thread-safe.
 */
final class Template {

  /** Every placeholder a template may use. */
  static final Set<String> PLACEHOLDERS = Set.of("symbol", "price", "previous", "level",
      "condition", "direction", "pct", "change", "window", "address", "balance", "amount",
      "hash", "status", "rule", "name", "time", "token");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]*)\\s*}}");

  private Template() {
  }

  /**
   * Checks that {@code template} uses only known placeholders.
   *
   * @throws ProtocolException {@code bad_request} naming the first unknown one
   */
  static void validate(String template) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      if (!PLACEHOLDERS.contains(matcher.group(1))) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'message': unknown placeholder {{"
            + matcher.group(1) + "}}; known: " + new TreeSet<>(PLACEHOLDERS));
      }
    }
  }

  /** The template with each placeholder replaced by its value; absent values become empty. */
  static String render(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
