package io.tickwire.gateway.config;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;

/**
 * The {@code api} section: the server HTTP API for backends.
 *
 * @param keys accepted API keys ({@code Authorization: ApiKey <key>}); never logged
 * @param maxBodyBytes the largest request body ({@value #DEFAULT_MAX_BODY_BYTES})
 * @param idempotencyTtlMs how long an idempotency key answers the same publication
 *     ({@value #DEFAULT_IDEMPOTENCY_TTL_MS})
 * @param maxBanSeconds the longest ban a disconnect may carry ({@value #DEFAULT_MAX_BAN_SECONDS})
 */
public record ApiConfig(List<String> keys, int maxBodyBytes, long idempotencyTtlMs,
    long maxBanSeconds) {

  public static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;
  public static final long DEFAULT_IDEMPOTENCY_TTL_MS = 300_000;
  public static final long DEFAULT_MAX_BAN_SECONDS = 86_400;
  /** The shortest API key outside the dev profile. */
  public static final int MIN_KEY_CHARS = 16;
  /** The dev profile's API key: public, so dev only. */
  public static final String DEV_KEY = "dev";

  public ApiConfig {
    keys = List.copyOf(keys);
    if (keys.stream().anyMatch(key -> key.length() < 3)) {
      throw new ConfigException("api.keys", "every key must be at least 3 characters");
    }
  }

  public static ApiConfig from(Section section) {
    ApiConfig config = new ApiConfig(section.secrets("keys", List.of()),
        section.intValue("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1_024, 64 * 1024 * 1024),
        section.longValue("idempotencyTtlMs", DEFAULT_IDEMPOTENCY_TTL_MS, 1_000, 86_400_000),
        section.longValue("maxBanSeconds", DEFAULT_MAX_BAN_SECONDS, 0, 2_592_000));
    section.done();
    return config;
  }

  /**
   * Refuses keys only the dev profile may use: {@value #DEV_KEY}, or any key shorter than
   * {@value #MIN_KEY_CHARS} characters (guessable). The key itself is never shown.
   *
   * @throws ConfigException naming the key's position
   */
  public void refuseDevSettings() {
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (DEV_KEY.equals(key)) {
        throw new ConfigException("api.keys", "key " + (i + 1) + " is the dev profile's key"
            + " 'dev': set TICKWIRE_API_KEYS to keys of your own");
      }
      if (key.length() < MIN_KEY_CHARS) {
        throw new ConfigException("api.keys", "key " + (i + 1) + " has " + key.length()
            + " characters; outside the dev profile every key needs at least " + MIN_KEY_CHARS);
      }
    }
  }

  @Override
  public String toString() {
    return "ApiConfig[keys=" + keys.size() + " configured, maxBodyBytes=" + maxBodyBytes
        + ", idempotencyTtlMs=" + idempotencyTtlMs + ", maxBanSeconds=" + maxBanSeconds + "]";
  }
}
