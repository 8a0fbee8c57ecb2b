package io.tickwire.gateway;

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
 */
public record ApiConfig(List<String> keys, int maxBodyBytes, long idempotencyTtlMs) {

  public static final int DEFAULT_MAX_BODY_BYTES = 1_048_576;
  public static final long DEFAULT_IDEMPOTENCY_TTL_MS = 300_000;

  public ApiConfig {
    keys = List.copyOf(keys);
    if (keys.stream().anyMatch(key -> key.length() < 3)) {
      throw new ConfigException("api.keys", "every key must be at least 3 characters");
    }
  }

  public static ApiConfig from(Section section) {
    ApiConfig config = new ApiConfig(section.secrets("keys", List.of()),
        section.intValue("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1_024, 64 * 1024 * 1024),
        section.longValue("idempotencyTtlMs", DEFAULT_IDEMPOTENCY_TTL_MS, 1_000, 86_400_000));
    section.done();
    return config;
  }

  @Override
  public String toString() {
    return "ApiConfig[keys=" + keys.size() + " configured, maxBodyBytes=" + maxBodyBytes
        + ", idempotencyTtlMs=" + idempotencyTtlMs + "]";
  }
}
