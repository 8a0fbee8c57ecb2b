package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Sends one plain-text e-mail. Implementations never block the caller's event loop. A send fails
 * with {@link Refused} when the server refused the mail for good; any other failure (a 4xx
 * reply, a timeout, a lost connection) may be temporary.
 */
interface Mailer {

  /** The server refused the mail for good (an SMTP 5xx reply): sending it again cannot help. */
  final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  Future<Void> send(String to, String subject, String text);

  Future<Void> close();

  /** The configured sink: SMTP, or the log. */
  static Mailer create(Vertx vertx, MailConfig config) {
    return config.smtp() ? new SmtpMailer(vertx, config) : new LogMailer();
  }
}
