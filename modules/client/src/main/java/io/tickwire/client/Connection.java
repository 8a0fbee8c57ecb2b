package io.tickwire.client;

import io.tickwire.protocol.Backoff;
import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.MsgPack;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The client's WebSocket and the loop that keeps one open: it asks the token supplier, dials,
 * counts as open once the server's {@code welcome} arrived, and when the socket is lost waits a
 * {@link Backoff} (full jitter) and dials again, until it is open again, the attempts run out, the
 * server closed with {@link CloseCode#DISCONNECTED} (do not come back), or the client closes. It
 * owns the {@link ConnectionState} and tells the state listeners of every change.
 *
 * <p>Each socket has a generation; whatever an older socket still raises is ignored, so parts that
 * wait on a connection compare {@link #generation()} before and after. The rest of the client
 * hears of the connection's turning points through {@link Events}, before the state listeners.
 *
 * <p><b>Threading.</b> Confined to the client's event loop, except {@link #state()},
 * {@link #session()} and {@link #onState}, which any thread may call.
 */
final class Connection {

  /** What the rest of the client does at the connection's turning points, on the event loop. */
  interface Events {

    /**
     * A frame arrived on the current socket, as the JSON object it is (a MessagePack frame read
     * straight into the object it stands for, once).
     */
    void received(JsonObject frame);

    /**
     * The server's welcome arrived on a socket opened with {@code token} (or {@code null}): send
     * what must go first and start the timers of a live connection. The state listeners hear of
     * {@link ConnectionState#CONNECTED} afterwards.
     */
    void opened(String token);

    /** The socket was lost: stop its timers; what it was granted and sent is gone with it. */
    void lost(String reason);

    /** The client closed or gave up: stop the timers and fail everything still waiting. */
    void ended(Throwable cause);
  }

  private static final System.Logger LOG = System.getLogger(Connection.class.getName());
  private static final int MAX_MESSAGE_BYTES = 16 << 20;

  private final Vertx vertx;
  private final Executor loop;
  private final ClientOptions options;
  private final Events events;
  private final Backoff backoff;
  private final WebSocketClient wsClient;
  private final ListenerSet<StateChange> stateListeners = new ListenerSet<>();

  private volatile ConnectionState state = ConnectionState.DISCONNECTED;
  private volatile String session;
  private volatile Set<String> features = Set.of();
  private volatile List<String> autoSubscriptions = List.of();
  private volatile Format format = Format.JSON;

  // Confined to the event loop.
  private WebSocket socket;
  private boolean open;
  private int generation;
  private int attempt;
  private boolean closed;
  private long reconnectTimer = -1;
  private String token;
  /** The server selected no subprotocol when MessagePack was offered: JSON from then on. */
  private boolean msgpackDeclined;
  private final List<Promise<Void>> connectWaiters = new ArrayList<>();

  /**
   * @param loop runs a task on the client's event loop (at once when already there)
   * @param events the rest of the client
   */
  Connection(Vertx vertx, Executor loop, ClientOptions options, Events events) {
    this.vertx = vertx;
    this.loop = loop;
    this.options = options;
    this.events = events;
    this.backoff = new Backoff(options.getBackoffBaseMs(), options.getBackoffCapMs());
    this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
        .setTryUsePerMessageCompression(true));
  }

  /**
   * Completes when the connection is open: at once when it is, after the welcome otherwise
   * (dialing first when nothing is under way); fails when the client gives up or closes first.
   */
  Future<Void> connect() {
    if (closed) {
      return Future.failedFuture(ClientException.closed());
    }
    if (open) {
      return Future.succeededFuture();
    }
    Promise<Void> waiter = Promise.promise();
    connectWaiters.add(waiter);
    if (state == ConnectionState.DISCONNECTED) {
      attempt = 0;
      setState(ConnectionState.CONNECTING, 0, 0, 0, "");
      dial();
    }
    return waiter.future();
  }

  /** Dials at once if waiting out a backoff. */
  void reconnectNow() {
    if (!closed && state == ConnectionState.RECONNECTING && reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
      dial();
    }
  }

  /**
   * Closes for good: everything waiting fails with CLOSED, the state becomes DISCONNECTED, the
   * socket is closed with {@link CloseCode#NORMAL}. Completes when the socket and the WebSocket
   * client are closed.
   */
  Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    generation++;
    cancelReconnect();
    WebSocket ws = socket;
    socket = null;
    open = false;
    end(ClientException.closed());
    setState(ConnectionState.DISCONNECTED, 0, 0, 0, "closed by the client");
    Future<Void> closing = ws == null ? Future.succeededFuture()
        : ws.close(CloseCode.NORMAL, "client closed").otherwiseEmpty();
    return closing.compose(ignored -> wsClient.close().otherwiseEmpty());
  }

  /** The server said welcome: the connection is open. Once per socket. */
  void welcomed(JsonObject welcome) {
    if (open) {
      return;
    }
    ConnectionState previous = state;
    session = welcome.getString("session");
    features = Collections.unmodifiableSet(new LinkedHashSet<>(strings(welcome, "features")));
    autoSubscriptions = List.copyOf(strings(welcome, "subscriptions"));
    open = true;
    attempt = 0;
    state = ConnectionState.CONNECTED;
    events.opened(token);
    stateListeners.fire(new StateChange(ConnectionState.CONNECTED, previous, 0, 0, 0, ""));
    List<Promise<Void>> waiting = new ArrayList<>(connectWaiters);
    connectWaiters.clear();
    waiting.forEach(Promise::tryComplete);
  }

  /**
   * Gives up the open socket as dead (a heartbeat timeout): treats it as lost with
   * {@code code}, then closes it with {@code code} and {@code closeReason}.
   */
  void replace(short code, String reason, String closeReason) {
    WebSocket ws = socket;
    lost(code, reason);
    if (ws != null) {
      ws.close(code, closeReason).otherwiseEmpty();
    }
  }

  /** Writes {@code frame} to the socket in the connection's format; only while open. */
  void write(JsonObject frame) {
    if (format == Format.MSGPACK) {
      socket.writeBinaryMessage(Buffer.buffer(MsgPack.fromJson(frame)));
    } else {
      socket.writeTextMessage(frame.encode());
    }
  }

  /** The format of the current (or last) socket: MSGPACK only when the server selected it. */
  Format format() {
    return format;
  }

  /** What the last welcome listed under {@code features}; empty before it, or from a 1.0 node. */
  Set<String> features() {
    return features;
  }

  /** The channels the server subscribed this connection to, from the last welcome. */
  List<String> autoSubscriptions() {
    return autoSubscriptions;
  }

  /** Whether the welcome arrived on the current socket. */
  boolean isOpen() {
    return open;
  }

  /** Whether the client was closed for good. */
  boolean isClosed() {
    return closed;
  }

  /** The current socket's generation: it changes whenever a socket is dialed, lost or closed. */
  int generation() {
    return generation;
  }

  ConnectionState state() {
    return state;
  }

  /** The server's session id of the open connection, or {@code null}. */
  String session() {
    return session;
  }

  Registration onState(Consumer<StateChange> listener) {
    return stateListeners.add(listener);
  }

  private void dial() {
    int dialing = ++generation;
    TokenSupplier supplier = options.getTokenSupplier();
    Future<String> next = supplier == null ? Future.succeededFuture() : supplier.token();
    next.onComplete(result -> loop.execute(() -> {
      if (dialing != generation || closed) {
        return;
      }
      if (result.failed()) {
        lost(0, "the token supplier failed: " + describe(result.cause()));
        return;
      }
      token = result.result();
      wsClient.connect(connectOptions(token)).onComplete(connected -> {
        if (dialing != generation || closed) {
          if (connected.succeeded()) {
            connected.result().close();
          }
        } else if (connected.failed() && offersMsgPack() && noSubprotocol(connected.cause())) {
          LOG.log(System.Logger.Level.INFO, "the server selected no subprotocol for "
              + MsgPack.SUBPROTOCOL + "; using JSON");
          msgpackDeclined = true;
          dial();
        } else if (connected.failed()) {
          lost(0, describe(connected.cause()));
        } else {
          attach(connected.result(), dialing);
        }
      });
    }));
  }

  private WebSocketConnectOptions connectOptions(String token) {
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(options.getHost())
        .setPort(options.getPort()).setURI(options.getPath()).setSsl(options.isSsl())
        .setConnectTimeout(options.getConnectTimeoutMs())
        .setTimeout(options.getConnectTimeoutMs());
    if (token != null) {
      connect.addHeader("Authorization", "Bearer " + token);
    }
    if (offersMsgPack()) {
      connect.setSubProtocols(List.of(MsgPack.SUBPROTOCOL));
    }
    return connect;
  }

  private boolean offersMsgPack() {
    return options.getFormat() == Format.MSGPACK && !msgpackDeclined;
  }

  /**
   * Whether the handshake failed because the server answered without the subprotocol offered
   * (the WebSocket client refuses such an answer): a server without MessagePack.
   */
  private static boolean noSubprotocol(Throwable failure) {
    if (failure instanceof UpgradeRejectedException) {
      // An HTTP refusal of the upgrade, whatever its body says.
      return false;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains("subprotocol")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> strings(JsonObject frame, String key) {
    List<String> strings = new ArrayList<>();
    if (frame.getValue(key) instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof String text) {
          strings.add(text);
        }
      }
    }
    return strings;
  }

  private void attach(WebSocket ws, int attached) {
    socket = ws;
    // A server without MessagePack selects no subprotocol: the socket then speaks JSON.
    format = MsgPack.SUBPROTOCOL.equals(ws.subProtocol()) ? Format.MSGPACK : Format.JSON;
    boolean binary = format == Format.MSGPACK;
    ws.textMessageHandler(text -> {
      if (attached == generation && !binary) {
        JsonObject frame;
        try {
          frame = new JsonObject(text);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "ignoring a frame that is not a JSON object");
          return;
        }
        events.received(frame);
      }
    });
    ws.binaryMessageHandler(bytes -> {
      if (attached == generation && binary) {
        JsonObject frame;
        try {
          frame = MsgPack.toJsonObject(bytes.getBytes());
        } catch (ProtocolException e) {
          LOG.log(System.Logger.Level.WARNING, "ignoring a frame that is not a MessagePack map: {0}",
              e.getMessage());
          return;
        }
        events.received(frame);
      }
    });
    ws.closeHandler(ignored -> {
      if (attached == generation && socket == ws) {
        Short code = ws.closeStatusCode();
        lost(code == null ? CloseCode.ABNORMAL : code, closeReason(code, ws.closeReason()));
      }
    });
    ws.exceptionHandler(failure -> LOG.log(System.Logger.Level.DEBUG,
        "tickwire socket error: {0}", failure.getMessage()));
  }

  /**
   * The socket is gone (or could not be opened): forget it (events it still raises are ignored),
   * let the rest of the client drop what lived on it, then retry or give up.
   */
  private void lost(int code, String reason) {
    generation++;
    socket = null;
    open = false;
    session = null;
    cancelReconnect();
    events.lost(reason);
    if (closed) {
      return;
    }
    if (code == CloseCode.DISCONNECTED) {
      giveUp(code, "disconnected by the server (" + code + "): " + reason);
      return;
    }
    attempt++;
    int max = options.getMaxAttempts();
    if (max != ClientOptions.UNLIMITED && attempt > max) {
      giveUp(code, "gave up after " + max + " reconnect attempt" + (max == 1 ? "" : "s")
          + "; last: " + reason);
      return;
    }
    long delay = backoff.delayMs(attempt);
    reconnectTimer = vertx.setTimer(delay, ignored -> {
      reconnectTimer = -1;
      dial();
    });
    setState(ConnectionState.RECONNECTING, attempt, delay, code, reason);
  }

  private void giveUp(int code, String reason) {
    end(new ClientException(ClientException.Reason.CLOSED, reason));
    setState(ConnectionState.DISCONNECTED, 0, 0, code, reason);
  }

  /** Fails everything waiting, the callers of {@link #connect()} last. */
  private void end(Throwable cause) {
    events.ended(cause);
    List<Promise<Void>> waiting = new ArrayList<>(connectWaiters);
    connectWaiters.clear();
    waiting.forEach(promise -> promise.tryFail(cause));
  }

  private void cancelReconnect() {
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
  }

  private void setState(ConnectionState next, int nextAttempt, long delayMs, int closeCode,
      String reason) {
    ConnectionState previous = state;
    state = next;
    stateListeners.fire(new StateChange(next, previous, nextAttempt, delayMs, closeCode, reason));
  }

  private static String closeReason(Short code, String reason) {
    if (code == null) {
      return "the connection dropped";
    }
    return "closed by the server with " + code
        + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
  }

  /** A failure to connect, or of the token supplier, in words. */
  static String describe(Throwable failure) {
    if (failure instanceof UpgradeRejectedException rejected) {
      String body = rejected.getBody() == null ? "" : ": " + rejected.getBody().toString();
      return "the server refused the upgrade with HTTP " + rejected.getStatus() + body;
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
