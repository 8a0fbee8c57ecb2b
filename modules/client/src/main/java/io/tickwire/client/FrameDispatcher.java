package io.tickwire.client;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every frame from the server, to the part of the client it concerns and then to the listeners:
 * {@code welcome} opens the {@link Connection}; {@code message} goes through the
 * {@link Subscriptions} (which drop duplicates and channels no longer wanted) to the channel's
 * and then the general message listeners; {@code subscribed} settles subscriptions, raising
 * resyncs and refusals; {@code error} fails the subscription or call it answers, or else goes to
 * the error listeners; {@code pong} goes to the {@link Heartbeat}; {@code join} and
 * {@code leave} of wanted channels to their listeners; any other answer to its call. Messages of
 * the channels the server subscribed the connection to (welcome's {@code subscriptions}) that the
 * caller did not subscribe to go, duplicates dropped, to that channel's listeners, and those of
 * {@value #ANNOUNCEMENTS} to the announcement listeners too.
 * Afterwards the frame goes to the listeners of its type. Frames that are not JSON objects with a
 * string {@code type} are ignored.
 *
 * <p><b>Threading.</b> Listeners may be added and removed from any thread; frames are read and
 * listeners called on the client's event loop, in the order frames arrived.
 */
final class FrameDispatcher {

  /** The channel of announcements, which servers subscribe every connection to. */
  static final String ANNOUNCEMENTS = "system.announcements";
  /** The calls whose refusals carry a channel but leave the subscription alone. */
  private static final Set<String> CHANNEL_CALLS = Set.of(FrameType.PUBLISH, FrameType.PRESENCE);

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
  private final ListenerSet<TickwireMessage> announcementListeners = new ListenerSet<>();
  private final ListenerSet<PresenceEvent> joinListeners = new ListenerSet<>();
  private final ListenerSet<PresenceEvent> leaveListeners = new ListenerSet<>();
  private final ConcurrentHashMap<String, ListenerSet<PresenceEvent>> channelJoinListeners =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ListenerSet<PresenceEvent>> channelLeaveListeners =
      new ConcurrentHashMap<>();
  /** Where the server-subscribed channels stand, to drop duplicates. Event loop only. */
  private final Positions autoPositions = new Positions();

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

  Registration onAnnouncement(Consumer<TickwireMessage> listener) {
    return announcementListeners.add(listener);
  }

  Registration onJoin(String channel, Consumer<PresenceEvent> listener) {
    return channel == null ? joinListeners.add(listener)
        : channelJoinListeners.computeIfAbsent(channel, ignored -> new ListenerSet<>())
            .add(listener);
  }

  Registration onLeave(String channel, Consumer<PresenceEvent> listener) {
    return channel == null ? leaveListeners.add(listener)
        : channelLeaveListeners.computeIfAbsent(channel, ignored -> new ListenerSet<>())
            .add(listener);
  }

  /** Reads one frame of the current connection. */
  void receive(JsonObject frame) {
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
      case FrameType.JOIN -> presenceEvent(frame, joinListeners, channelJoinListeners);
      case FrameType.LEAVE -> presenceEvent(frame, leaveListeners, channelLeaveListeners);
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
    if (channel == null || seq == null || epoch == null) {
      return;
    }
    boolean wanted = subscriptions.isWanted(channel);
    if (wanted ? !subscriptions.accept(channel, seq, epoch)
        : !connection.autoSubscriptions().contains(channel)
            || !autoPositions.advance(channel, seq, epoch)) {
      return;
    }
    TickwireMessage message = new TickwireMessage(channel, seq, epoch, frame.getLong("ts", 0L),
        frame.getValue("data"), ClientRef.from(frame.getValue("from")));
    ListenerSet<TickwireMessage> listeners = channelListeners.get(channel);
    if (listeners != null) {
      listeners.fire(message);
    }
    if (ANNOUNCEMENTS.equals(channel)) {
      announcementListeners.fire(message);
    }
    if (wanted) {
      messageListeners.fire(message);
    }
  }

  private void presenceEvent(JsonObject frame, ListenerSet<PresenceEvent> all,
      ConcurrentHashMap<String, ListenerSet<PresenceEvent>> byChannel) {
    String channel = frame.getString("channel");
    ClientRef client = ClientRef.from(frame.getValue("client"));
    if (channel == null || client == null || !subscriptions.isWanted(channel)) {
      return;
    }
    PresenceEvent event = new PresenceEvent(channel, client);
    ListenerSet<PresenceEvent> listeners = byChannel.get(channel);
    if (listeners != null) {
      listeners.fire(event);
    }
    all.fire(event);
  }

  private void error(JsonObject frame) {
    ErrorCode code = ErrorCode.fromToken(frame.getString("code"));
    ProtocolException error = new ProtocolException(code == null ? ErrorCode.INTERNAL : code,
        frame.getString("message", ""), frame.getString("id"), frame.getString("channel"));
    if (calls.refuse(error, CHANNEL_CALLS)) {
      // A refused publication or presence query: the subscription stands.
      return;
    }
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
