package io.tickwire.prices;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.tickwire.testkit.core.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** The lines one class logs at INFO and above, while open. */
final class LogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final Logger logger;
  private final Level level;
  final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  LogLines(Class<?> type) {
    logger = (Logger) LoggerFactory.getLogger(type);
    level = logger.getLevel();
    logger.setLevel(Level.INFO);
    start();
    logger.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(event.getFormattedMessage());
  }

  /** Skips lines until one matches; answers it. */
  String next(Predicate<String> match) {
    while (true) {
      String line = Await.next(lines, "log line");
      if (match.test(line)) {
        return line;
      }
    }
  }

  /** The lines logged so far and not yet taken. */
  List<String> drain() {
    List<String> taken = new ArrayList<>();
    lines.drainTo(taken);
    return taken;
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    logger.setLevel(level);
    stop();
  }
}
