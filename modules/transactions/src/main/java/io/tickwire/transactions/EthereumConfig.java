package io.tickwire.transactions;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.tickwire.runtime.Urls;
import java.net.URI;
import java.util.Locale;

/**
 * {@code transactions.ethereum}: the Ethereum node read over JSON-RPC on WebSocket.
 *
 * @param url the node's WebSocket URL, {@code ws://} or {@code wss://} ({@value #DEFAULT_URL});
 *     shown anywhere only as {@code scheme://host[:port]}, since providers put API keys in it
 * @param reconnectMinMs the ceiling of the first reconnect delay, doubled after each failure;
 *     each delay is drawn at random below its ceiling ({@value #DEFAULT_RECONNECT_MIN_MS})
 * @param reconnectMaxMs the largest ceiling of a reconnect delay
 *     ({@value #DEFAULT_RECONNECT_MAX_MS})
 * @param requestTimeoutMs how long one JSON-RPC call may take ({@value #DEFAULT_REQUEST_TIMEOUT_MS})
 * @param pendingTransactions whether to watch the node's pool ({@code newPendingTransactions})
 *     for pending transactions of watched wallets; costly on a public network's busy pool
 *     ({@value #DEFAULT_PENDING_TRANSACTIONS})
 * @param maxMessageBytes the largest JSON-RPC message accepted, e.g. a full block
 *     ({@value #DEFAULT_MAX_MESSAGE_BYTES})
 */
public record EthereumConfig(String url, long reconnectMinMs, long reconnectMaxMs,
    long requestTimeoutMs, boolean pendingTransactions, int maxMessageBytes) {

  public static final String DEFAULT_URL = "ws://127.0.0.1:8545";
  public static final long DEFAULT_RECONNECT_MIN_MS = 500;
  public static final long DEFAULT_RECONNECT_MAX_MS = 30_000;
  public static final long DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
  public static final boolean DEFAULT_PENDING_TRANSACTIONS = false;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  public EthereumConfig {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("transactions.ethereum.url",
          "not a URL (value not shown: it may carry an API key)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
      throw new ConfigException("transactions.ethereum.url",
          "must be a ws:// or wss:// URL with a host, got '" + Urls.redact(url) + "'");
    }
    if (reconnectMaxMs < reconnectMinMs) {
      throw new ConfigException("transactions.ethereum.reconnectMaxMs",
          "must not be less than reconnectMinMs (" + reconnectMinMs + ")");
    }
  }

  /** Shows the URL as {@code scheme://host[:port]} only: the rest may be an API key. */
  @Override
  public String toString() {
    return "EthereumConfig[url=" + Urls.redact(url) + ", reconnectMinMs=" + reconnectMinMs
        + ", reconnectMaxMs=" + reconnectMaxMs + ", requestTimeoutMs=" + requestTimeoutMs
        + ", pendingTransactions=" + pendingTransactions + ", maxMessageBytes=" + maxMessageBytes
        + "]";
  }

  public static EthereumConfig defaults() {
    return new EthereumConfig(DEFAULT_URL, DEFAULT_RECONNECT_MIN_MS, DEFAULT_RECONNECT_MAX_MS,
        DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_PENDING_TRANSACTIONS, DEFAULT_MAX_MESSAGE_BYTES);
  }

  static EthereumConfig from(Section section) {
    EthereumConfig config = new EthereumConfig(
        section.string("url", DEFAULT_URL),
        section.longValue("reconnectMinMs", DEFAULT_RECONNECT_MIN_MS, 10, 3_600_000),
        section.longValue("reconnectMaxMs", DEFAULT_RECONNECT_MAX_MS, 10, 3_600_000),
        section.longValue("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS, 100, 600_000),
        section.bool("pendingTransactions", DEFAULT_PENDING_TRANSACTIONS),
        section.intValue("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES, 65_536, Integer.MAX_VALUE));
    section.done();
    return config;
  }
}
