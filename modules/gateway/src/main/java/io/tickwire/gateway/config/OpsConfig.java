package io.tickwire.gateway.config;

import io.tickwire.runtime.Section;

/**
 * The {@code ops} section: a management port for {@code /metrics} and the detailed
 * {@code /health}, kept apart from the public port. While it is on, the public port answers only
 * {@code /health/live}, {@code /health/ready} and a {@code /health} summary.
 *
 * @param enabled whether the management port is opened (default false)
 * @param host the address it binds ({@value #DEFAULT_HOST})
 * @param port its port ({@value #DEFAULT_PORT}); 0 picks a free one
 */
public record OpsConfig(boolean enabled, String host, int port) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9090;

  public static OpsConfig from(Section section) {
    OpsConfig config = new OpsConfig(section.bool("enabled", false),
        section.string("host", DEFAULT_HOST),
        section.intValue("port", DEFAULT_PORT, 0, 65_535));
    section.done();
    return config;
  }
}
