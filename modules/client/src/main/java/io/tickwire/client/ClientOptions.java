package io.tickwire.client;

/**
 * Options of a {@link TickwireClient}. Set them before creating the client; the client takes a
 * copy. Every default is a {@code DEFAULT_*} constant.
 */
public final class ClientOptions {

  /** Try to reconnect for ever. */
  public static final int UNLIMITED = -1;

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_PATH = "/ws";
  public static final boolean DEFAULT_SSL = false;
  /** Reconnect attempts in a row before giving up: unlimited. */
  public static final int DEFAULT_MAX_ATTEMPTS = UNLIMITED;
  /** The ceiling of the first reconnect wait: 1 s (then 2 s, 4 s, … up to the cap). */
  public static final long DEFAULT_BACKOFF_BASE_MS = 1_000;
  /** The largest reconnect wait: 30 s. */
  public static final long DEFAULT_BACKOFF_CAP_MS = 30_000;
  /** Frames kept while disconnected: 1,000. */
  public static final int DEFAULT_QUEUE_SIZE = 1_000;
  /** How long {@link TickwireClient#request(String, io.vertx.core.json.JsonObject)} waits: 10 s. */
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  /** Application-level ping interval: 15 s. */
  public static final long DEFAULT_PING_INTERVAL_MS = 15_000;
  /** A ping without pong for this long closes the connection and reconnects: 10 s. */
  public static final long DEFAULT_PING_TIMEOUT_MS = 10_000;
  /** Refresh the token this long before it expires (at most half its remaining life): 60 s. */
  public static final long DEFAULT_TOKEN_REFRESH_LEAD_MS = 60_000;
  /** Opening a connection (TCP and WebSocket handshake) may take this long: 10 s. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private String path = DEFAULT_PATH;
  private boolean ssl = DEFAULT_SSL;
  private TokenSupplier tokenSupplier;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private long backoffBaseMs = DEFAULT_BACKOFF_BASE_MS;
  private long backoffCapMs = DEFAULT_BACKOFF_CAP_MS;
  private int queueSize = DEFAULT_QUEUE_SIZE;
  private long requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS;
  private long pingIntervalMs = DEFAULT_PING_INTERVAL_MS;
  private long pingTimeoutMs = DEFAULT_PING_TIMEOUT_MS;
  private long tokenRefreshLeadMs = DEFAULT_TOKEN_REFRESH_LEAD_MS;
  private long connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private Format format = Format.JSON;

  public ClientOptions() {
  }

  public ClientOptions(ClientOptions other) {
    host = other.host;
    port = other.port;
    path = other.path;
    ssl = other.ssl;
    tokenSupplier = other.tokenSupplier;
    maxAttempts = other.maxAttempts;
    backoffBaseMs = other.backoffBaseMs;
    backoffCapMs = other.backoffCapMs;
    queueSize = other.queueSize;
    requestTimeoutMs = other.requestTimeoutMs;
    pingIntervalMs = other.pingIntervalMs;
    pingTimeoutMs = other.pingTimeoutMs;
    tokenRefreshLeadMs = other.tokenRefreshLeadMs;
    connectTimeoutMs = other.connectTimeoutMs;
    format = other.format;
  }

  public String getHost() {
    return host;
  }

  /** The server's host ({@value #DEFAULT_HOST}). */
  public ClientOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  /** The server's port ({@value #DEFAULT_PORT}). */
  public ClientOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public String getPath() {
    return path;
  }

  /** The WebSocket endpoint's path ({@value #DEFAULT_PATH}). */
  public ClientOptions setPath(String path) {
    this.path = path;
    return this;
  }

  public boolean isSsl() {
    return ssl;
  }

  /** Whether to use TLS ({@code wss://}). */
  public ClientOptions setSsl(boolean ssl) {
    this.ssl = ssl;
    return this;
  }

  public TokenSupplier getTokenSupplier() {
    return tokenSupplier;
  }

