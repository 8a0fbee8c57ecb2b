package io.tickwire.server;

import io.tickwire.runtime.Section;
import java.util.Set;

/**
 * The {@code logging} section: how the node writes its log lines to standard output.
 *
 * @param format {@value #PLAIN} (one line of text each, the default) or {@value #JSON} (one JSON
 *     object per line, Logback's {@code JsonEncoder}, for a log collector)
 */
public record LoggingConfig(String format) {

  public static final String PLAIN = "plain";
  public static final String JSON = "json";

  public static LoggingConfig from(Section section) {
    LoggingConfig config = new LoggingConfig(section.oneOf("format", PLAIN, Set.of(PLAIN, JSON)));
    section.done();
    return config;
  }

  public boolean json() {
    return JSON.equals(format);
  }
}
