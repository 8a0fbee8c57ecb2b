package io.tickwire.runtime;

/** A configuration value that cannot be used; the message names the key. */
public final class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String problem) {
    super("config key '" + key + "': " + problem);
    this.key = key;
  }

  /** The full dotted key, e.g. {@code gateway.maxFrameBytes}. */
  public String key() {
    return key;
  }
}
