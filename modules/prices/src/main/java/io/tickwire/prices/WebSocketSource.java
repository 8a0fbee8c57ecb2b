package io.tickwire.prices;

import io.tickwire.protocol.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange's WebSocket feed, speaking a {@link VenueProtocol}: connects, subscribes, reads
 * every message through the protocol, answers the venue's pings, sends the protocol's pings, and
 * keeps itself connected. A refused or lost connection is retried after an exponential backoff
 * with equal jitter ({@link Backoff}), reset by the first quote of each connection. A connection
 * that says nothing valid for {@code stallAfterMs} is closed and replaced; one older than
 * {@code maxConnectionMs} is replaced at once. Malformed messages are reported and skipped; too
 * many in a row make the venue unhealthy ({@link VenueHealth}). HTTP GETs a protocol asks for
 * ({@link VenueProtocol.VenueSink#fetch}, e.g. REST book snapshots) are made with an HTTP client
 * on the same event loop, each bounded in time ({@value #FETCH_TIMEOUT_MS} ms) and body size
 * ({@value #MAX_FETCH_BYTES} bytes); a failed one is reported as malformed and tried again after
 * the reconnect backoff; answers of a closed connection are dropped. Everything runs on the
 * owning verticle's event loop.
 */
final class WebSocketSource implements PriceSource {

  /** Largest venue message accepted (snapshots of many symbols can be big). */
  static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
  /** How long a close handshake may take before the connection is dropped (a stalled venue). */
  static final int CLOSING_TIMEOUT_SECONDS = 2;
  /** How long one fetch (connect, request, whole body) may take. */
  static final long FETCH_TIMEOUT_MS = 10_000;
  /** Largest fetched body accepted (a 5000-level book snapshot is about 300 KB). */
  static final int MAX_FETCH_BYTES = 4 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketSource.class);

  private final VenueConfig config;
  private final Supplier<VenueProtocol> protocols;
  private final long fetchTimeoutMs;
  private final int maxFetchBytes;
  private Vertx vertx;
  private SourceListener listener;
  private WebSocketClient client;
  private HttpClientAgent http;
  // The fetches of the current connection by key: only the latest request of a key is answered.
  private final Map<String, Fetch> fetches = new HashMap<>();
  private final Backoff backoff;
  private VenueHealth health;
  private WebSocket socket;
  private VenueProtocol protocol;
  private long connectedAt;
  private long lastPingAt;
  private long checkTimer = -1;
  private long reconnectTimer = -1;
  // Connection attempts failed in a row: the backoff's attempt count.
  private int failures;
  // Whether this connection has delivered data yet; its first quote resets the backoff.
  private boolean delivered;
  private boolean replacing;
  private boolean stopped;

  /** @param protocols makes the protocol state of each new connection */
  WebSocketSource(VenueConfig config, Supplier<VenueProtocol> protocols) {
    this(config, protocols, FETCH_TIMEOUT_MS, MAX_FETCH_BYTES);
  }

  /** With other fetch limits (tests). */
  WebSocketSource(VenueConfig config, Supplier<VenueProtocol> protocols, long fetchTimeoutMs,
      int maxFetchBytes) {
    this.config = config;
    this.protocols = protocols;
    this.fetchTimeoutMs = fetchTimeoutMs;
    this.maxFetchBytes = maxFetchBytes;
    // Equal jitter, not full: venues limit connection attempts per IP address (Binance: 300 per
    // 5 minutes). Half of each wait fixed bounds how often a node retries, where full jitter
    // lets a retry come at once.
    this.backoff = new Backoff(config.reconnectInitialMs(), config.reconnectMaxMs(),
        Backoff.Jitter.EQUAL);
  }

  @Override
  public Future<Void> start(Vertx vertx, SourceListener listener) {
    this.vertx = vertx;
    this.listener = listener;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
            Math.max(1_000, config.stallAfterMs())))
        .setClosingTimeout(CLOSING_TIMEOUT_SECONDS));
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, fetchTimeoutMs)));
    long now = System.currentTimeMillis();
    this.health = new VenueHealth(config.stallAfterMs(), config.malformedLimit(), now);
    listener.health(config.name(), false, VenueHealth.CONNECTING);
    checkTimer = vertx.setPeriodic(checkPeriodMs(), ignored -> check());
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(checkTimer);
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
    }
    WebSocket open = socket;
    socket = null;
    dropFetches();
    Future<Void> closed = open == null ? Future.succeededFuture()
        : open.close((short) 1001, "going away").otherwiseEmpty();
    return closed.eventually(() -> client.close()).eventually(() -> http.close()).mapEmpty();
  }

  private long checkPeriodMs() {
    long period = Math.min(1_000, config.stallAfterMs() / 4);
    if (config.maxConnectionMs() > 0) {
      period = Math.min(period, config.maxConnectionMs() / 4);
    }
    if (config.pingIntervalMs() > 0) {
      period = Math.min(period, config.pingIntervalMs() / 2);
    }
    return Math.max(10, period);
  }

  private void connect() {
    reconnectTimer = -1;
    if (stopped) {
      return;
    }
    VenueProtocol next = protocols.get();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setAbsoluteURI(next.url(config.url()));
    if (!options.getURI().startsWith("/")) {
      // An endpoint without a path (wss://host) still needs a request target of its own.
      options.setURI("/" + options.getURI());
    }
    client.connect(options).onComplete(
        ws -> opened(ws, next),
        failure -> retry("connection failed: " + failure.getMessage()));
  }

  private void opened(WebSocket ws, VenueProtocol next) {
    if (stopped) {
      ws.close((short) 1001, "going away");
      return;
    }
    socket = ws;
    protocol = next;
    dropFetches();
    long now = System.currentTimeMillis();
    connectedAt = now;
    lastPingAt = now;
    delivered = false;
    health.connected(now);
    ws.textMessageHandler(text -> onText(ws, text));
    ws.frameHandler(frame -> {
      if (frame.type() == WebSocketFrameType.PING && ws == socket) {
        // Vert.x answers the venue's ping itself; the ping still shows the venue is alive.
        report(health.alive(System.currentTimeMillis()));
      }
    });
    ws.binaryMessageHandler(ignored -> malformed(ws, MalformedMessage.UNEXPECTED,
        "a binary message", "(binary)"));
    ws.exceptionHandler(failure -> LOG.debug("venue {}: {}", config.name(), failure.toString()));
    ws.closeHandler(ignored -> closed(ws));
    for (String message : next.subscribe()) {
      ws.writeTextMessage(message);
    }
  }

  private void onText(WebSocket ws, String text) {
    if (ws != socket) {
      return;
    }
    try {
      protocol.onMessage(text, System.currentTimeMillis(), sink(ws));
    } catch (MalformedMessage e) {
      malformed(ws, e.reason(), e.getMessage(), text);
    } catch (RuntimeException e) {
      // A protocol bug must not take the connection down: the message counts as malformed.
      malformed(ws, MalformedMessage.UNEXPECTED, String.valueOf(e), text);
    }
  }

  private VenueProtocol.VenueSink sink(WebSocket ws) {
    return new VenueProtocol.VenueSink() {
      @Override
      public void tick(Tick tick) {
        if (!delivered) {
          // Not on the health change: status and heartbeat messages usually made the venue
          // healthy already, and the backoff would then never come back to its first delay.
          delivered = true;
          failures = 0;
        }
        report(health.data(tick.receivedAt()));
        listener.tick(tick);
      }

      @Override
      public void book(BookEvent book) {
        report(health.alive(book.receivedAt()));
        listener.book(book);
      }

      @Override
      public void trade(Trade trade) {
        report(health.alive(trade.receivedAt()));
        listener.trade(trade);
      }

      @Override
      public void alive() {
        report(health.alive(System.currentTimeMillis()));
      }

      @Override
      public void send(String text) {
        ws.writeTextMessage(text);
      }

      @Override
      public void gap(String detail) {
        listener.gap(config.name(), detail);
      }

      @Override
      public void fetch(String key, String url) {
        if (ws != socket) {
          return;
        }
        Fetch earlier = fetches.remove(key);
        if (earlier != null) {
          vertx.cancelTimer(earlier.retryTimer);
        }
        Fetch fetch = new Fetch(ws, key, url);
        fetches.put(key, fetch);
        get(fetch);
      }
    };
  }

  /** One GET a protocol asked for on one connection, with its failures in a row. */
  private static final class Fetch {
    final WebSocket ws;
    final String key;
    final String url;
    int failures;
    long retryTimer = -1;

    Fetch(WebSocket ws, String key, String url) {
      this.ws = ws;
      this.key = key;
      this.url = url;
    }
  }

  private boolean current(Fetch fetch) {
    return fetch.ws == socket && fetches.get(fetch.key) == fetch;
  }

  private void get(Fetch fetch) {
    fetch.retryTimer = -1;
    if (!current(fetch)) {
      return;
    }
    Promise<String> body = Promise.promise();
    long timeout = vertx.setTimer(fetchTimeoutMs, ignored ->
        body.tryFail("no answer within " + fetchTimeoutMs + " ms"));
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(fetch.url)
            .setConnectTimeout(fetchTimeoutMs).setIdleTimeout(fetchTimeoutMs))
        .compose(request -> {
          // A timeout or an over-long body ends the request, whatever stage it is in.
          body.future().onFailure(ignored -> request.reset());
          return request.send();
        })
        .onSuccess(response -> read(response, body))
        .onFailure(failure -> body.tryFail(String.valueOf(failure.getMessage())));
    body.future().onComplete(answer -> {
      vertx.cancelTimer(timeout);
      if (!current(fetch)) {
        return;
      }
      if (answer.failed()) {
        fetchFailed(fetch, MalformedMessage.VENUE_ERROR,
            "fetch failed: " + answer.cause().getMessage(), fetch.url);
      } else {
        fetched(fetch, answer.result());
      }
    });
  }

  /**
   * Collects a response's body up to {@code maxFetchBytes}: {@code body} is completed by hand
   * because the size is checked chunk by chunk, before the whole body is held.
   */
  private void read(HttpClientResponse response, Promise<String> body) {
    if (response.statusCode() != 200) {
      body.tryFail("HTTP " + response.statusCode());
      return;
    }
    Buffer buffer = Buffer.buffer();
    response.handler(chunk -> {
      if (buffer.length() + chunk.length() > maxFetchBytes) {
        body.tryFail("the body is longer than " + maxFetchBytes + " bytes");
      } else if (!body.future().isComplete()) {
        buffer.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(failure -> body.tryFail(String.valueOf(failure.getMessage())));
    response.endHandler(ignored -> body.tryComplete(buffer.toString(StandardCharsets.UTF_8)));
  }

  private void fetched(Fetch fetch, String body) {
    boolean used;
    try {
      used = protocol.onFetched(fetch.key, body, System.currentTimeMillis(), sink(fetch.ws));
    } catch (MalformedMessage e) {
      fetchFailed(fetch, e.reason(), e.getMessage(), body);
      return;
    } catch (RuntimeException e) {
      fetchFailed(fetch, MalformedMessage.UNEXPECTED, String.valueOf(e), body);
      return;
    }
    if (used) {
      if (fetches.get(fetch.key) == fetch) {
        fetches.remove(fetch.key);
      }
    } else if (current(fetch)) {
      LOG.debug("venue {}: {} answered too early; fetching again", config.name(), fetch.url);
      retryFetch(fetch);
    }
  }

  private void fetchFailed(Fetch fetch, String reason, String detail, String text) {
    malformed(fetch.ws, reason, detail, text);
    retryFetch(fetch);
  }

  private void retryFetch(Fetch fetch) {
    if (!current(fetch)) {
      return;
    }
    long delay = backoff.delayMs(++fetch.failures);
    fetch.retryTimer = vertx.setTimer(delay, ignored -> get(fetch));
  }

  /** Forgets the fetches of a connection that ended or was replaced. */
  private void dropFetches() {
    for (Fetch fetch : fetches.values()) {
      if (fetch.retryTimer >= 0) {
        vertx.cancelTimer(fetch.retryTimer);
      }
    }
    fetches.clear();
  }

  private void malformed(WebSocket ws, String reason, String detail, String text) {
    if (ws != socket) {
      return;
    }
    listener.malformed(config.name(), reason, detail, text);
    report(health.malformed(System.currentTimeMillis()));
  }

  private void closed(WebSocket ws) {
    if (ws != socket) {
      return;
    }
    socket = null;
    protocol = null;
    dropFetches();
    report(health.disconnected(System.currentTimeMillis()));
    if (stopped) {
      return;
    }
    if (replacing) {
      replacing = false;
      listener.reconnecting(config.name(), 0, "replacing a connection older than "
          + config.maxConnectionMs() + " ms");
      connect();
    } else {
      retry("connection closed");
    }
  }

  private void retry(String why) {
    if (stopped) {
      return;
    }
    long delay = backoff.delayMs(++failures);
    listener.reconnecting(config.name(), delay, why);
    reconnectTimer = vertx.setTimer(delay, ignored -> connect());
  }

  private void check() {
    long now = System.currentTimeMillis();
    report(health.check(now));
    WebSocket ws = socket;
    if (ws == null) {
      return;
    }
    if (health.stalled(now)) {
      ws.close((short) 1000, "stalled");
    } else if (config.maxConnectionMs() > 0 && now - connectedAt >= config.maxConnectionMs()) {
      replacing = true;
      ws.close((short) 1000, "replacing an old connection");
    } else if (config.pingIntervalMs() > 0 && now - lastPingAt >= config.pingIntervalMs()) {
      String ping = protocol.ping();
      lastPingAt = now;
      if (ping != null) {
        ws.writeTextMessage(ping);
      }
    }
  }

  private void report(boolean changed) {
    if (changed) {
      listener.health(config.name(), health.healthy(), health.reason());
    }
  }
}
