package io.tickwire.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Named details of a node's health that any module contributes, served at {@code /health} under
 * {@code details} (e.g. the state of each price venue). A detail does not change readiness; it
 * tells an operator what is degraded. Suppliers are called on the thread serving
 * {@code /health}: they must be thread-safe, cheap and must not block. Thread-safe.
 *
 * <p>{@code /health} may be public: a contribution shows upstream URLs with
 * {@link Urls#redact(String)}, and {@link #toJson()} redacts every URL in every text of every
 * detail once more ({@link Urls#redactAll(String)}), so that a key in a path, query or userinfo
 * (an error message quoting the URL, say) never reaches it.
 */
public final class HealthDetails {

  private final Map<String, Supplier<JsonObject>> details = new ConcurrentHashMap<>();

  /** Adds or replaces the detail called {@code name}. */
  public void put(String name, Supplier<JsonObject> detail) {
    details.put(name, detail);
  }

  /** Removes the detail called {@code name}, if any. */
  public void remove(String name) {
    details.remove(name);
  }

  /** Every detail, by name, with every URL in it redacted to {@code scheme://host[:port]}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    new TreeMap<>(details).forEach((name, detail) -> json.put(name, redacted(detail.get())));
    return json;
  }

  private static Object redacted(Object value) {
    if (value instanceof String text) {
      return Urls.redactAll(text);
    }
    if (value instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      object.forEach(entry -> copy.put(entry.getKey(), redacted(entry.getValue())));
      return copy;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(redacted(item)));
      return copy;
    }
    if (value instanceof Map<?, ?> map) {
      return redacted(new JsonObject(cast(map)));
    }
    if (value instanceof List<?> list) {
      return redacted(new JsonArray(list));
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
