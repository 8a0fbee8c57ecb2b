package io.tickwire.gateway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The configured API keys ({@code api.keys}), compared in constant time. Immutable. */
public final class ApiKeys {

  /** The header scheme: {@code Authorization: ApiKey <key>}. */
  public static final String SCHEME = "ApiKey ";

  private final List<byte[]> keys;

  public ApiKeys(List<String> keys) {
    this.keys = keys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** Whether {@code header} is {@code ApiKey <key>} with a configured key. */
  public boolean accepts(String header) {
    return header != null && header.startsWith(SCHEME)
        && known(header.substring(SCHEME.length()).trim());
  }

  private boolean known(String key) {
    byte[] candidate = key.getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] configured : keys) {
      match |= MessageDigest.isEqual(configured, candidate);
    }
    return match;
  }
}
