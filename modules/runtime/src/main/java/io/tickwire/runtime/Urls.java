package io.tickwire.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * URLs as they may be shown where others read them (health details, logs, error texts): hosted
 * providers put API keys in the path, the query or the userinfo of their URLs, so only
 * {@code scheme://host[:port]} is ever shown.
 */
public final class Urls {

  /** What {@link #redact} answers for a value that is not a URL with a scheme and a host. */
  public static final String INVALID = "invalid-url";

  private Urls() {
  }

  /**
   * {@code url} without userinfo, path, query and fragment: {@code wss://mainnet.example.org/v3/KEY}
   * becomes {@code wss://mainnet.example.org}. Answers {@link #INVALID} for {@code null} or for a
   * value without a scheme and host, so nothing of an unparsable value is ever shown.
   */
  public static String redact(String url) {
    if (url == null) {
      return INVALID;
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      return INVALID;
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (scheme == null || host == null || host.isEmpty()) {
      return INVALID;
    }
    int port = uri.getPort();
    return scheme.toLowerCase(Locale.ROOT) + "://" + host + (port >= 0 ? ":" + port : "");
  }
}
