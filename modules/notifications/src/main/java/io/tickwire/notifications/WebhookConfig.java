package io.tickwire.notifications;

import io.tickwire.runtime.Section;

/**
 * The {@code notifications.webhook} section: how notifications are POSTed to users' URLs.
 *
 * @param timeoutMs how long one attempt may take, connecting included ({@value #DEFAULT_TIMEOUT_MS})
 * @param allowHttp whether plain {@code http://} URLs are accepted (dev and tests); otherwise
 *     only {@code https://}
 * @param retry when a failed POST is tried again (up to 24 h by default)
 */
public record WebhookConfig(long timeoutMs, boolean allowHttp, RetryPolicy retry) {

  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  static WebhookConfig from(Section section) {
    WebhookConfig config = new WebhookConfig(
        section.longValue("timeoutMs", DEFAULT_TIMEOUT_MS, 100, 120_000),
        section.bool("allowHttp", false),
        RetryPolicy.from(section.section("retry")));
    section.done();
    return config;
  }
}
