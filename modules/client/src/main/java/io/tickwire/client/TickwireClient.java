package io.tickwire.client;

import io.tickwire.protocol.Backoff;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.ClientFrames;
import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A client of the tickwire WebSocket endpoint (wire protocol v1) that keeps its connection: it
 * reconnects with exponential backoff and full jitter, resubscribes every channel with
 * {@code since} so that stream channels resume without a gap, drops duplicate messages by
 * {@code seq}, raises {@link Resync} when the server could not recover, queues frames while
 * disconnected, times requests out, pings, and refreshes its token before it expires.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. The client's state lives on
 * one Vert.x event loop (the context it was created on, or a new one); calls are handed to it, so
 * frames go out in the order the calls were made from one thread. Listeners and futures are
 * called on that event loop, one at a time, in the order frames arrived; a listener must not
 * block. From outside Vert.x, wait for a future with {@code future.await()} or
 * {@code future.toCompletionStage()}.
 *
 * <p><b>Ordering.</b> On every (re)connection, the resubscription is sent first, then the queued
 * frames in the order they were given, then new frames. Per channel, listeners see messages in
 * increasing {@code seq} within an epoch, each once.
 */
public final class TickwireClient {

  private static final System.Logger LOG = System.getLogger(TickwireClient.class.getName());
  private static final int MAX_MESSAGE_BYTES = 16 << 20;
  /** The most names in one subscribe frame: the server's default gateway.maxSubscriptions. */
  static final int CHANNELS_PER_FRAME = 256;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Context context;
  private final ClientOptions options;
  private final Backoff backoff;
  private final WebSocketClient wsClient;
  private final OutboundQueue<PendingCalls.Call> queue;
  private final PendingCalls calls = new PendingCalls();
  private final Subscriptions subscriptions = new Subscriptions();
  private final AtomicLong ids = new AtomicLong();

  private final ListenerSet<StateChange> stateListeners = new ListenerSet<>();
  private final ListenerSet<TickwireMessage> messageListeners = new ListenerSet<>();
  private final ConcurrentHashMap<String, ListenerSet<TickwireMessage>> channelListeners =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ListenerSet<JsonObject>> typeListeners =
      new ConcurrentHashMap<>();
  private final ListenerSet<Resync> resyncListeners = new ListenerSet<>();
  private final ListenerSet<ProtocolException> errorListeners = new ListenerSet<>();

  private volatile ConnectionState state = ConnectionState.DISCONNECTED;
  private volatile RttStats rtt = RttStats.EMPTY;
  private volatile String session;

  // Confined to the event loop.
  private WebSocket socket;
  private boolean open;
  private int generation;
  private int attempt;
  private boolean closed;
  private long reconnectTimer = -1;
  private long pingTimer = -1;
  private long refreshTimer = -1;
  private String token;
  private final List<Promise<Void>> connectWaiters = new ArrayList<>();

