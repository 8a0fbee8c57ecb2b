package io.tickwire.client;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every frame from the server, to the part of the client it concerns and then to the listeners:
 * {@code welcome} opens the {@link Connection}; {@code message} goes through the
 * {@link Subscriptions} (which drop duplicates and channels no longer wanted) to the channel's
 * and then the general message listeners; {@code subscribed} settles subscriptions, raising
 * resyncs and refusals; {@code error} fails the subscription or call it answers, or else goes to
 * the error listeners; {@code pong} goes to the {@link Heartbeat}; any other answer to its call.
 * Afterwards the frame goes to the listeners of its type. Frames that are not JSON objects with a
 * string {@code type} are ignored.
 *
 * <p><b>Threading.</b> Listeners may be added and removed from any thread; frames are read and
 * listeners called on the client's event loop, in the order frames arrived.
 */
final class FrameDispatcher {

  private static final System.Logger LOG = System.getLogger(FrameDispatcher.class.getName());

  private final Connection connection;
  private final Subscriptions subscriptions;
  private final Calls calls;
  private final Heartbeat heartbeat;

  private final ListenerSet<TickwireMessage> messageListeners = new ListenerSet<>();
  private final ConcurrentHashMap<String, ListenerSet<TickwireMessage>> channelListeners =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ListenerSet<JsonObject>> typeListeners =
      new ConcurrentHashMap<>();
  private final ListenerSet<Resync> resyncListeners = new ListenerSet<>();
  private final ListenerSet<ProtocolException> errorListeners = new ListenerSet<>();

  FrameDispatcher(Connection connection, Subscriptions subscriptions, Calls calls,
      Heartbeat heartbeat) {
    this.connection = connection;
    this.subscriptions = subscriptions;
    this.calls = calls;
    this.heartbeat = heartbeat;
  }

  Registration onMessage(Consumer<TickwireMessage> listener) {
    return messageListeners.add(listener);
  }

  Registration onMessage(String channel, Consumer<TickwireMessage> listener) {
    return channelListeners.computeIfAbsent(channel, ignored -> new ListenerSet<>())
        .add(listener);
  }

  Registration onFrame(String type, Consumer<JsonObject> listener) {
    return typeListeners.computeIfAbsent(type, ignored -> new ListenerSet<>()).add(listener);
  }

  Registration onResync(Consumer<Resync> listener) {
    return resyncListeners.add(listener);
  }

  Registration onError(Consumer<ProtocolException> listener) {
    return errorListeners.add(listener);
  }

  /** Reads one text frame of the current connection. */
  void receive(String text) {
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
      case FrameType.WELCOME -> connection.welcomed(frame);
      case FrameType.MESSAGE -> message(frame);
      case FrameType.SUBSCRIBED ->
          subscriptions.subscribed(frame, resyncListeners::fire).forEach(errorListeners::fire);
      case FrameType.ERROR -> error(frame);
      case FrameType.PONG -> heartbeat.pong(frame);
      default -> calls.answer(frame);
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
    } else if (!calls.refuse(error)) {
      // It answers nothing the caller waits for.
      errorListeners.fire(error);
    }
  }
}
