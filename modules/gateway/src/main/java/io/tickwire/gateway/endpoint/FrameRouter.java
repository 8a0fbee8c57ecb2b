package io.tickwire.gateway.endpoint;

import io.micrometer.core.instrument.Timer;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Publication;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.auth.ChannelAcl;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.fanout.Fanout;
import io.tickwire.gateway.fanout.Recovery;
import io.tickwire.gateway.fanout.Subscription;
import io.tickwire.gateway.presence.PresenceEntry;
import io.tickwire.gateway.presence.PresenceIndex;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.RequestHeaders;
import io.tickwire.protocol.ServerFrames;
import io.tickwire.protocol.SharedFrame;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The routes after the middleware chain: {@code auth}, {@code subscribe} (with recovery),
 * {@code unsubscribe}, {@code request} (forwarded over the event bus to the method's service,
 * with a timeout), {@code publish} (a subscriber's publication, through the channel log as an
 * HTTP publish goes), {@code presence} (answered from the node's presence index) and
 * {@code ping}; and the server-side subscriptions of a new connection
 * ({@code gateway.autoSubscribe}), which {@code unsubscribe} refuses to leave. Records
 * subscribers of tracked namespaces in the presence registry as they are granted and leave, and
 * writes {@code join} and {@code leave} frames to this instance's subscribers. Runs on the
 * gateway instance's event loop.
 */
final class FrameRouter {

  /** Channels of one subscribe frame joined per event-loop turn. */
  static final int JOIN_BATCH = 64;

  private final Vertx vertx;
  private final GatewayContext context;
  private final Fanout fanout;
  private final Connections connections;
  private final ChannelAcl acl;
  private final SubscriberAnnouncer announcer;
  private final Recovery recovery;
  private final Set<String> autoSubscribe;

  FrameRouter(Vertx vertx, GatewayContext context, Fanout fanout, Connections connections,
      ChannelAcl acl, SubscriberAnnouncer announcer) {
    this.vertx = vertx;
    this.context = context;
    this.fanout = fanout;
    this.connections = connections;
    this.acl = acl;
    this.announcer = announcer;
    this.recovery = new Recovery(vertx, context.config().requestTimeoutMs());
    this.autoSubscribe = Set.copyOf(context.config().autoSubscribe());
  }

  void route(FrameContext frameContext) {
    Session session = frameContext.session();
    ClientFrame frame = frameContext.frame();
    if (frame instanceof ClientFrame.Subscribe subscribe) {
      subscribe(session, subscribe, frameContext.granted, frameContext.refused);
    } else if (frame instanceof ClientFrame.Unsubscribe unsubscribe) {
      unsubscribe(session, unsubscribe);
    } else if (frame instanceof ClientFrame.Request request) {
      request(session, request);
    } else if (frame instanceof ClientFrame.Publish publish) {
      publish(session, publish);
    } else if (frame instanceof ClientFrame.Ping ping) {
      session.send(FrameType.PONG, ServerFrames.pong(ping.id(),
          ping.ts() == null ? System.currentTimeMillis() : ping.ts()));
    } else if (frame instanceof ClientFrame.Auth auth) {
      auth(session, auth);
    } else if (frame instanceof ClientFrame.Presence presence) {
      presence(session, presence);
    }
  }

  /** Who is in a channel, for a connection allowed to subscribe to it. */
  private void presence(Session session, ClientFrame.Presence frame) {
    try {
      NamespacePolicy policy = acl.check(session.principal, frame.channel());
      if (!policy.presence()) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "namespace '" + policy.name()
            + "' has no presence", frame.id(), frame.channel());
      }
      SharedFrame body = context.presence().shared(frame.channel());
      session.sendSpliced(FrameType.PRESENCE, session.msgpack()
          ? ServerFrames.presence(frame.id(), body) : ServerFrames.presenceText(frame.id(), body));
    } catch (ProtocolException refused) {
      session.sendError(refused.withId(frame.id()));
    }
  }

  /**
   * A client joined or left a channel of a {@code joinLeave} namespace: the frame, encoded (and
   * packed) once for the node, goes to every subscriber of this instance whose subscription was
   * answered, except the client itself.
   */
  void announce(PresenceIndex.Change change) {
    fanout.forEachSubscriber(change.channel(), (sink, subscription) -> {
      if (sink instanceof Session session && !session.id.equals(change.session())
          && subscription.ready().isComplete()) {
        session.sendEncoded(change.type(),
            session.msgpack() ? change.frame().packed() : change.frame().utf8());
      }
    });
  }

  /** Starts the expiry clock of the session's current token. */
  void armExpiry(Session session) {
    if (session.expiryTimer >= 0) {
      vertx.cancelTimer(session.expiryTimer);
      session.expiryTimer = -1;
    }
    Principal principal = session.principal;
    if (principal.anonymous()) {
      return;
    }
    long delay = Math.max(1, principal.expiresAt() + context.leewayMs() - System.currentTimeMillis());
    session.expiryTimer = vertx.setTimer(delay, ignored -> {
      if (session.principal == principal) {
        session.close(CloseCode.UNAUTHORIZED, "token expired");
      }
    });
  }

  private void auth(Session session, ClientFrame.Auth frame) {
    Future<Principal> verified = context.authenticator().authenticate(frame.token())
        .compose(context.bans()::admit);
    verified.compose(next -> {
      Principal previous = session.principal;
      if (!previous.anonymous() && !previous.user().equals(next.user())) {
        return Future.failedFuture(new ProtocolException(ErrorCode.UNAUTHORIZED,
            "the token is for another user; open a new connection"));
      }
      // An anonymous connection that signs in counts against the user's connection limit.
      return previous.anonymous()
          ? context.connections().add(next.user(), session.id, context.node().id()).map(next)
          : Future.succeededFuture(next);
    }).onComplete(result -> {
      if (session.closing()) {
        if (result.succeeded() && session.principal.anonymous()) {
          context.connections().remove(result.result().user(), session.id);
        }
        return;
      }
      if (result.failed()) {
        session.sendError(Methods.errorOf(result.cause()).withId(frame.id()));
        return;
      }
      Principal next = result.result();
      Principal previous = session.principal;
      session.principal = next;
      connections.reindex(session, previous.user());
      armExpiry(session);
      dropRevoked(session, frame.id());
      session.send(FrameType.AUTHED, ServerFrames.authed(frame.id(), next.user(), next.expiresAt()));
    });
  }

  /** After a refresh, leaves the channels the new token no longer grants. */
  private void dropRevoked(Session session, String id) {
    for (String channel : new ArrayList<>(session.subscriptions.keySet())) {
      try {
        acl.check(session.principal, channel);
      } catch (ProtocolException revoked) {
        leave(session, channel);
        session.sendError(revoked.withId(id));
      }
    }
  }

  /**
   * Joins the granted channels and answers the frame once, when every one of them is ready or
   * has failed: one {@code subscribed} frame listing what was granted and, under {@code errors},
   * what access control refused and what could not be joined.
   *
   * <p>A frame with more than {@value #JOIN_BATCH} channels joins them a batch per event-loop
   * turn, so that the other connections of this loop are served in between. Meanwhile the
   * connection's socket is paused: its later frames (an {@code unsubscribe} of these channels)
   * are handled after, in the order sent.
   */
  private void subscribe(Session session, ClientFrame.Subscribe frame,
      List<FrameContext.Grant> grants, List<ProtocolException> refused) {
    Joining joining = new Joining(session, frame.id(), frame.since(), grants.size(), refused);
    if (grants.size() <= JOIN_BATCH) {
      grants.forEach(joining::join);
      joining.answer();
      return;
    }
    session.ws.pause();
    joinBatch(joining, grants, 0);
  }

  private void joinBatch(Joining joining, List<FrameContext.Grant> grants, int from) {
    if (!connections.contains(joining.session)) {
      // Closed meanwhile: what was joined was left when it closed; join nothing more.
      return;
    }
    int to = Math.min(grants.size(), from + JOIN_BATCH);
    grants.subList(from, to).forEach(joining::join);
    if (to < grants.size()) {
      vertx.getOrCreateContext().runOnContext(ignored -> joinBatch(joining, grants, to));
    } else {
      joining.session.ws.resume();
      joining.answer();
    }
  }

  /**
   * The channels of one {@code subscribe} frame on their way to its one answer, or of the
   * server-side subscriptions of a new connection, which are not answered: the same joining,
   * recovery, replay, announcement and presence for both.
   */
  private final class Joining {
    final Session session;
    /** The subscribe frame's id; {@code null} for the server-side subscriptions. */
    final String id;
    final Map<String, ClientFrame.Position> since;
    final List<Future<ServerFrames.Granted>> pending;
    final List<Runnable> replays;
    final Set<String> fresh = new HashSet<>();
    final List<ProtocolException> errors;

    Joining(Session session, String id, Map<String, ClientFrame.Position> since, int channels,
        List<ProtocolException> refused) {
      this.session = session;
      this.id = id;
      this.since = since;
      this.pending = new ArrayList<>(channels);
      this.replays = new ArrayList<>(channels);
      this.errors = new ArrayList<>(refused);
    }

    void join(FrameContext.Grant grant) {
      Subscription existing = session.subscriptions.get(grant.channel());
      if (existing != null) {
        // Already subscribed (perhaps still recovering): answer with where it stands once ready.
        pending.add(existing.ready().map(ignored -> new ServerFrames.Granted(grant.channel(),
            existing.lastSeq(), existing.epoch(), false)));
        return;
      }
      Subscription subscription = new Subscription(grant.channel(), grant.policy());
      session.subscribe(subscription);
      fresh.add(grant.channel());
      Future<ServerFrames.Granted> granted = fanout.join(session, subscription)
          .compose(ignored -> recovery.request(grant.channel(), since.get(grant.channel())))
          .map(reply -> {
            replays.add(() -> replay(session, subscription, reply));
            return new ServerFrames.Granted(grant.channel(), reply.getLong("seq"),
                reply.getString("epoch"), reply.getBoolean("recovered"));
          });
      pending.add(granted
          .onFailure(failure -> {
            if (session.subscriptions.get(grant.channel()) == subscription) {
              leave(session, grant.channel());
            }
            ErrorCode code = Methods.errorOf(failure).code() == ErrorCode.TIMEOUT
                ? ErrorCode.TIMEOUT : ErrorCode.UNAVAILABLE;
            errors.add(id == null
                ? new ProtocolException(code, "channel history is unavailable: not subscribed to "
                    + grant.channel(), null, grant.channel())
                : new ProtocolException(code, "channel history is unavailable, try again", id,
                    grant.channel()));
          }));
      // After the failure handler above: a recovery that failed has left the channel before the
      // publications waiting for it look at the subscription again.
      subscription.ready(granted.<Void>mapEmpty().otherwiseEmpty());
    }

    void answer() {
      Future.join(pending).onComplete(ignored -> {
        if (session.closing()) {
          return;
        }
        List<ServerFrames.Granted> granted = new ArrayList<>();
        for (Future<ServerFrames.Granted> result : pending) {
          if (result.succeeded() && session.subscriptions.containsKey(result.result().channel())) {
            granted.add(result.result());
          }
        }
        if (id != null) {
          session.send(FrameType.SUBSCRIBED, ServerFrames.subscribed(id, granted, errors));
        } else {
          // Listed in welcome, not answered: only a channel that could not be joined is told.
          errors.forEach(session::sendError);
        }
        replays.forEach(Runnable::run);
        // Announced after the subscriber's starting point is fixed, so what a service publishes
        // in answer (a wallet's current balance) reaches it.
        for (ServerFrames.Granted channel : granted) {
          if (fresh.contains(channel.channel())) {
            announcer.joined(channel.channel());
            present(session, session.subscriptions.get(channel.channel()));
          }
        }
      });
    }
  }

  /** Fetches the messages a subscription missed, sends them, then what it held meanwhile. */
  void fillGap(Session session, Subscription subscription) {
    recovery.request(subscription.channel(), new ClientFrame.Position(subscription.lastSeq(),
        subscription.epoch())).onComplete(reply -> {
          if (reply.getBoolean("recovered")) {
            replay(session, subscription, reply);
          } else {
            skipGap(session, subscription, "messages of this channel were lost; subscribe "
                + "again without since to resync");
          }
        }, failure -> skipGap(session, subscription, "messages of this channel could not be "
            + "fetched; subscribe again with since to recover them"));
  }

  /** Says the gap cannot be filled, then goes on from the first held message. */
  private void skipGap(Session session, Subscription subscription, String why) {
    if (session.subscriptions.get(subscription.channel()) != subscription) {
      return;
    }
    session.sendError(new ProtocolException(ErrorCode.UNAVAILABLE, why, null,
        subscription.channel()));
    int written = 0;
    for (ChannelMessage message : subscription.skipGap()) {
      if (session.deliver(subscription, message)) {
        written++;
      }
    }
    delivered(subscription, written);
  }

  /** Sends what the recovery answered, then the live messages held back meanwhile. */
  private void replay(Session session, Subscription subscription, JsonObject reply) {
    if (session.subscriptions.get(subscription.channel()) != subscription) {
      return;
    }
    delivered(subscription, Recovery.replay(subscription, reply,
        message -> session.sendRecovered(subscription, message), session));
  }

  /** Counts what a replay wrote at once; what it left waiting is counted when written. */
  private void delivered(Subscription subscription, int written) {
    if (written > 0) {
      context.metrics().delivered(subscription.policy().name()).increment(written);
    }
  }

  /**
   * Leaves the channels of the frame, except the server's own subscriptions: each of those gets
   * a {@code forbidden} error (with the frame's id and the channel) and stays; the
   * {@code unsubscribed} answer lists only the channels left.
   */
  private void unsubscribe(Session session, ClientFrame.Unsubscribe frame) {
    List<String> left = new ArrayList<>(frame.channels().size());
    for (String channel : frame.channels()) {
      if (autoSubscribe.contains(channel)) {
        session.sendError(new ProtocolException(ErrorCode.FORBIDDEN, "the server subscribed "
            + "every connection to " + channel + " (gateway.autoSubscribe): it cannot be left",
            frame.id(), channel));
        continue;
      }
      leave(session, channel);
      left.add(channel);
    }
    session.send(FrameType.UNSUBSCRIBED, ServerFrames.unsubscribed(frame.id(), left));
  }

  /**
   * Subscribes a new connection to the channels of {@code gateway.autoSubscribe}, already listed
   * in its {@code welcome}, the way a {@code subscribe} frame without {@code since} does (a
   * member of a presence namespace is recorded like any subscriber) but with no
   * {@code subscribed} frame: the channel's messages follow as they come (for a latest channel,
   * its current value first). A channel whose history cannot be reached is left, with an
   * {@code unavailable} error naming it.
   */
  void autoSubscribe(Session session) {
    List<FrameContext.Grant> grants = new ArrayList<>(autoSubscribe.size());
    for (String channel : autoSubscribe) {
      grants.add(new FrameContext.Grant(channel,
          context.setup().namespaces().of(ChannelName.parse(channel))));
    }
    Joining joining = new Joining(session, null, Map.of(), grants.size(), List.of());
    grants.forEach(joining::join);
    joining.answer();
  }

  /**
   * A subscriber's publication ({@code publish} frame). Refused, in this order: a bad or unknown
   * channel ({@code bad_request}, {@code not_found}); a namespace without client publish
   * ({@code forbidden}); a connection without a token ({@code unauthorized}) or not subscribed
   * to the channel ({@code forbidden}); a bad idempotency key ({@code bad_request}); data over
   * the namespace's {@code maxPublishBytes} ({@code too_large}); over its {@code publishRate}
   * for this connection ({@code rate_limited}). Then it goes through the
   * channel log like an HTTP publish, with {@code from}, and is answered {@code published}; while
   * the connection's subscription to the channel is still recovering, only once the recovery has
   * answered, so that the publication comes after the subscription's starting point.
   */
  private void publish(Session session, ClientFrame.Publish frame) {
    String channel = frame.channel();
    try {
      ChannelName name = ChannelName.parse(channel);
      NamespacePolicy policy = context.setup().namespaces().of(name);
      if (!policy.subscribersPublish()) {
        throw new ProtocolException(ErrorCode.FORBIDDEN, "namespace '" + policy.name()
            + "' does not take publications from clients", frame.id(), channel);
      }
      Principal principal = session.principal;
      if (principal.anonymous()) {
        throw new ProtocolException(ErrorCode.UNAUTHORIZED, "publishing needs a token",
            frame.id(), channel);
      }
      Subscription subscription = session.subscriptions.get(channel);
      if (subscription == null) {
        throw notSubscribed(frame, channel);
      }
      Publication publication = Publication.check(name, policy, frame.data(),
          frame.idempotencyKey(), new Publication.From(principal.user(), session.id));
      // Before the rate: a refused publication takes no token. The frame itself is bounded by
      // gateway.maxFrameBytes and the frame rate. The data is encoded here once: the channel
      // log builds the message frame around the same text.
      int bytes = utf8Length(publication.dataJson());
      if (bytes > policy.maxPublishBytes()) {
        throw new ProtocolException(ErrorCode.TOO_LARGE, "data of " + bytes + " bytes is over "
            + "the " + policy.maxPublishBytes() + " bytes namespace '" + policy.name()
            + "' takes", frame.id(), channel);
      }
      long now = System.nanoTime();
      if (!session.publishBucket(policy, now).tryTake(now)) {
        context.metrics().rateLimited().increment();
        throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many publications: namespace '"
            + policy.name() + "' takes " + policy.publishRate() + " per second per connection",
            frame.id(), channel);
      }
      if (subscription.ready().isComplete()) {
        toLog(session, frame, publication);
      } else {
        // The subscription's starting point is not fixed yet (its recovery has not answered): a
        // publication sequenced now could land at or before it, and the publisher would never
        // get its own message. Sequenced once the recovery answered, it comes after; the
        // publications that wait go in the order they were sent.
        subscription.ready().onComplete(ignored -> {
          if (session.closing()) {
            return;
          }
          if (session.subscriptions.get(channel) == subscription) {
            toLog(session, frame, publication);
          } else {
            // The recovery failed (the subscription was left) or the client unsubscribed.
            session.sendError(notSubscribed(frame, channel));
          }
        });
      }
    } catch (ProtocolException e) {
      session.sendError(new ProtocolException(e.code(), e.getMessage(), frame.id(), channel));
    }
  }

  /** The refusal of a publication to {@code channel} from a connection not subscribed to it. */
  private static ProtocolException notSubscribed(ClientFrame.Publish frame, String channel) {
    return new ProtocolException(ErrorCode.FORBIDDEN, "only subscribers of " + channel
        + " may publish to it: subscribe first", frame.id(), channel);
  }

  /** The length of {@code text} in UTF-8, without encoding it. */
  static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Sends a checked publication through the channel log and answers it. */
  private void toLog(Session session, ClientFrame.Publish frame, Publication publication) {
    String channel = frame.channel();
    context.log().publish(publication).onComplete(published -> {
      if (!session.closing()) {
        session.send(FrameType.PUBLISHED, ServerFrames.published(frame.id(), channel,
            published.seq(), published.epoch()));
      }
    }, failure -> {
      if (!session.closing()) {
        ProtocolException error = Methods.errorOf(failure);
        session.sendError(new ProtocolException(error.code(), error.getMessage(), frame.id(),
            channel));
      }
    });
  }

  void leave(Session session, String channel) {
    Subscription left = session.subscriptions.remove(channel);
    if (left != null) {
      fanout.leave(session, channel);
      session.forget(channel);
      announcer.left(channel);
      if (left.policy().tracked()) {
        context.presenceRegistry().left(channel, session.id);
      }
    }
  }

  /** Records a granted subscriber of a tracked namespace. */
  private void present(Session session, Subscription subscription) {
    if (subscription != null && subscription.policy().tracked()) {
      context.presenceRegistry().joined(new PresenceEntry(subscription.channel(), session.id,
          session.user(), context.node().id(), System.currentTimeMillis()));
    }
  }

  private void request(Session session, ClientFrame.Request frame) {
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(context.config().requestTimeoutMs())
        .addHeader(RequestHeaders.SESSION, session.id);
    Principal principal = session.principal;
    if (!principal.anonymous()) {
      options.addHeader(RequestHeaders.USER, principal.user())
          .addHeader(RequestHeaders.WALLETS, principal.walletsHeader());
    }
    long start = System.nanoTime();
    vertx.eventBus().<JsonObject>request(Addresses.method(frame.method()), frame.data(), options)
        .onComplete(result -> {
          boolean unknown = result.failed() && result.cause() instanceof ReplyException reply
              && reply.failureType() == ReplyFailure.NO_HANDLERS;
          Timer timer = context.metrics().request(unknown ? "unknown" : frame.method());
          timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
          if (session.closing()) {
            return;
          }
          if (result.succeeded()) {
            session.send(FrameType.RESPONSE,
                ServerFrames.response(frame.id(), result.result().body().getValue("data")));
          } else if (unknown) {
            session.sendError(new ProtocolException(ErrorCode.NOT_FOUND,
                "unknown method '" + frame.method() + "'", frame.id(), null));
          } else {
            session.sendError(Methods.errorOf(result.cause()).withId(frame.id()));
          }
        });
  }

  /** Subscriptions of a closed session: leave every channel. */
  void closed(Session session) {
    for (String channel : new ArrayList<>(session.subscriptions.keySet())) {
      leave(session, channel);
    }
    if (session.expiryTimer >= 0) {
      vertx.cancelTimer(session.expiryTimer);
    }
  }
}
