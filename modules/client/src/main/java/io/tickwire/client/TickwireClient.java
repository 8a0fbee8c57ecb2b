package io.tickwire.client;

import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.ClientFrames;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

  /** The most names in one subscribe frame: the server's default gateway.maxSubscriptions. */
  static final int CHANNELS_PER_FRAME = 256;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Context context;
  private final ClientOptions options;
  private final Subscriptions subscriptions = new Subscriptions();
  private final Connection connection;
  private final Calls calls;
  private final Heartbeat heartbeat;
  private final TokenRefresher refresher;
  private final FrameDispatcher frames;

  private TickwireClient(Vertx vertx, boolean ownsVertx, ClientOptions options) {
    options.validate();
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = new ClientOptions(options);
    this.context = vertx.getOrCreateContext();
    this.connection = new Connection(vertx, this::run, this.options, new Parts());
    this.calls = new Calls(vertx, connection, this.options.getQueueSize());
    this.heartbeat = new Heartbeat(vertx, connection, calls, this.options.getPingIntervalMs(),
        this.options.getPingTimeoutMs());
    this.refresher = new TokenRefresher(vertx, this::run, connection, calls, this.options);
    this.frames = new FrameDispatcher(connection, subscriptions, calls, heartbeat);
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
    return onLoop(connection::connect);
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
    return onLoop(() -> {
      if (connection.isClosed()) {
        return Future.failedFuture(ClientException.closed());
      }
      List<String> toSend = new ArrayList<>();
      Future<SubscribeResult> result = subscriptions.want(names, toSend).future();
      if (connection.isOpen()) {
        subscribeFrames(toSend);
      }
      return result;
    });
  }

  /** Leaves {@code channels}; no message of them reaches listeners afterwards. */
  public Future<Void> unsubscribe(String... channels) {
    List<String> names = distinct(channels);
    if (names.isEmpty()) {
      return Future.succeededFuture();
    }
    return onLoop(() -> {
      subscriptions.drop(names);
      if (!connection.isOpen()) {
        // The server forgets a connection's channels with the connection.
        return Future.succeededFuture();
      }
      return calls.call("u", id -> new ClientFrame.Unsubscribe(id, names).toJson(),
          options.getRequestTimeoutMs()).mapEmpty();
    });
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
    return onLoop(() -> calls.call("r", id -> new ClientFrame.Request(id, method, body).toJson(),
        timeoutMs)).map(frame -> frame.getValue("data"));
  }

  /**
   * Publishes {@code data} to {@code channel} (protocol 1.1, {@code features} lists
   * {@code publish}): the channel must be one this client is subscribed to, in a namespace that
   * takes publications from subscribers, and the client needs a token. Completes with where the
   * channel log put the message; subscribers (this client too) receive it with {@code from} set.
   * Fails like {@link #request}: with the server's {@link ProtocolException} ({@code forbidden},
   * {@code too_large}, {@code rate_limited}, …) or a {@link ClientException}. A publication cut
   * off by a lost connection is not sent again; use {@link #publish(String, Object, String)} to
   * retry it safely.
   *
   * @param data any JSON value but {@code null}
   */
  public Future<Published> publish(String channel, Object data) {
    return publish(channel, data, null);
  }

  /**
   * Publishes like {@link #publish(String, Object)} with an idempotency key (1 to 128
   * characters): a key this user already used on this channel within the server's idempotency
   * window answers the first publication again and publishes nothing.
   */
  public Future<Published> publish(String channel, Object data, String idempotencyKey) {
    if (!ChannelName.isValid(channel)) {
      return Future.failedFuture(new ProtocolException(ErrorCode.BAD_REQUEST,
          "not a channel name: '" + channel + "'"));
    }
    if (data == null) {
      return Future.failedFuture(new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'data' is required and must not be null"));
    }
    if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > 128)) {
      return Future.failedFuture(new ProtocolException(ErrorCode.BAD_REQUEST,
          "field 'idempotencyKey' must be a string of 1 to 128 characters"));
    }
    return onLoop(() -> calls.call("p",
        id -> new ClientFrame.Publish(id, channel, data, idempotencyKey).toJson(),
        options.getRequestTimeoutMs())).map(Published::from);
  }

  /**
   * Asks who is subscribed to {@code channel}, cluster-wide (protocol 1.1, {@code features} lists
   * {@code presence}; the namespace must have {@code presence}). The client need not be
   * subscribed, but must be allowed to. Fails like {@link #request}.
   */
  public Future<Presence> presence(String channel) {
    if (!ChannelName.isValid(channel)) {
      return Future.failedFuture(new ProtocolException(ErrorCode.BAD_REQUEST,
          "not a channel name: '" + channel + "'"));
    }
    return onLoop(() -> calls.call("q", id -> new ClientFrame.Presence(id, channel).toJson(),
        options.getRequestTimeoutMs())).map(Presence::from);
  }

  /** Sends a {@code ping} now (or when connected); completes with the round trip in ms. */
  public Future<Double> ping() {
    return onLoop(() -> heartbeat.ping(options.getRequestTimeoutMs()));
  }

  /**
   * If the client is waiting to reconnect, tries at once instead of waiting out the backoff (for
   * example when the network is known to be back).
   */
  public void reconnectNow() {
    run(connection::reconnectNow);
  }

  /**
   * Closes the connection (1000) and the client for good: waiting calls fail with CLOSED, the
   * state becomes {@link ConnectionState#DISCONNECTED}. A Vert.x instance the client created is
   * closed too.
   */
  public Future<Void> close() {
    return onLoop(connection::close)
        .compose(ignored -> ownsVertx ? vertx.close() : Future.succeededFuture());
  }

  /** The current state. */
  public ConnectionState state() {
    return connection.state();
  }

  /** Round-trip statistics of the pings so far. */
  public RttStats rtt() {
    return heartbeat.rtt();
  }

  /** The server's session id of the current connection, or {@code null}. */
  public String session() {
    return connection.session();
  }

  /**
   * What the server offers beyond protocol 1.0, from the last {@code welcome}: {@code publish},
   * {@code presence}, {@code joinLeave}, {@code msgpack}, … Empty before the first connection and
   * from a server of protocol 1.0.
   */
  public Set<String> features() {
    return connection.features();
  }

  /**
   * The channels the server subscribed this client to by itself (welcome's
   * {@code subscriptions}, such as {@code system.announcements}), from the last {@code welcome}.
   * Their messages reach {@link #onMessage(String, Consumer)} of the channel (and
   * {@link #onAnnouncement}), not the listeners of every channel.
   */
  public List<String> autoSubscriptions() {
    return connection.autoSubscriptions();
  }

  /**
   * The encoding of the current (or last) connection: {@link Format#MSGPACK} only when asked for
   * and selected by the server.
   */
  public Format format() {
    return connection.format();
  }

  /** Listens to state changes. */
  public Registration onState(Consumer<StateChange> listener) {
    return connection.onState(listener);
  }

  /** Listens to the new messages of every channel. */
  public Registration onMessage(Consumer<TickwireMessage> listener) {
    return frames.onMessage(listener);
  }

  /** Listens to the new messages of {@code channel}. */
  public Registration onMessage(String channel, Consumer<TickwireMessage> listener) {
    return frames.onMessage(channel, listener);
  }

  /**
   * Listens to every frame of {@code type} as it arrives ({@code welcome}, {@code message},
   * {@code error}, …), before duplicates are dropped; after the client has handled it.
   */
  public Registration onFrame(String type, Consumer<JsonObject> listener) {
    return frames.onFrame(type, listener);
  }

  /**
   * Listens to announcements: the messages of {@code system.announcements}, which the server
   * subscribes every connection to (no subscribe needed). An announcement missed while
   * disconnected is not replayed.
   */
  public Registration onAnnouncement(Consumer<TickwireMessage> listener) {
    return frames.onAnnouncement(listener);
  }

  /** Listens to {@code join}s of every channel: another client subscribed to one of ours. */
  public Registration onJoin(Consumer<PresenceEvent> listener) {
    return frames.onJoin(null, listener);
  }

  /**
   * Listens to {@code join}s of {@code channel} (a channel of a {@code joinLeave} namespace this
   * client subscribes to). A client is not told of its own subscription.
   */
  public Registration onJoin(String channel, Consumer<PresenceEvent> listener) {
    return frames.onJoin(requireChannel(channel), listener);
  }

  /** Listens to {@code leave}s of every channel: another client left one of ours. */
  public Registration onLeave(Consumer<PresenceEvent> listener) {
    return frames.onLeave(null, listener);
  }

  /** Listens to {@code leave}s of {@code channel}. */
  public Registration onLeave(String channel, Consumer<PresenceEvent> listener) {
    return frames.onLeave(requireChannel(channel), listener);
  }

  /** Listens to resyncs: channels the server could not recover after a reconnection. */
  public Registration onResync(Consumer<Resync> listener) {
    return frames.onResync(listener);
  }

  /**
   * Listens to server errors that fail no call of the caller: refused or revoked channels (which
   * are dropped; their subscribe futures say so too) and errors without a known id.
   */
  public Registration onError(Consumer<ProtocolException> listener) {
    return frames.onError(listener);
  }

  /** Whether {@code channel} is a valid channel name (for callers that want to check first). */
  public static boolean isChannelName(String channel) {
    return ChannelName.isValid(channel);
  }

  // ---------------------------------------------------------------- wiring

  /** What the client's parts do when the connection opens, is lost or ends. */
  private final class Parts implements Connection.Events {

    @Override
    public void received(JsonObject frame) {
      frames.receive(frame);
    }

    @Override
    public void opened(String token) {
      subscribeFrames(subscriptions.all());
      calls.flush();
      refresher.start(token);
      heartbeat.start();
    }

    @Override
    public void lost(String reason) {
      heartbeat.stop();
      refresher.stop();
      subscriptions.disconnected();
      calls.lost(reason);
    }

    @Override
    public void ended(Throwable cause) {
      heartbeat.stop();
      refresher.stop();
      calls.failAll(cause);
      subscriptions.failAll(cause);
    }
  }

  /**
   * Subscribe frames for {@code channels}, at most {@value #CHANNELS_PER_FRAME} names each: a
   * server refuses a whole frame that names more than {@code gateway.maxSubscriptions}.
   */
  private void subscribeFrames(List<String> channels) {
    for (int from = 0; from < channels.size(); from += CHANNELS_PER_FRAME) {
      List<String> part = channels.subList(from,
          Math.min(channels.size(), from + CHANNELS_PER_FRAME));
      connection.write(subscriptions.frame(calls.nextId("s"), part));
    }
  }

  /** Runs {@code action} on the client's event loop: at once when already there. */
  private void run(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }

  /** Runs {@code action} on the event loop; its future completes the one returned. */
  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    run(() -> action.get().onComplete(promise));
    return promise.future();
  }

  private static String requireChannel(String channel) {
    if (channel == null) {
      throw new NullPointerException("channel");
    }
    return channel;
  }

  private static List<String> distinct(String... channels) {
    return channels == null ? List.of() : Arrays.stream(channels).distinct().toList();
  }
}
