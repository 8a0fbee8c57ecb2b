package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Sends mail over SMTP with the reactive Vert.x mail client. A 5xx reply fails the send with
 * {@link Mailer.Refused}; 4xx replies, timeouts and connection errors fail it as they came.
 */
final class SmtpMailer implements Mailer {

  private final MailClient client;
  private final MailConfig config;

  SmtpMailer(Vertx vertx, MailConfig config) {
    this.config = config;
    io.vertx.ext.mail.MailConfig options = new io.vertx.ext.mail.MailConfig()
        .setHostname(config.host()).setPort(config.port()).setSsl(config.ssl())
        .setStarttls(StartTLSOptions.valueOf(config.starttls().toUpperCase(Locale.ROOT)))
        .setConnectTimeout((int) config.timeoutMs())
        .setLogin(config.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED);
    if (config.username() != null) {
      options.setUsername(config.username()).setPassword(config.password());
    }
    this.client = MailClient.create(vertx, options);
  }

  @Override
  public Future<Void> send(String to, String subject, String text) {
    MailMessage message = new MailMessage().setFrom(config.from()).setTo(to)
        .setSubject(subject).setText(text);
    return client.sendMail(message).timeout(config.timeoutMs(), TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(e instanceof SMTPException smtp && smtp.isPermanent()
            ? new Refused("SMTP " + smtp.getReplyCode() + ": " + smtp.getReplyMessage()) : e));
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
