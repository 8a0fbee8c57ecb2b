package io.tickwire.gateway.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The node's configuration as the admin console shows it: every value under a secret-like key
 * name is replaced by {@value #REDACTED} (an empty one stays empty, so an operator sees that it is
 * unset), and a password inside a URL ({@code scheme://user:password@host}) is replaced wherever
 * it appears. Pure.
 */
public final class Redaction {

  /** What a secret value is shown as. */
  public static final String REDACTED = "(redacted)";

  /**
   * Parts of key names whose values are secret, compared without case: {@code auth.hmacSecret},
   * {@code api.keys}, {@code cluster.identitySecret}, the database and SMTP passwords, webhook
   * secrets, private keys, tokens and credentials of any module.
   */
  static final List<String> SECRET_NAMES = List.of("secret", "password", "passwd", "keys",
      "apikey", "token", "credential", "privatekey", "keypem", "salt");

  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*):[^@/\\s]*@");

  private Redaction() {
  }

  /** A redacted copy of {@code config}. */
  public static JsonObject redact(JsonObject config) {
    JsonObject copy = new JsonObject();
    config.forEach(entry -> copy.put(entry.getKey(), value(entry.getKey(), entry.getValue())));
    return copy;
  }

  /** Whether a key of this name holds a secret. */
  static boolean secret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    // Boolean switches and sizes named after secrets (devTokens, devTokenTtlMs) are not secret.
    if (lower.endsWith("ms") || lower.startsWith("dev") || lower.startsWith("max")) {
      return false;
    }
    return SECRET_NAMES.stream().anyMatch(lower::contains);
  }

  private static Object value(String name, Object value) {
    if (value instanceof JsonObject child) {
      return redact(child);
    }
    boolean hidden = secret(name);
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(hidden && !(item instanceof JsonObject) ? REDACTED
          : value(name, item)));
      return copy;
    }
    if (value instanceof String text) {
      if (hidden) {
        return text.isEmpty() ? "" : REDACTED;
      }
      return URL_PASSWORD.matcher(text).replaceAll("$1:" + REDACTED + "@");
    }
    if (hidden && value != null && !(value instanceof Boolean)) {
      return REDACTED;
    }
    return value;
  }
}
