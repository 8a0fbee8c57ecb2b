package io.tickwire.notifications;

import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook goes: parses its URL, resolves the host and checks every address under the
 * {@link WebhookPolicy}, answering the one address to connect to — so that the address checked
 * is the address connected to, whatever the name server answers next (DNS rebinding). Used when
 * {@code preferences.set} takes a URL and again for every attempt. Literal addresses are never
 * looked up. Thread-safe; futures complete on the caller's context.
 */
final class WebhookTargets {

  /** A webhook URL taken apart. */
  record Target(String scheme, String host, int port, String requestUri) {

    boolean https() {
      return scheme.equals("https");
    }

    /** {@code https://host:port} and {@code http://host:port}, with the path; the URL parsed. */
    static Target parse(String url) {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
          throw new IllegalArgumentException("not an absolute http(s) URL with a host");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
            : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new Target(scheme, WebhookPolicy.normalize(uri.getHost()), port, path + query);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a valid URL: " + e.getReason());
      }
    }
  }

  /** A target refused, with a reason that is safe to show the user. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  static final String NOT_ALLOWED = "address not allowed";
  static final String NOT_FOUND = "host not found";

  private final WebhookPolicy policy;
  private final HostResolver resolver;

  WebhookTargets(WebhookPolicy policy, HostResolver resolver) {
    this.policy = policy;
    this.resolver = resolver;
  }

  /**
   * The address to send a webhook for {@code host} to: the first one it resolves to, when every
   * one is allowed. Fails with {@link Refused} ({@value #NOT_ALLOWED} or {@value #NOT_FOUND}).
   */
  Future<InetAddress> address(String host) {
    InetAddress literal = WebhookPolicy.literal(host);
    Future<List<InetAddress>> addresses = literal != null
        ? Future.succeededFuture(List.of(literal)) : resolver.resolve(host);
    return addresses.transform(resolved -> {
      if (resolved.failed() || resolved.result().isEmpty()) {
        return Future.failedFuture(new Refused(NOT_FOUND));
      }
      // Every address must pass, not only the one taken: a name that also points inside is
      // refused as a whole, the same at every attempt.
      for (InetAddress address : resolved.result()) {
        if (!policy.allows(host, address)) {
          return Future.failedFuture(new Refused(NOT_ALLOWED));
        }
      }
      return Future.succeededFuture(resolved.result().get(0));
    });
  }

  /** Whether a webhook for {@code host} may go over a connection to {@code address}. */
  boolean allows(String host, InetAddress address) {
    return policy.allows(host, address);
  }
}
