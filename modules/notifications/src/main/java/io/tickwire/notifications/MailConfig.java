package io.tickwire.notifications;

import io.tickwire.runtime.Section;
import java.util.Set;

/**
 * The {@code notifications.mail} section: how e-mail notifications leave. The password is a
 * secret: {@link #toString()} hides it.
 *
 * @param sink {@code log} (mails are written to the log, the dev default) or {@code smtp}
 * @param host the SMTP server ({@value #DEFAULT_HOST})
 * @param port its port ({@value #DEFAULT_PORT})
 * @param starttls {@code disabled}, {@code optional} or {@code required}
 * @param ssl whether to connect with TLS from the start (SMTPS)
 * @param username the SMTP user, or {@code null} for none
 * @param password the SMTP password, or {@code null}
 * @param from the sender address ({@value #DEFAULT_FROM})
 * @param timeoutMs how long one attempt may take ({@value #DEFAULT_TIMEOUT_MS})
 * @param retry when a failed mail is tried again
 */
public record MailConfig(String sink, String host, int port, String starttls, boolean ssl,
    String username, String password, String from, long timeoutMs, RetryPolicy retry) {

  public static final String DEFAULT_SINK = "log";
  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 25;
  public static final String DEFAULT_FROM = "alerts@tickwire.local";
  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  public boolean smtp() {
    return "smtp".equals(sink);
  }

  static MailConfig from(Section section) {
    MailConfig config = new MailConfig(
        section.oneOf("sink", DEFAULT_SINK, Set.of("log", "smtp")),
        section.string("host", DEFAULT_HOST),
        section.intValue("port", DEFAULT_PORT, 1, 65_535),
        section.oneOf("starttls", "optional", Set.of("disabled", "optional", "required")),
        section.bool("ssl", false),
        section.string("username", null),
        section.secret("password", null),
        section.string("from", DEFAULT_FROM),
        section.longValue("timeoutMs", DEFAULT_TIMEOUT_MS, 100, 600_000),
        RetryPolicy.from(section.section("retry")));
    section.done();
    return config;
  }

  @Override
  public String toString() {
    return "MailConfig[sink=" + sink + ", host=" + host + ", port=" + port + ", starttls="
        + starttls + ", ssl=" + ssl + ", username=" + username + ", password="
        + (password == null ? "unset" : "***") + ", from=" + from + "]";
  }
}
