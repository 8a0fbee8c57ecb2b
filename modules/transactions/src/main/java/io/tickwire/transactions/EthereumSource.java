package io.tickwire.transactions;

import io.tickwire.protocol.Backoff;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.Urls;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ethereum {@link ChainSource}: JSON-RPC 2.0 over one WebSocket to a node. Subscribes to
 * {@code newHeads} (and {@code newPendingTransactions} when configured) and asks
 * {@code eth_blockNumber}, {@code eth_getBlockByNumber} (full transactions),
 * {@code eth_getTransactionByHash}, {@code eth_getTransactionReceipt}, {@code eth_getBalance},
 * {@code eth_chainId}, and for tokens {@code eth_call} ({@code balanceOf}) and
 * {@code eth_getLogs} ({@code Transfer} logs by block hash). When the connection drops, every call in flight fails with
 * {@code unavailable}, and it reconnects after a {@link Backoff} (full jitter) whose ceiling
 * starts at {@code reconnectMinMs} and doubles up to {@code reconnectMaxMs}, then subscribes
 * again. Confined to the event loop of the verticle that started it.
 *
 * <p>The URL may carry a provider's API key: logs and {@link #lastError()} show only its
 * {@code scheme://host[:port]} ({@link Urls#redact}), and failure texts are scrubbed of the rest.
 */
final class EthereumSource implements ChainSource {

  private static final Logger LOG = LoggerFactory.getLogger(EthereumSource.class);

  private record Call(Promise<Object> promise, long timer) {
  }

  /** {@code balanceOf(address)}'s selector. */
  static final String BALANCE_OF = "0x70a08231";
  /** The most wallets one {@code eth_getLogs} filter names in a topic. */
  static final int TOPICS_PER_FILTER = 64;
  private static final Pattern UINT256 = Pattern.compile("0x[0-9a-fA-F]{64}");

  private final Vertx vertx;
  private final EthereumConfig config;
  private final String shownUrl;
  /** The URL's path, query, userinfo and fragment: removed wherever a failure text quotes them. */
  private final List<String> secretParts;
  private final WebSocketClient client;
  private final Backoff backoff;
  private final Map<Long, Call> calls = new HashMap<>();
  private final Map<String, String> subscriptions = new HashMap<>();
  private final AtomicLong reconnects = new AtomicLong();
  private Listener listener;
  private WebSocket ws;
  private boolean connected;
  private boolean stopped;
  private long nextId;
  private int failures;
  private long reconnectTimer = -1;
  private volatile String lastError;

  EthereumSource(Vertx vertx, EthereumConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.shownUrl = Urls.redact(config.url());
    URI uri = URI.create(config.url());
    this.secretParts = Stream.of(uri.getRawUserInfo(), uri.getRawPath(), uri.getRawQuery(),
        uri.getRawFragment()).filter(part -> part != null && part.length() > 1).toList();
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(config.maxMessageBytes()).setMaxMessageSize(config.maxMessageBytes())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeoutMs())));
    this.backoff = new Backoff(config.reconnectMinMs(), config.reconnectMaxMs());
  }

  @Override
  public String kind() {
    return "ethereum";
  }

  /** Connections lost and retried so far. */
  long reconnects() {
    return reconnects.get();
  }

  /** The last connection problem, or {@code null}. */
  String lastError() {
    return lastError;
  }

  @Override
  public Future<Void> start(Listener listener) {
    this.listener = listener;
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
    }
    WebSocket current = ws;
    lost("stopped");
    return (current == null ? Future.<Void>succeededFuture() : current.close().otherwiseEmpty())
        .eventually(client::close);
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public Future<String> chainId() {
    return query("eth_chainId", new JsonArray())
        .compose(id -> query("eth_getBlockByNumber", new JsonArray().add("0x0").add(false))
            .map(genesis -> id + ":" + ((JsonObject) genesis).getString("hash")));
  }

  @Override
  public Future<Long> blockNumber() {
    return query("eth_blockNumber", new JsonArray()).map(result -> Hex.quantity((String) result));
  }

  @Override
  public Future<ChainBlock> block(long number) {
    return query("eth_getBlockByNumber", new JsonArray().add(Hex.quantity(number)).add(true))
        .map(result -> result == null ? null : block((JsonObject) result));
  }

  @Override
  public Future<ChainTx> transaction(String hash) {
    return query("eth_getTransactionByHash", new JsonArray().add(hash))
        .map(result -> result == null ? null : tx((JsonObject) result));
  }

  @Override
  public Future<Receipt> receipt(String hash) {
    return query("eth_getTransactionReceipt", new JsonArray().add(hash)).map(result -> {
      if (result == null) {
        return null;
      }
      JsonObject receipt = (JsonObject) result;
      // Receipts from before Byzantium have no status: they could not revert.
      String status = receipt.getString("status");
      return new Receipt(hash, Hex.quantity(receipt.getString("blockNumber")),
          receipt.getString("blockHash"), status == null || Hex.quantity(status) == 1);
    });
  }

  @Override
  public Future<BigInteger> balance(String address, long blockNumber) {
    return atBlockElseLatest("eth_getBalance", address, blockNumber)
        .map(result -> Hex.bigQuantity((String) result));
  }

  @Override
  public Future<BigInteger> tokenBalance(String token, String owner, long blockNumber) {
    JsonObject call = new JsonObject().put("to", token)
        .put("data", BALANCE_OF + topic(owner).substring(2));
    return atBlockElseLatest("eth_call", call, blockNumber)
        .compose(result -> {
          // A token's balanceOf answers one uint256: 32 bytes. Anything else is not an ERC-20.
          if (!(result instanceof String word) || !UINT256.matcher(word).matches()) {
            return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
                "the token " + token + " did not answer balanceOf with one uint256"));
          }
          return Future.succeededFuture(Hex.bigQuantity(word));
        });
  }

  /**
   * {@code method(first, block)} at {@code blockNumber}; on an RPC error, at {@code latest} (a
   * node that pruned that block's state still knows the newest one); then {@link #refusal}.
   */
  private Future<Object> atBlockElseLatest(String method, Object first, long blockNumber) {
    return raw(method, new JsonArray().add(first).add(Hex.quantity(blockNumber)))
        .recover(failure -> failure instanceof RpcError
            ? raw(method, new JsonArray().add(first).add("latest"))
            : Future.failedFuture(failure))
        .recover(EthereumSource::refusal);
  }

  /**
   * Two {@code eth_getLogs} by block hash per group of at most {@value #TOPICS_PER_FILTER}
   * wallets (nodes bound the topics of one filter): one with the wallets as senders, one as
   * receivers; de-duplicated by log index, in log order. A log that is not a plain ERC-20
   * {@code Transfer} (three topics, a 32-byte amount; e.g. an ERC-721 one), or that comes from a
   * contract not in {@code tokens} or names none of {@code wallets} as sender or receiver (a
   * provider that ignores the filter), is skipped.
   */
  @Override
  public Future<List<TokenLog>> transferLogs(ChainBlock block, Collection<String> tokens,
      Collection<String> wallets) {
    if (tokens.isEmpty() || wallets.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonArray addresses = new JsonArray(new ArrayList<>(tokens));
    List<String> padded = wallets.stream().map(EthereumSource::topic).toList();
    List<Future<Object>> queries = new ArrayList<>();
    for (int i = 0; i < padded.size(); i += TOPICS_PER_FILTER) {
      JsonArray group = new JsonArray(new ArrayList<>(
          padded.subList(i, Math.min(padded.size(), i + TOPICS_PER_FILTER))));
      queries.add(query("eth_getLogs", new JsonArray().add(new JsonObject()
          .put("blockHash", block.hash()).put("address", addresses)
          .put("topics", new JsonArray().add(TokenLog.TRANSFER_TOPIC).add(group)))));
      queries.add(query("eth_getLogs", new JsonArray().add(new JsonObject()
          .put("blockHash", block.hash()).put("address", addresses)
          .put("topics", new JsonArray().add(TokenLog.TRANSFER_TOPIC).addNull().add(group)))));
    }
    return Future.all(queries).map(answers -> {
      TreeMap<Long, TokenLog> logs = new TreeMap<>();
      for (int i = 0; i < queries.size(); i++) {
        if (answers.resultAt(i) instanceof JsonArray list) {
          for (Object item : list) {
            TokenLog log = item instanceof JsonObject json ? transferLog(json, block) : null;
            if (log != null && tokens.contains(log.token())
                && (wallets.contains(log.from()) || wallets.contains(log.to()))) {
              logs.putIfAbsent(log.logIndex(), log);
            }
          }
        }
      }
      return List.copyOf(logs.values());
    });
  }

  /** A {@code Transfer} log of {@code block}, or {@code null} when it is none or malformed. */
  private static TokenLog transferLog(JsonObject json, ChainBlock block) {
    JsonArray topics = json.getJsonArray("topics", new JsonArray());
    if (Boolean.TRUE.equals(json.getValue("removed")) || topics.size() != 3
        || !TokenLog.TRANSFER_TOPIC.equalsIgnoreCase(String.valueOf(topics.getValue(0)))
        || !(json.getValue("data") instanceof String data) || !UINT256.matcher(data).matches()
        || !(json.getValue("address") instanceof String token) || !Hex.isAddress(token)
        || !(json.getValue("transactionHash") instanceof String hash) || !Hex.isHash(hash)
        || !(json.getValue("logIndex") instanceof String index)
        || !block.hash().equalsIgnoreCase(json.getString("blockHash", block.hash()))) {
      return null;
    }
    String from = addressOf(topics.getValue(1));
    String to = addressOf(topics.getValue(2));
    if (from == null || to == null) {
      return null;
    }
    try {
      return new TokenLog(token, from, to, Hex.bigQuantity(data), hash, Hex.quantity(index),
          block.number(), block.hash());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The address in an indexed address topic (32 bytes, 12 of them zero), or {@code null}. */
  private static String addressOf(Object topic) {
    if (!(topic instanceof String text) || !Hex.isHash(text)
        || !text.substring(2, 26).equals("0".repeat(24))) {
      return null;
    }
    return Hex.lower("0x" + text.substring(26));
  }

  /** An address as a 32-byte topic or call argument. */
  private static String topic(String address) {
    return "0x" + "0".repeat(24) + Hex.lower(address).substring(2);
  }

  /** A JSON-RPC error answered by the node. */
  static final class RpcError extends RuntimeException {
    final long code;

    RpcError(long code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /** A query while connected; every failure is a {@link ProtocolException}. */
  private Future<Object> query(String method, JsonArray params) {
    return raw(method, params).recover(EthereumSource::refusal);
  }

  private Future<Object> raw(String method, JsonArray params) {
    return connected ? call(method, params) : Future.failedFuture(unavailable());
  }

  private static <T> Future<T> refusal(Throwable failure) {
    return Future.failedFuture(failure instanceof ProtocolException ? failure
        : new ProtocolException(ErrorCode.UNAVAILABLE, "the chain node failed: "
            + failure.getMessage()));
  }

  private Future<Object> call(String method, JsonArray params) {
    WebSocket socket = ws;
    if (socket == null) {
      return Future.failedFuture(unavailable());
    }
    long id = ++nextId;
    Promise<Object> promise = Promise.promise();
    long timer = vertx.setTimer(config.requestTimeoutMs(), ignored -> {
      if (calls.remove(id) != null) {
        promise.tryFail(new ProtocolException(ErrorCode.TIMEOUT,
            "the chain node did not answer " + method + " in time"));
      }
    });
    calls.put(id, new Call(promise, timer));
    socket.writeTextMessage(new JsonObject().put("jsonrpc", "2.0").put("id", id)
        .put("method", method).put("params", params).encode())
        .onFailure(failure -> answered(id, null, failure));
    return promise.future();
  }

  private void connect() {
    reconnectTimer = -1;
    if (stopped) {
      return;
    }
    client.connect(new WebSocketConnectOptions().setAbsoluteURI(config.url()))
        .onComplete(socket -> opened(socket), failure -> {
          lastError = "cannot connect to " + shownUrl + ": " + scrub(failure.getMessage());
          retry();
        });
  }

  private void opened(WebSocket socket) {
    if (stopped) {
      socket.close();
      return;
    }
    ws = socket;
    socket.textMessageHandler(this::onMessage);
    socket.exceptionHandler(failure -> lastError = "connection error: "
        + scrub(failure.getMessage()));
    socket.closeHandler(ignored -> {
      if (ws == socket) {
        lost("the chain node closed the connection");
      }
    });
    Future<Object> heads = call("eth_subscribe", new JsonArray().add("newHeads"))
        .onSuccess(id -> subscriptions.put((String) id, "newHeads"));
    Future<Object> pool = !config.pendingTransactions() ? Future.succeededFuture()
        : call("eth_subscribe", new JsonArray().add("newPendingTransactions"))
            .onSuccess(id -> subscriptions.put((String) id, "newPendingTransactions"));
    Future.all(heads, pool).onComplete(ignored -> {
      if (ws != socket) {
        return;
      }
      connected = true;
      failures = 0;
      lastError = null;
      LOG.info("connected to the chain node {}", shownUrl);
      listener.connection(true);
    }, failure -> {
      lastError = "cannot subscribe: " + scrub(failure.getMessage());
      socket.close();
    });
  }

  private void lost(String reason) {
    WebSocket socket = ws;
    ws = null;
    boolean was = connected;
    connected = false;
    subscriptions.clear();
    List<Long> ids = new ArrayList<>(calls.keySet());
    for (Long id : ids) {
      answered(id, null, unavailable());
    }
    if (socket == null) {
      return;
    }
    if (was && !stopped) {
      LOG.warn("lost the chain node {}: {}", shownUrl, reason);
      lastError = reason;
      listener.connection(false);
    }
    retry();
  }

  private void retry() {
    if (stopped || reconnectTimer >= 0) {
      return;
    }
    long delay = backoff.delayMs(++failures);
    reconnects.incrementAndGet();
    reconnectTimer = vertx.setTimer(delay, ignored -> connect());
  }

  private void onMessage(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("the chain node sent something that is not a JSON object");
      return;
    }
    Object id = message.getValue("id");
    if (id instanceof Number number) {
      JsonObject error = message.getJsonObject("error");
      answered(number.longValue(), message.getValue("result"), error == null ? null
          : new RpcError(error.getLong("code", 0L), error.getString("message", "error")));
      return;
    }
    if ("eth_subscription".equals(message.getString("method"))) {
      JsonObject params = message.getJsonObject("params", new JsonObject());
      String kind = subscriptions.get(params.getString("subscription"));
      Object result = params.getValue("result");
      if ("newHeads".equals(kind) && result instanceof JsonObject head) {
        listener.head(Hex.quantity(head.getString("number")));
      } else if ("newPendingTransactions".equals(kind)) {
        pendingArrived(result);
      }
    }
  }

  private void pendingArrived(Object result) {
    if (result instanceof JsonObject full) {
      ChainTx tx = tx(full);
      if (tx.pending()) {
        listener.pending(tx);
      }
    } else if (result instanceof String hash && Hex.isHash(hash)) {
      transaction(Hex.lower(hash)).onSuccess(tx -> {
        if (tx != null && tx.pending()) {
          listener.pending(tx);
        }
      });
    }
  }

  private void answered(long id, Object result, Throwable failure) {
    Call call = calls.remove(id);
    if (call == null) {
      return;
    }
    vertx.cancelTimer(call.timer());
    if (failure == null) {
      call.promise().tryComplete(result);
    } else {
      call.promise().tryFail(failure);
    }
  }

  /**
   * A failure's text without the URL's secret parts, should a client library or the node have
   * echoed them (an upgrade refusal's body may quote the path): the whole URL as
   * {@link Urls#redactAll} shows it, and its path, query and userinfo wherever they stand alone.
   */
  private String scrub(String message) {
    if (message == null) {
      return "no detail";
    }
    String scrubbed = Urls.redactAll(message.replace(config.url(), shownUrl));
    for (String part : secretParts) {
      scrubbed = scrubbed.replace(part, "…");
    }
    return scrubbed;
  }

  private ProtocolException unavailable() {
    return new ProtocolException(ErrorCode.UNAVAILABLE,
        "the chain node is unreachable; reconnecting");
  }

  private static ChainBlock block(JsonObject json) {
    List<ChainTx> txs = new ArrayList<>();
    JsonArray list = json.getJsonArray("transactions", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      if (list.getValue(i) instanceof JsonObject tx) {
        txs.add(tx(tx));
      }
    }
    return new ChainBlock(Hex.quantity(json.getString("number")), json.getString("hash"),
        json.getString("parentHash"), Hex.quantity(json.getString("timestamp")), txs);
  }

  private static ChainTx tx(JsonObject json) {
    String number = json.getString("blockNumber");
    return new ChainTx(json.getString("hash"), json.getString("from"), json.getString("to"),
        Hex.quantity(json.getString("nonce")), number == null ? null : Hex.quantity(number),
        number == null ? null : json.getString("blockHash"));
  }
}
