package io.tickwire.runtime;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Named details of a node's health that any module contributes, served at {@code /health} under
 * {@code details} (e.g. the state of each price venue). A detail does not change readiness; it
 * tells an operator what is degraded. Suppliers are called on the thread serving
 * {@code /health}: they must be thread-safe, cheap and must not block. Thread-safe.
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

  /** Every detail, by name. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    new TreeMap<>(details).forEach((name, detail) -> json.put(name, detail.get()));
    return json;
  }
}
