package io.tickwire.notifications;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;

/**
 * The {@code notifications.webhook} section: how notifications are POSTed to users' URLs.
 *
 * @param timeoutMs how long one attempt may take, resolving and connecting included
 *     ({@value #DEFAULT_TIMEOUT_MS}); then the request is reset
 * @param allowHttp whether plain {@code http://} URLs are accepted (dev and tests); otherwise
 *     only {@code https://}
 * @param allowedHosts host names (exact) and addresses or CIDR ranges that webhooks may go to
 *     although they are loopback, private, link-local or otherwise internal (empty by default:
 *     only public addresses); for tests and on-premise receivers
 * @param retry when a failed POST is tried again (up to 24 h by default)
 */
public record WebhookConfig(long timeoutMs, boolean allowHttp, List<String> allowedHosts,
    RetryPolicy retry) {

  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  public WebhookConfig {
    allowedHosts = List.copyOf(allowedHosts);
  }

  /** The address policy these settings make. */
  WebhookPolicy policy() {
    return WebhookPolicy.of(allowedHosts);
  }

  static WebhookConfig from(Section section) {
    List<String> allowed = section.strings("allowedHosts", List.of());
    try {
      WebhookPolicy.of(allowed);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(section.key("allowedHosts"), e.getMessage());
    }
    WebhookConfig config = new WebhookConfig(
        section.longValue("timeoutMs", DEFAULT_TIMEOUT_MS, 100, 120_000),
        section.bool("allowHttp", false),
        allowed,
        RetryPolicy.from(section.section("retry")));
    section.done();
    return config;
  }
}
