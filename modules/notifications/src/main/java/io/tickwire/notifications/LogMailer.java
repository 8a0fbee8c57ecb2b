package io.tickwire.notifications;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dev profile's mail sink: writes each mail to the log instead of sending it. */
final class LogMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(LogMailer.class);

  @Override
  public Future<Void> send(String to, String subject, String text) {
    LOG.info("mail to {}: {}\n{}", to, subject, text);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
