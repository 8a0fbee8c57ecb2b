package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Sends one plain-text e-mail. Implementations never block the caller's event loop. */
interface Mailer {

  Future<Void> send(String to, String subject, String text);

  Future<Void> close();

  /** The configured sink: SMTP, or the log. */
  static Mailer create(Vertx vertx, MailConfig config) {
    return config.smtp() ? new SmtpMailer(vertx, config) : new LogMailer();
  }
}
