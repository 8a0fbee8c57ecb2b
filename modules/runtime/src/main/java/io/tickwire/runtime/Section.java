package io.tickwire.runtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed, validated reads of one configuration section. Every read names the full key in its
 * error; {@link #done()} refuses keys nobody read, so a misspelt key fails at start-up instead of
 * being silently ignored.
 */
public final class Section {

  private final String path;
  private final JsonObject json;
  private final Set<String> read = new HashSet<>();

  private Section(String path, JsonObject json) {
    this.path = path;
    this.json = json;
  }

  /** The whole configuration. */
  public static Section root(JsonObject json) {
    return new Section("", json == null ? new JsonObject() : json);
  }

  /** A child section; an absent one is empty, so every key takes its default. */
  public Section section(String name) {
    read.add(name);
    Object value = json.getValue(name);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException(key(name), "must be an object");
    }
    return new Section(key(name), value == null ? new JsonObject() : (JsonObject) value);
  }

  /** The names of this section's child sections (e.g. the namespaces). */
  public List<String> sectionNames() {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEach(name -> {
      if (json.getValue(name) instanceof JsonObject) {
        names.add(name);
      }
    });
    return names;
  }

  public String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public int intValue(String name, int defaultValue, int min, int max) {
    return (int) longValue(name, defaultValue, min, max);
  }

  public long longValue(String name, long defaultValue, long min, long max) {
    Object value = take(name);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
        || number.longValue() < min || number.longValue() > max) {
      throw new ConfigException(key(name),
          "must be a whole number from " + min + " to " + max + ", got " + describe(value));
    }
    return number.longValue();
  }

  public double doubleValue(String name, double defaultValue, double min, double max) {
    Object value = take(name);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Number number) || number.doubleValue() < min
        || number.doubleValue() > max) {
      throw new ConfigException(key(name),
          "must be a number from " + min + " to " + max + ", got " + describe(value));
    }
    return number.doubleValue();
  }

  public boolean bool(String name, boolean defaultValue) {
    Object value = take(name);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean flag)) {
      throw new ConfigException(key(name), "must be true or false, got " + describe(value));
    }
    return flag;
  }

  /** A string; {@code null} as default makes the key optional. Empty strings count as absent. */
  public String string(String name, String defaultValue) {
    Object value = take(name);
    if (value == null || "".equals(value)) {
      return defaultValue;
    }
    if (!(value instanceof String text)) {
      throw new ConfigException(key(name), "must be a string, got " + describe(value));
    }
    return text;
  }

  /** A secret string: like {@link #string}, but a bad value is never echoed in the error. */
  public String secret(String name, String defaultValue) {
    Object value = take(name);
    if (value == null || "".equals(value)) {
      return defaultValue;
    }
    if (!(value instanceof String text)) {
      throw new ConfigException(key(name), "must be a string (value not shown: it is secret)");
    }
    return text;
  }

  /** A list of secret strings: like {@link #strings}, but bad values are never echoed. */
  public List<String> secrets(String name, List<String> defaultValue) {
    Object value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof JsonArray array && array.stream().anyMatch(item -> !(item instanceof String))
        || !(value instanceof JsonArray) && !(value instanceof String)) {
      throw new ConfigException(key(name),
          "must be a list of strings (value not shown: it is secret)");
    }
    return strings(name, defaultValue);
  }

  /** One of {@code allowed}, compared without case; answers the lower-case form. */
  public String oneOf(String name, String defaultValue, Set<String> allowed) {
    String value = string(name, defaultValue);
    if (value == null) {
      return null;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw new ConfigException(key(name), "must be one of " + allowed + ", got '" + value + "'");
    }
    return lower;
  }

  /** A list of strings, from a JSON array or a comma-separated string. */
  public List<String> strings(String name, List<String> defaultValue) {
    Object value = take(name);
    if (value == null) {
      return defaultValue;
    }
    List<String> items = new ArrayList<>();
    if (value instanceof String text) {
      for (String item : text.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return List.copyOf(items);
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException(key(name), "must be a list of strings, got " + describe(value));
    }
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw new ConfigException(key(name), "must hold only strings, got " + describe(item));
      }
      items.add(text);
    }
    return List.copyOf(items);
  }

  /**
   * Refuses the keys of this section that nothing read.
   *
   * @throws ConfigException naming the first unknown key
   */
  public void done() {
    for (String name : json.fieldNames()) {
      if (!read.contains(name)) {
        throw new ConfigException(key(name), "unknown key");
      }
    }
  }

  /** Marks {@code name} as read and answers its raw value (for free-form sections). */
  public Object raw(String name) {
    return take(name);
  }

  private Object take(String name) {
    read.add(name);
    return json.getValue(name);
  }

  private static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }
}
