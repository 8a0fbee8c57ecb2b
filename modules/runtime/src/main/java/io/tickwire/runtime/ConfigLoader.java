package io.tickwire.runtime;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the configuration: the profile's file {@code <confDir>/<profile>.json}, then an optional
 * overlay file, then environment overrides. Every key of the loaded files can be overridden by
 * {@code TICKWIRE_<KEY>}, the dotted key in upper snake case: {@code gateway.maxFrameBytes} by
 * {@code TICKWIRE_GATEWAY_MAX_FRAME_BYTES}. Lists take comma-separated values.
 */
public final class ConfigLoader {

  /** The prefix of every environment override. */
  public static final String ENV_PREFIX = "TICKWIRE_";

  private ConfigLoader() {
  }

  /**
   * Loads and merges the files, then applies {@code env}. Fails with a {@link ConfigException}
   * when a file is missing or malformed or an override does not fit its key.
   */
  public static Future<JsonObject> load(Vertx vertx, String confDir, String profile,
      String overlayFile, Map<String, String> env) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0)
        .setIncludeDefaultStores(false)
        .addStore(fileStore(confDir + "/" + profile + ".json", false));
    if (overlayFile != null && !overlayFile.isBlank()) {
      options.addStore(fileStore(overlayFile, false));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(failure -> Future.failedFuture(new ConfigException("(file)",
            "cannot read configuration for profile '" + profile + "' from " + confDir + ": "
                + failure.getMessage())))
        .map(json -> applyEnv(json, env));
  }

  private static ConfigStoreOptions fileStore(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("json").setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  /** Applies {@code TICKWIRE_…} overrides to every leaf key of {@code json}; answers a copy. */
  public static JsonObject applyEnv(JsonObject json, Map<String, String> env) {
    JsonObject copy = json.copy();
    override(copy, "", env);
    return copy;
  }

  /** The environment variable that overrides a dotted key. */
  public static String envName(String key) {
    StringBuilder name = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == '-') {
        name.append('_');
      } else if (Character.isUpperCase(c)) {
        name.append('_').append(c);
      } else {
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString();
  }

  /** Every leaf key of {@code json}, dotted, for documentation and checks. */
  public static List<String> leafKeys(JsonObject json) {
    List<String> keys = new ArrayList<>();
    collect(json, "", keys);
    return keys;
  }

  private static void collect(JsonObject json, String prefix, List<String> keys) {
    for (String name : json.fieldNames()) {
      Object value = json.getValue(name);
      if (value instanceof JsonObject child) {
        collect(child, prefix + name + ".", keys);
      } else {
        keys.add(prefix + name);
      }
    }
  }

  private static void override(JsonObject json, String prefix, Map<String, String> env) {
    for (String name : new ArrayList<>(json.fieldNames())) {
      String key = prefix + name;
      Object value = json.getValue(name);
      if (value instanceof JsonObject child) {
        override(child, key + ".", env);
        continue;
      }
      String text = env.get(envName(key));
      if (text != null) {
        json.put(name, parse(key, value, text));
      }
    }
  }

  private static Object parse(String key, Object current, String text) {
    String trimmed = text.trim();
    if (current instanceof Boolean) {
      String lower = trimmed.toLowerCase(Locale.ROOT);
      if (!lower.equals("true") && !lower.equals("false")) {
        throw new ConfigException(key, envName(key) + " must be true or false, got '" + text + "'");
      }
      return Boolean.parseBoolean(lower);
    }
    if (current instanceof Number) {
      try {
        // Not a ?: expression: it would promote the long to a double.
        if (trimmed.contains(".")) {
          return Double.parseDouble(trimmed);
        }
        return Long.parseLong(trimmed);
      } catch (NumberFormatException e) {
        throw new ConfigException(key, envName(key) + " must be a number, got '" + text + "'");
      }
    }
    if (current instanceof JsonArray) {
      JsonArray items = new JsonArray();
      for (String item : trimmed.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
      return items;
    }
    return text;
  }
}