  /** Where tokens come from; {@code null} (the default) connects anonymously. */
  public ClientOptions setTokenSupplier(TokenSupplier tokenSupplier) {
    this.tokenSupplier = tokenSupplier;
    return this;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * Reconnect attempts in a row before the client gives up and stays
   * {@link ConnectionState#DISCONNECTED}; {@link #UNLIMITED} (the default) never gives up.
   */
  public ClientOptions setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
    return this;
  }

  public long getBackoffBaseMs() {
    return backoffBaseMs;
  }

  /** The ceiling of the first reconnect wait ({@value #DEFAULT_BACKOFF_BASE_MS} ms). */
  public ClientOptions setBackoffBaseMs(long backoffBaseMs) {
    this.backoffBaseMs = backoffBaseMs;
    return this;
  }

  public long getBackoffCapMs() {
    return backoffCapMs;
  }

  /** The largest reconnect wait ({@value #DEFAULT_BACKOFF_CAP_MS} ms). */
  public ClientOptions setBackoffCapMs(long backoffCapMs) {
    this.backoffCapMs = backoffCapMs;
    return this;
  }

  public int getQueueSize() {
    return queueSize;
  }

  /** Frames kept while disconnected ({@value #DEFAULT_QUEUE_SIZE}); more are refused. */
  public ClientOptions setQueueSize(int queueSize) {
    this.queueSize = queueSize;
    return this;
  }

  public long getRequestTimeoutMs() {
    return requestTimeoutMs;
  }

  /** The default request timeout ({@value #DEFAULT_REQUEST_TIMEOUT_MS} ms). */
  public ClientOptions setRequestTimeoutMs(long requestTimeoutMs) {
    this.requestTimeoutMs = requestTimeoutMs;
    return this;
  }

  public long getPingIntervalMs() {
    return pingIntervalMs;
  }

  /** Application-level ping interval ({@value #DEFAULT_PING_INTERVAL_MS} ms); 0 turns it off. */
  public ClientOptions setPingIntervalMs(long pingIntervalMs) {
    this.pingIntervalMs = pingIntervalMs;
    return this;
  }

  public long getPingTimeoutMs() {
    return pingTimeoutMs;
  }

  /**
   * How long an automatic ping may wait for its pong ({@value #DEFAULT_PING_TIMEOUT_MS} ms) before
   * the connection counts as dead and is replaced.
   */
  public ClientOptions setPingTimeoutMs(long pingTimeoutMs) {
    this.pingTimeoutMs = pingTimeoutMs;
    return this;
  }

  public long getTokenRefreshLeadMs() {
    return tokenRefreshLeadMs;
  }

  /**
   * How long before a token's expiry the supplier is asked for a new one
   * ({@value #DEFAULT_TOKEN_REFRESH_LEAD_MS} ms, at most half the token's remaining life).
   */
  public ClientOptions setTokenRefreshLeadMs(long tokenRefreshLeadMs) {
    this.tokenRefreshLeadMs = tokenRefreshLeadMs;
    return this;
  }

  public long getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  /** How long opening a connection may take ({@value #DEFAULT_CONNECT_TIMEOUT_MS} ms). */
  public ClientOptions setConnectTimeoutMs(long connectTimeoutMs) {
    this.connectTimeoutMs = connectTimeoutMs;
    return this;
  }

  public Format getFormat() {
    return format;
  }

  /**
   * The frames' encoding ({@link Format#JSON} by default). {@link Format#MSGPACK} offers the
   * subprotocol {@code tickwire.v1.msgpack} and falls back to JSON when the server selects none.
   */
  public ClientOptions setFormat(Format format) {
    this.format = format;
    return this;
  }

  /** Refuses impossible values. */
  void validate() {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host is required");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
    }
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', got " + path);
    }
    if (maxAttempts < UNLIMITED) {
      throw new IllegalArgumentException("maxAttempts must be >= 0 or UNLIMITED, got " + maxAttempts);
    }
    if (backoffBaseMs < 0 || backoffCapMs < backoffBaseMs) {
      throw new IllegalArgumentException("need 0 <= backoffBaseMs <= backoffCapMs");
    }
    if (queueSize < 0) {
      throw new IllegalArgumentException("queueSize must be >= 0, got " + queueSize);
    }
    if (requestTimeoutMs < 1 || pingTimeoutMs < 1 || connectTimeoutMs < 1) {
      throw new IllegalArgumentException("timeouts must be >= 1 ms");
    }
    if (format == null) {
      throw new IllegalArgumentException("format is required");
    }
    if (pingIntervalMs < 0 || tokenRefreshLeadMs < 0) {
      throw new IllegalArgumentException("pingIntervalMs and tokenRefreshLeadMs must be >= 0");
    }
  }
}
