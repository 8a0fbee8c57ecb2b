package io.tickwire.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import ch.qos.logback.core.util.StatusPrinter2;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code logging} section to Logback once the configuration is loaded. Logback
 * configures itself on the first logger, before the node's configuration exists, from its
 * configuration file ({@code -Dlogback.configurationFile}, else the jar's {@code logback.xml}),
 * which writes plain lines. Here the node id becomes the context property {@value #NODE} (in
 * every line of either format), and with {@code format: json} Logback is configured again from
 * {@value #JSON_FILE}: beside the file it started from, else the one in the jar.
 */
final class LogFormat {

  /** The Logback context property that holds the node id. */
  static final String NODE = "node";
  /** The JSON variant of a Logback configuration file, looked up beside the plain one. */
  static final String JSON_FILE = "logback-json.xml";

  private LogFormat() {
  }

  /** Call from the launcher's thread before anything is deployed. */
  static void apply(LoggingConfig logging, String nodeId) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      // Another SLF4J binding: its own configuration decides.
      return;
    }
    if (!logging.json()) {
      context.putProperty(NODE, nodeId);
      return;
    }
    URL json = jsonFile(plainFile(context));
    long start = System.currentTimeMillis();
    context.reset();
    context.putProperty(NODE, nodeId);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(json);
    } catch (JoranException e) {
      // Logback has recorded why; the status printed below says it.
    }
    new StatusPrinter2().printInCaseOfErrorsOrWarnings(context, start);
  }

  /**
   * The file Logback configured itself from: {@code -Dlogback.configurationFile} (a URL, a file
   * or a class path resource, as Logback reads it), else the class path's {@code logback.xml}.
   * (Logback records it only when it watches the file for changes.)
   */
  static URL plainFile(LoggerContext context) {
    URL watched = ConfigurationWatchListUtil.getMainWatchURL(context);
    if (watched != null) {
      return watched;
    }
    ClassLoader loader = LogFormat.class.getClassLoader();
    String named = System.getProperty("logback.configurationFile");
    if (named != null && !named.isBlank()) {
      try {
        return new URL(named);
      } catch (MalformedURLException e) {
        // Not a URL: a file or a resource.
      }
      Path file = Path.of(named);
      if (Files.isRegularFile(file)) {
        try {
          return file.toUri().toURL();
        } catch (MalformedURLException e) {
          // A path always makes a file URL.
        }
      }
      URL resource = loader.getResource(named);
      if (resource != null) {
        return resource;
      }
    }
    return loader.getResource("logback.xml");
  }

  /** {@value #JSON_FILE} beside {@code plain} when it exists there, else the jar's. */
  static URL jsonFile(URL plain) {
    if (plain != null) {
      try {
        URL beside = new URL(plain, JSON_FILE);
        beside.openStream().close();
        return beside;
      } catch (IOException e) {
        // Not there (or not a place to look beside): the jar's.
      }
    }
    URL bundled = LogFormat.class.getClassLoader().getResource(JSON_FILE);
    if (bundled == null) {
      throw new IllegalStateException(JSON_FILE + " is missing from the class path");
    }
    return bundled;
  }
}