  private TickwireClient(Vertx vertx, boolean ownsVertx, ClientOptions options) {
    options.validate();
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = new ClientOptions(options);
    this.context = vertx.getOrCreateContext();
    this.backoff = new Backoff(options.getBackoffBaseMs(), options.getBackoffCapMs());
    this.queue = new OutboundQueue<>(options.getQueueSize());
    this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(MAX_MESSAGE_BYTES).setMaxMessageSize(MAX_MESSAGE_BYTES)
        .setTryUsePerMessageCompression(true));
  }

  /** A client with a Vert.x instance of its own, closed with the client. */
  public static TickwireClient create(ClientOptions options) {
    return new TickwireClient(Vertx.vertx(), true, options);
  }

  /**
   * A client on {@code vertx}: on the calling verticle's context when called from one, otherwise
   * on a new event-loop context.
   */
  public static TickwireClient create(Vertx vertx, ClientOptions options) {
    return new TickwireClient(vertx, false, options);
  }

  // ---------------------------------------------------------------- public API

  /**
   * Opens the connection. Completes when the server's {@code welcome} arrived (after reconnect
   * attempts if the first ones fail); fails when the client gives up or is closed first. Calling it
   * again while connected completes at once; after the client gave up it starts again.
   */
  public Future<Void> connect() {
    Promise<Void> promise = Promise.promise();
    run(() -> {
      if (closed) {
        promise.fail(closedError("the client is closed"));
      } else if (open) {
        promise.complete();
      } else {
        connectWaiters.add(promise);
        if (state == ConnectionState.DISCONNECTED) {
          attempt = 0;
          setState(ConnectionState.CONNECTING, 0, 0, 0, "");
          dial();
        }
      }
    });
    return promise.future();
  }

  /**
   * Subscribes to {@code channels}, now or as soon as connected. The channels are kept: after a
   * reconnection they are subscribed again from where the client stood. Completes when every
   * channel was granted or refused; refused ones are dropped.
   */
  public Future<SubscribeResult> subscribe(String... channels) {
    List<String> names = distinct(channels);
    if (names.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("no channel given"));
    }
    Promise<SubscribeResult> promise = Promise.promise();
    run(() -> {
      if (closed) {
        promise.fail(closedError("the client is closed"));
        return;
      }
      List<String> toSend = new ArrayList<>();
      subscriptions.want(names, toSend).future().onComplete(promise);
      if (open) {
        subscribeFrames(toSend);
      }
    });
    return promise.future();
  }

  /** Leaves {@code channels}; no message of them reaches listeners afterwards. */
  public Future<Void> unsubscribe(String... channels) {
    List<String> names = distinct(channels);
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    run(() -> {
      subscriptions.drop(names);
      if (!open) {
        // The server forgets a connection's channels with the connection.
        promise.complete();
        return;
      }
      call("u", id -> new ClientFrame.Unsubscribe(id, names).toJson(),
          options.getRequestTimeoutMs()).<Void>mapEmpty().onComplete(promise);
    });
    return promise.future();
  }

  /** Calls {@code method} with the default timeout; completes with the response's data. */
  public Future<Object> request(String method, JsonObject data) {
    return request(method, data, options.getRequestTimeoutMs());
  }

  /**
   * Calls {@code method}; completes with the response's {@code data} (any JSON value). Fails with a
   * {@link ProtocolException} when the server refuses, or a {@link ClientException}: TIMEOUT after
   * {@code timeoutMs} (counted from this call, queued time included), DISCONNECTED when the
   * connection is lost after the request went out, QUEUE_FULL when it cannot wait for a
   * connection, CLOSED when the client closes or gives up.
   */
  public Future<Object> request(String method, JsonObject data, long timeoutMs) {
    if (!ClientFrames.isMethodName(method)) {
      return Future.failedFuture(new ProtocolException(ErrorCode.BAD_REQUEST,
          "not a method name: '" + method + "'"));
    }
    JsonObject body = data == null ? new JsonObject() : data.copy();
    return call("r", id -> new ClientFrame.Request(id, method, body).toJson(), timeoutMs)
        .map(frame -> frame.getValue("data"));
  }

  /** Sends a {@code ping} now (or when connected); completes with the round trip in ms. */
  public Future<Double> ping() {
    return call("p", id -> new ClientFrame.Ping(id, System.currentTimeMillis()).toJson(),
        options.getRequestTimeoutMs()).map(frame -> rtt.lastMs());
  }

  /**
   * If the client is waiting to reconnect, tries at once instead of waiting out the backoff (for
   * example when the network is known to be back).
   */
  public void reconnectNow() {
    run(() -> {
      if (!closed && state == ConnectionState.RECONNECTING && reconnectTimer >= 0) {
        vertx.cancelTimer(reconnectTimer);
        reconnectTimer = -1;
        dial();
      }
    });
  }

  /**
   * Closes the connection (1000) and the client for good: waiting calls fail with CLOSED, the
   * state becomes {@link ConnectionState#DISCONNECTED}. A Vert.x instance the client created is
   * closed too.
   */
  public Future<Void> close() {
    Promise<Void> promise = Promise.promise();
    run(() -> {
      if (closed) {
        promise.complete();
        return;
      }
      closed = true;
      generation++;
      cancelTimers();
      WebSocket ws = socket;
      socket = null;
      open = false;
      failWaiting(closedError("the client is closed"));
      setState(ConnectionState.DISCONNECTED, 0, 0, 0, "closed by the client");
      Future<Void> closing = ws == null ? Future.succeededFuture()
          : ws.close(CloseCode.NORMAL, "client closed").otherwiseEmpty();
      closing.compose(ignored -> wsClient.close().otherwiseEmpty()).onComplete(promise);
    });
    return promise.future()
        .compose(ignored -> ownsVertx ? vertx.close() : Future.succeededFuture());
  }

  /** The current state. */
  public ConnectionState state() {
    return state;
  }

  /** Round-trip statistics of the pings so far. */
  public RttStats rtt() {
    return rtt;
  }

  /** The server's session id of the current connection, or {@code null}. */
  public String session() {
    return session;
  }

  /** Listens to state changes. */
  public Registration onState(Consumer<StateChange> listener) {
    return stateListeners.add(listener);
  }

  /** Listens to the new messages of every channel. */
  public Registration onMessage(Consumer<TickwireMessage> listener) {
    return messageListeners.add(listener);
  }

  /** Listens to the new messages of {@code channel}. */
  public Registration onMessage(String channel, Consumer<TickwireMessage> listener) {
    return channelListeners.computeIfAbsent(channel, ignored -> new ListenerSet<>())
        .add(listener);
  }

  /**
   * Listens to every frame of {@code type} as it arrives ({@code welcome}, {@code message},
   * {@code error}, …), before duplicates are dropped; after the client has handled it.
   */
  public Registration onFrame(String type, Consumer<JsonObject> listener) {
    return typeListeners.computeIfAbsent(type, ignored -> new ListenerSet<>()).add(listener);
  }

  /** Listens to resyncs: channels the server could not recover after a reconnection. */
  public Registration onResync(Consumer<Resync> listener) {
    return resyncListeners.add(listener);
  }

  /**
   * Listens to server errors that fail no call of the caller: refused or revoked channels (which
   * are dropped; their subscribe futures say so too) and errors without a known id.
   */
  public Registration onError(Consumer<ProtocolException> listener) {
    return errorListeners.add(listener);
  }

  // ---------------------------------------------------------------- connection lifecycle

  private void dial() {
    int dialing = ++generation;
    TokenSupplier supplier = options.getTokenSupplier();
    Future<String> next = supplier == null ? Future.succeededFuture() : supplier.token();
    next.onComplete(result -> run(() -> {
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
    return connect;
  }

  private void attach(WebSocket ws, int attached) {
    socket = ws;
    ws.textMessageHandler(text -> {
      if (attached == generation) {
        receive(text);
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

  /** The server said welcome: resubscribe, flush the queue, then tell listeners. */
  private void welcomed(JsonObject welcome) {
    if (open) {
      return;
    }
    ConnectionState previous = state;
    session = welcome.getString("session");
    open = true;
    attempt = 0;
    state = ConnectionState.CONNECTED;
    subscribeFrames(subscriptions.all());
    for (PendingCalls.Call call : queue.drain()) {
      send(call);
    }
    scheduleRefresh(Jwt.expiresAtMs(token));
    if (options.getPingIntervalMs() > 0) {
      pingTimer = vertx.setPeriodic(options.getPingIntervalMs(), ignored -> autoPing());
    }
    fireState(ConnectionState.CONNECTED, previous, 0, 0, 0, "");
    List<Promise<Void>> waiting = new ArrayList<>(connectWaiters);
    connectWaiters.clear();
    waiting.forEach(Promise::tryComplete);
  }

  /**
   * The connection is gone (or could not be made): forget the socket (events it still raises are
   * ignored), fail what cannot be answered, then retry or give up.
   */
  private void lost(int code, String reason) {
    generation++;
    socket = null;
    open = false;
    session = null;
    cancelTimers();
    subscriptions.disconnected();
    for (PendingCalls.Call call : calls.takeSent()) {
      vertx.cancelTimer(call.timer);
      call.promise.tryFail(new ClientException(ClientException.Reason.DISCONNECTED,
          "the connection was lost before the answer to '" + call.id + "' arrived: " + reason));
    }
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
    failWaiting(new ClientException(ClientException.Reason.CLOSED, reason));
    setState(ConnectionState.DISCONNECTED, 0, 0, code, reason);
  }

  private void failWaiting(Throwable cause) {
    for (PendingCalls.Call call : calls.takeAll()) {
      vertx.cancelTimer(call.timer);
      call.promise.tryFail(cause);
    }
    queue.drain();
    subscriptions.failAll(cause);
    List<Promise<Void>> waiting = new ArrayList<>(connectWaiters);
    connectWaiters.clear();
    waiting.forEach(promise -> promise.tryFail(cause));
  }

  private void cancelTimers() {
    for (long timer : new long[] {reconnectTimer, pingTimer, refreshTimer}) {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    }
    reconnectTimer = -1;
    pingTimer = -1;
    refreshTimer = -1;
  }

  // ---------------------------------------------------------------- token refresh and ping

  private void scheduleRefresh(long expiresAtMs) {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
      refreshTimer = -1;
    }
    if (expiresAtMs < 0 || options.getTokenSupplier() == null) {
      return;
    }
    long remaining = expiresAtMs - System.currentTimeMillis();
    long lead = Math.min(options.getTokenRefreshLeadMs(), Math.max(0, remaining / 2));
    refreshTimer = vertx.setTimer(Math.max(1, remaining - lead), ignored -> {
      refreshTimer = -1;
      refresh();
    });
  }

  private void refresh() {
    int current = generation;
    options.getTokenSupplier().token().onComplete(result -> run(() -> {
      if (current != generation || !open) {
        return;
      }
      if (result.failed() || result.result() == null) {
        LOG.log(System.Logger.Level.WARNING, "token refresh failed: {0}",
            result.failed() ? describe(result.cause()) : "the supplier gave no token");
        return;
      }
      String next = result.result();
      call("a", id -> new ClientFrame.Auth(id, next).toJson(), options.getRequestTimeoutMs())
          .onSuccess(authed -> {
            token = next;
            scheduleRefresh(authed.getLong("expiresAt", Jwt.expiresAtMs(next)));
          })
          .onFailure(failure -> LOG.log(System.Logger.Level.WARNING,
              "token refresh refused: {0}", failure.getMessage()));
    }));
  }

  private void autoPing() {
    int pinged = generation;
    call("p", id -> new ClientFrame.Ping(id, System.currentTimeMillis()).toJson(),
        options.getPingTimeoutMs()).onFailure(failure -> {
          if (pinged == generation && open && failure instanceof ClientException timeout
              && timeout.reason() == ClientException.Reason.TIMEOUT) {
            // The connection is dead or hopelessly slow: replace it rather than wait for TCP.
            WebSocket ws = socket;
            lost(CloseCode.HEARTBEAT_TIMEOUT,
                "no pong within " + options.getPingTimeoutMs() + " ms");
            if (ws != null) {
              ws.close(CloseCode.HEARTBEAT_TIMEOUT, "pong timeout").otherwiseEmpty();
            }
          }
        });
  }

  // ---------------------------------------------------------------- frames out

  private Future<JsonObject> call(String prefix, Function<String, JsonObject> frame,
      long timeoutMs) {
    Promise<JsonObject> promise = Promise.promise();
    run(() -> {
      if (closed) {
        promise.fail(closedError("the client is closed"));
        return;
      }
      String id = nextId(prefix);
      PendingCalls.Call call = calls.add(id, frame.apply(id));
      call.promise.future().onComplete(promise);
      arm(call, timeoutMs);
      if (open) {
        send(call);
      } else if (!queue.offer(call)) {
        calls.take(id);
        vertx.cancelTimer(call.timer);
        call.promise.fail(new ClientException(ClientException.Reason.QUEUE_FULL,
            "the outbound queue is full (" + queue.capacity() + " frames) while disconnected"));
      }
    });
    return promise.future();
  }

  private void arm(PendingCalls.Call call, long timeoutMs) {
    call.timer = vertx.setTimer(Math.max(1, timeoutMs), ignored -> {
      if (calls.take(call.id) == call) {
        queue.remove(call);
        call.promise.tryFail(new ClientException(ClientException.Reason.TIMEOUT,
            "no answer to '" + call.id + "' (" + call.frame.getString("type") + ") within "
                + timeoutMs + " ms"));
      }
    });
  }

  private void send(PendingCalls.Call call) {
    call.sent = true;
    call.sentNanos = System.nanoTime();
    write(call.frame);
  }

  private void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  // ---------------------------------------------------------------- frames in

  private void receive(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring a frame that is not a JSON object");
      return;
    }
    Object type = frame.getValue("type");
    if (!(type instanceof String)) {
      return;
    }
    switch ((String) type) {
      case FrameType.WELCOME -> welcomed(frame);
      case FrameType.MESSAGE -> message(frame);
      case FrameType.SUBSCRIBED ->
          subscriptions.subscribed(frame, resyncListeners::fire).forEach(errorListeners::fire);
      case FrameType.ERROR -> error(frame);
      case FrameType.PONG -> answer(frame, true);
      default -> answer(frame, false);
    }
    ListenerSet<JsonObject> listeners = typeListeners.get(type);
    if (listeners != null) {
      listeners.fire(frame);
    }
  }

  private void message(JsonObject frame) {
    String channel = frame.getString("channel");
    Long seq = frame.getLong("seq");
    String epoch = frame.getString("epoch");
    if (channel == null || seq == null || epoch == null
        || !subscriptions.accept(channel, seq, epoch)) {
      return;
    }
    TickwireMessage message = new TickwireMessage(channel, seq, epoch, frame.getLong("ts", 0L),
        frame.getValue("data"));
    ListenerSet<TickwireMessage> listeners = channelListeners.get(channel);
    if (listeners != null) {
      listeners.fire(message);
    }
    messageListeners.fire(message);
  }

  private void answer(JsonObject frame, boolean pong) {
    PendingCalls.Call call = calls.take(frame.getString("id"));
    if (call == null) {
      return;
    }
    vertx.cancelTimer(call.timer);
    if (pong) {
      rtt = rtt.plus(System.nanoTime() - call.sentNanos);
    }
    call.promise.tryComplete(frame);
  }

  private void error(JsonObject frame) {
    ErrorCode code = ErrorCode.fromToken(frame.getString("code"));
    ProtocolException error = new ProtocolException(code == null ? ErrorCode.INTERNAL : code,
        frame.getString("message", ""), frame.getString("id"), frame.getString("channel"));
    if (error.channel() != null) {
      subscriptions.refused(error);
      errorListeners.fire(error);
      return;
    }
    if (subscriptions.frameRefused(error)) {
      errorListeners.fire(error);
      return;
    }
    PendingCalls.Call call = calls.take(error.id());
    if (call != null) {
      vertx.cancelTimer(call.timer);
      call.promise.tryFail(error);
    } else {
      errorListeners.fire(error);
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Subscribe frames for {@code channels}, at most {@value #CHANNELS_PER_FRAME} names each: a
   * server refuses a whole frame that names more than {@code gateway.maxSubscriptions}.
   */
  private void subscribeFrames(List<String> channels) {
    for (int from = 0; from < channels.size(); from += CHANNELS_PER_FRAME) {
      List<String> part = channels.subList(from,
          Math.min(channels.size(), from + CHANNELS_PER_FRAME));
      write(subscriptions.frame(nextId("s"), part));
    }
  }

  private void setState(ConnectionState next, int nextAttempt, long delayMs, int closeCode,
      String reason) {
    ConnectionState previous = state;
    state = next;
    fireState(next, previous, nextAttempt, delayMs, closeCode, reason);
  }

  private void fireState(ConnectionState next, ConnectionState previous, int nextAttempt,
      long delayMs, int closeCode, String reason) {
    stateListeners.fire(new StateChange(next, previous, nextAttempt, delayMs, closeCode, reason));
  }

  private void run(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  private String nextId(String prefix) {
    return prefix + ids.incrementAndGet();
  }

  private static List<String> distinct(String... channels) {
    return channels == null ? List.of() : Arrays.stream(channels).distinct().toList();
  }

  private static ClientException closedError(String message) {
    return new ClientException(ClientException.Reason.CLOSED, message);
  }

  private static String closeReason(Short code, String reason) {
    if (code == null) {
      return "the connection dropped";
    }
    return "closed by the server with " + code
        + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
  }

  private static String describe(Throwable failure) {
    if (failure instanceof UpgradeRejectedException rejected) {
      String body = rejected.getBody() == null ? "" : ": " + rejected.getBody().toString();
      return "the server refused the upgrade with HTTP " + rejected.getStatus() + body;
    }
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  /** Whether {@code channel} is a valid channel name (for callers that want to check first). */
  public static boolean isChannelName(String channel) {
    return ChannelName.isValid(channel);
  }
}
