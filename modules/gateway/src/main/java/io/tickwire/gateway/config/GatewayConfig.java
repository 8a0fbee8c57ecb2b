package io.tickwire.gateway.config;

import io.tickwire.runtime.Section;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The {@code gateway} section: the WebSocket/HTTP endpoint and per-connection limits.
 *
 * @param host the address to bind ({@value #DEFAULT_HOST})
 * @param port the port; 0 picks a free one ({@value #DEFAULT_PORT})
 * @param instances gateway verticle instances; 0 means one per event loop
 * @param maxFrameBytes the largest inbound frame/message ({@value #DEFAULT_MAX_FRAME_BYTES});
 *     larger closes with 1009
 * @param maxSubscriptions channels per connection ({@value #DEFAULT_MAX_SUBSCRIPTIONS})
 * @param maxConnectionsPerUser open connections of one user across the node or cluster
 *     ({@value #DEFAULT_MAX_CONNECTIONS_PER_USER})
 * @param compression permessage-deflate offered to clients
 * @param coalesceFlushes hold a socket's flushes to the end of its event loop's task, so that
 *     frames written back to back reach the kernel in one write (default true)
 * @param outboundQueueMessages stream messages a connection may have waiting
 *     ({@value #DEFAULT_OUTBOUND_QUEUE_MESSAGES}); more closes with 4009
 * @param writeQueueBytes bytes in the socket's write queue before the connection counts as slow
 * @param outboundQueueBytes bytes of answers (responses, errors, pongs, subscribed…) a slow
 *     connection may have waiting behind its write queue ({@value #DEFAULT_OUTBOUND_QUEUE_BYTES});
 *     more closes with 4009
 * @param requestTimeoutMs how long a request waits for its service ({@value #DEFAULT_REQUEST_TIMEOUT_MS})
 * @param closeTimeoutMs how long a close handshake may take at shutdown
 * @param rateLimit the inbound frame rate limit
 * @param edge connections per node, connection attempts per address and HTTP deadlines
 * @param autoSubscribe the channels every WebSocket connection is subscribed to at connect and
 *     cannot leave (none by default; both profiles list {@code system.announcements}); each
 *     must be a channel of a public namespace, checked with the namespaces
 *     ({@code GatewaySetup})
 */
public record GatewayConfig(String host, int port, int instances, int maxFrameBytes,
    int maxSubscriptions, int maxConnectionsPerUser, boolean compression, boolean coalesceFlushes,
    int outboundQueueMessages, int writeQueueBytes, int outboundQueueBytes,
    long requestTimeoutMs, long closeTimeoutMs, RateLimit rateLimit, Edge edge,
    List<String> autoSubscribe) {

  public GatewayConfig {
    autoSubscribe = List.copyOf(new LinkedHashSet<>(autoSubscribe));
  }

  /** The configuration without server-side subscriptions. */
  public GatewayConfig(String host, int port, int instances, int maxFrameBytes,
      int maxSubscriptions, int maxConnectionsPerUser, boolean compression,
      boolean coalesceFlushes, int outboundQueueMessages, int writeQueueBytes,
      int outboundQueueBytes, long requestTimeoutMs, long closeTimeoutMs, RateLimit rateLimit,
      Edge edge) {
    this(host, port, instances, maxFrameBytes, maxSubscriptions, maxConnectionsPerUser,
        compression, coalesceFlushes, outboundQueueMessages, writeQueueBytes, outboundQueueBytes,
        requestTimeoutMs, closeTimeoutMs, rateLimit, edge, List.of());
  }

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_FRAME_BYTES = 65_536;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS = 256;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_USER = 10;
  public static final int DEFAULT_OUTBOUND_QUEUE_MESSAGES = 1_000;
  public static final int DEFAULT_WRITE_QUEUE_BYTES = 262_144;
  public static final int DEFAULT_OUTBOUND_QUEUE_BYTES = 1_048_576;
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
  public static final long DEFAULT_CLOSE_TIMEOUT_MS = 2_000;

  /**
   * Token bucket per connection.
   *
   * @param framesPerSec refill rate ({@value #DEFAULT_FRAMES_PER_SEC})
   * @param burst bucket size ({@value #DEFAULT_BURST})
   * @param maxViolations refused frames within {@code violationWindowMs} before closing 4008
   * @param violationWindowMs the window over which refusals are counted
   */
  public record RateLimit(double framesPerSec, int burst, int maxViolations,
      long violationWindowMs) {
    public static final double DEFAULT_FRAMES_PER_SEC = 50;
    public static final int DEFAULT_BURST = 100;
    public static final int DEFAULT_MAX_VIOLATIONS = 100;
    public static final long DEFAULT_VIOLATION_WINDOW_MS = 10_000;

    static RateLimit from(Section section) {
      RateLimit limit = new RateLimit(
          section.doubleValue("framesPerSec", DEFAULT_FRAMES_PER_SEC, 0.1, 1_000_000),
          section.intValue("burst", DEFAULT_BURST, 1, 1_000_000),
          section.intValue("maxViolations", DEFAULT_MAX_VIOLATIONS, 1, 1_000_000),
          section.longValue("violationWindowMs", DEFAULT_VIOLATION_WINDOW_MS, 100, 3_600_000));
      section.done();
      return limit;
    }
  }

  /**
   * Limits at the HTTP edge, read from keys of the {@code gateway} section itself: what one node
   * accepts, what one source address may attempt, and how long a connection may take to send a
   * request.
   *
   * @param maxConnections WebSockets and SSE streams open on the node
   *     ({@value #DEFAULT_MAX_CONNECTIONS}); one more is refused with HTTP 503 at the handshake
   * @param connectRatePerIp WebSocket and SSE handshakes a second from one source address
   *     ({@value #DEFAULT_CONNECT_RATE_PER_IP}; 0 turns the limit off); more are refused with
   *     HTTP 429
   * @param connectBurstPerIp handshakes one address may make at once
   *     ({@value #DEFAULT_CONNECT_BURST_PER_IP})
   * @param requestHeaderTimeoutMs how long a new connection may take to send its first request's
   *     headers ({@value #DEFAULT_REQUEST_HEADER_TIMEOUT_MS}); then it is closed
   * @param httpIdleTimeoutMs how long an HTTP connection may sit between requests, or take to send
   *     a request body ({@value #DEFAULT_HTTP_IDLE_TIMEOUT_MS}); then it is closed
   */
  public record Edge(int maxConnections, double connectRatePerIp, int connectBurstPerIp,
      long requestHeaderTimeoutMs, long httpIdleTimeoutMs) {
    public static final int DEFAULT_MAX_CONNECTIONS = 100_000;
    public static final double DEFAULT_CONNECT_RATE_PER_IP = 20;
    public static final int DEFAULT_CONNECT_BURST_PER_IP = 100;
    public static final long DEFAULT_REQUEST_HEADER_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_HTTP_IDLE_TIMEOUT_MS = 30_000;

    /** The defaults of every key. */
    public static final Edge DEFAULTS = new Edge(DEFAULT_MAX_CONNECTIONS,
        DEFAULT_CONNECT_RATE_PER_IP, DEFAULT_CONNECT_BURST_PER_IP,
        DEFAULT_REQUEST_HEADER_TIMEOUT_MS, DEFAULT_HTTP_IDLE_TIMEOUT_MS);

    /** Whether connection attempts are limited per address at all. */
    public boolean ratePerIpOn() {
      return connectRatePerIp > 0;
    }

    static Edge from(Section section) {
      return new Edge(
          section.intValue("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 10_000_000),
          section.doubleValue("connectRatePerIp", DEFAULT_CONNECT_RATE_PER_IP, 0, 1_000_000),
          section.intValue("connectBurstPerIp", DEFAULT_CONNECT_BURST_PER_IP, 1, 1_000_000),
          section.longValue("requestHeaderTimeoutMs", DEFAULT_REQUEST_HEADER_TIMEOUT_MS, 100,
              600_000),
          section.longValue("httpIdleTimeoutMs", DEFAULT_HTTP_IDLE_TIMEOUT_MS, 100, 3_600_000));
    }
  }

  public static GatewayConfig from(Section section) {
    GatewayConfig config = new GatewayConfig(
        section.string("host", DEFAULT_HOST),
        section.intValue("port", DEFAULT_PORT, 0, 65_535),
        section.intValue("instances", 0, 0, 256),
        section.intValue("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES, 256, 16 * 1024 * 1024),
        section.intValue("maxSubscriptions", DEFAULT_MAX_SUBSCRIPTIONS, 1, 100_000),
        section.intValue("maxConnectionsPerUser", DEFAULT_MAX_CONNECTIONS_PER_USER, 1, 100_000),
        section.bool("compression", true),
        section.bool("coalesceFlushes", true),
        section.intValue("outboundQueueMessages", DEFAULT_OUTBOUND_QUEUE_MESSAGES, 1, 1_000_000),
        section.intValue("writeQueueBytes", DEFAULT_WRITE_QUEUE_BYTES, 1_024, 64 * 1024 * 1024),
        section.intValue("outboundQueueBytes", DEFAULT_OUTBOUND_QUEUE_BYTES, 1_024,
            256 * 1024 * 1024),
        section.longValue("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS, 1, 600_000),
        section.longValue("closeTimeoutMs", DEFAULT_CLOSE_TIMEOUT_MS, 1, 60_000),
        RateLimit.from(section.section("rateLimit")),
        Edge.from(section),
        section.strings("autoSubscribe", List.of()));
    section.done();
    return config;
  }

  /** The instances to deploy: the configured number, or one per event loop. */
  public int instancesOr(int eventLoops) {
    return instances > 0 ? instances : eventLoops;
  }
}
