package io.tickwire.gateway.sse;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.admin.InstanceSnapshot;
import io.tickwire.gateway.api.HttpErrors;
import io.tickwire.gateway.auth.Authenticator;
import io.tickwire.gateway.auth.ChannelAcl;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.endpoint.Admission;
import io.tickwire.gateway.fanout.Fanout;
import io.tickwire.gateway.fanout.Recovery;
import io.tickwire.gateway.fanout.Subscription;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.ServerFrames;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /sse?channels=a,b}: the Server-Sent Events fallback for read-only clients that cannot
 * open a WebSocket. The token comes as {@code Authorization: Bearer} or {@code ?token=}; each
 * channel is checked by the same ACL and subscription limit as on the WebSocket; messages come
 * from the instance's {@link Fanout} and recovery from the channel log
 * ({@link Addresses#CHANNELS_HISTORY}), resuming from {@code Last-Event-ID} (or
 * {@code ?lastEventId=}). Events, in order: {@code welcome}; {@code subscribed}, with the refused
 * channels under {@code errors}; then one unnamed event per channel message, whose data is the
 * {@code message} frame. The stream ends when the token expires, at shutdown, when the backend
 * disconnects the user, or when the client is too slow on a stream channel.
 *
 * <p>A stream is a connection like a WebSocket: it passes the same edge check
 * ({@link Admission#admit(RoutingContext, GatewayMetrics)}), counts toward
 * {@code gateway.maxConnections}, and a signed-in user's stream counts toward
 * {@code gateway.maxConnectionsPerUser} (one over it is answered 429).
 *
 * <p>One instance per gateway verticle; everything runs on its event loop.
 */
public final class SseEndpoint {

  /** The reconnection delay suggested to EventSource clients. */
  static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private final GatewayContext context;
  private final Fanout fanout;
  private final ChannelAcl acl;
  private final Admission admission;
  private final Recovery recovery;
  private final LinkedHashSet<SseStream> streams = new LinkedHashSet<>();
  private boolean draining;

  public SseEndpoint(Vertx vertx, GatewayContext context, Fanout fanout, ChannelAcl acl,
      Admission admission) {
    this.vertx = vertx;
    this.context = context;
    this.fanout = fanout;
    this.acl = acl;
    this.admission = admission;
    this.recovery = new Recovery(vertx, context.config().requestTimeoutMs());
  }

  public void handle(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (draining) {
      HttpErrors.send(rc.response(), ErrorCode.UNAVAILABLE, "server going away");
      return;
    }
    String param = request.getParam("channels");
    List<String> channels = param == null ? List.of() : Arrays.stream(param.split(","))
        .map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
    if (channels.isEmpty()) {
      HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST,
          "query 'channels' is required: comma-separated channel names");
      return;
    }
    if (channels.size() > context.config().maxSubscriptions()) {
      HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST, "query 'channels' names "
          + channels.size() + " channels, more than the " + context.config().maxSubscriptions()
          + " a stream may subscribe to");
      return;
    }
    if (!admission.admit(rc, context.metrics())) {
      return;
    }
    String id = UUID.randomUUID().toString();
    String token = Authenticator.token(request);
    Future<Principal> who = token == null ? Future.succeededFuture(Principal.ANONYMOUS)
        : context.authenticator().authenticate(token).compose(context.bans()::admit)
            .compose(principal -> context.connections()
                .add(principal.user(), id, context.node().id()).map(principal));
    String lastEventId = request.getHeader("Last-Event-ID");
    Map<String, Position> since = SsePositions.parse(
        lastEventId != null ? lastEventId : request.getParam("lastEventId"));
    who.onComplete(
        principal -> open(id, rc, principal, channels, since),
        failure -> {
          admission.release();
          HttpErrors.send(rc.response(), Methods.errorOf(failure));
        });
  }

  /** Pings every stream (a comment line), so that proxies keep it and dead peers are noticed. */
  public void heartbeat() {
    for (SseStream stream : new ArrayList<>(streams)) {
      stream.raw(": ping\n\n");
    }
  }

  public void disconnect(String user) {
    for (SseStream stream : new ArrayList<>(streams)) {
      if (user.equals(stream.user())) {
        stream.close();
      }
    }
  }

  /** Counts this instance's streams into {@code snapshot} (for the admin console). */
  public void describe(InstanceSnapshot snapshot) {
    for (SseStream stream : streams) {
      snapshot.connection(stream.user(), stream.connectedAt, stream.subscriptions.size());
    }
  }

  /** Ends every stream (shutdown) and refuses new ones. */
  public void closeAll() {
    draining = true;
    new ArrayList<>(streams).forEach(SseStream::close);
  }

  int size() {
    return streams.size();
  }

  private void open(String id, RoutingContext rc, Principal principal,
      List<String> channels, Map<String, Position> since) {
    HttpServerResponse response = rc.response();
    if (response.closed()) {
      forget(id, principal);
      return;
    }
    response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache").putHeader("x-accel-buffering", "no");
    SseStream stream = new SseStream(id, response, principal, context);
    streams.add(stream);
    // Through the routing context, which calls back on the end and on a close alike, and keeps
    // the end handlers of earlier routes (the connection's next-request deadline).
    rc.addEndHandler(ignored -> closed(stream));
    stream.raw("retry: " + RETRY_MS + "\n\n");
    stream.event(FrameType.WELCOME, ServerFrames.welcome(stream.id, context.node().id(),
        context.setup().heartbeat().intervalMs()), false);
    armExpiry(stream);
    List<Future<ServerFrames.Granted>> pending = new ArrayList<>();
    List<Runnable> replays = new ArrayList<>();
    // Every refusal goes into the one subscribed event, as for a subscribe frame.
    List<ProtocolException> refusals = new ArrayList<>();
    for (String channel : channels) {
      NamespacePolicy policy;
      try {
        policy = acl.check(principal, channel);
      } catch (ProtocolException refused) {
        refusals.add(refused.withId("sse"));
        continue;
      }
      pending.add(join(stream, new Subscription(channel, policy), since.get(channel), replays,
          refusals));
    }
    Future.join(pending).onComplete(ignored -> {
      if (stream.closed()) {
        return;
      }
      List<ServerFrames.Granted> granted = new ArrayList<>();
      for (Future<ServerFrames.Granted> result : pending) {
        if (result.succeeded()) {
          granted.add(result.result());
        }
      }
      stream.event(FrameType.SUBSCRIBED, ServerFrames.subscribed("sse", granted, refusals), true);
      replays.forEach(Runnable::run);
    });
  }

  private Future<ServerFrames.Granted> join(SseStream stream, Subscription subscription,
      Position since, List<Runnable> replays, List<ProtocolException> refusals) {
    String channel = subscription.channel();
    stream.subscriptions.put(channel, subscription);
    return fanout.join(stream, subscription)
        .compose(ignored -> recovery.request(channel, since))
        .map(reply -> {
          boolean recovered = reply.getBoolean("recovered");
          boolean currentValueFollows = !recovered && !reply.getJsonArray("frames").isEmpty();
          if (recovered) {
            stream.position(channel, since);
          } else if (!currentValueFollows) {
            stream.position(channel, new Position(reply.getLong("seq"), reply.getString("epoch")));
          }
          replays.add(() -> replay(stream, subscription, reply));
          return new ServerFrames.Granted(channel, reply.getLong("seq"), reply.getString("epoch"),
              recovered);
        })
        .onFailure(failure -> {
          leave(stream, channel);
          refusals.add(new ProtocolException(
              Methods.errorOf(failure).code() == ErrorCode.TIMEOUT ? ErrorCode.TIMEOUT
                  : ErrorCode.UNAVAILABLE, "channel history is unavailable, try again", "sse",
              channel));
        });
  }

  /** Sends what the recovery answered, then the live messages held back meanwhile. */
  private void replay(SseStream stream, Subscription subscription, JsonObject reply) {
    if (stream.subscriptions.get(subscription.channel()) != subscription) {
      return;
    }
    int written = Recovery.replay(subscription, reply, stream::sendRecovered, stream);
    if (written > 0) {
      context.metrics().delivered(subscription.policy().name()).increment(written);
    }
  }

  private void armExpiry(SseStream stream) {
    if (stream.principal.anonymous()) {
      return;
    }
    long delay = Math.max(1, stream.principal.expiresAt() + context.leewayMs()
        - System.currentTimeMillis());
    stream.expiryTimer = vertx.setTimer(delay, ignored -> stream.close());
  }

  private void leave(SseStream stream, String channel) {
    if (stream.subscriptions.remove(channel) != null) {
      fanout.leave(stream, channel);
    }
  }

  /** Gives back a stream's slot of the node and, for a signed-in user, of the user. */
  private void forget(String id, Principal principal) {
    admission.release();
    if (!principal.anonymous()) {
      context.connections().remove(principal.user(), id);
    }
  }

  private void closed(SseStream stream) {
    if (!streams.remove(stream)) {
      return;
    }
    forget(stream.id, stream.principal);
    stream.close();
    for (String channel : new ArrayList<>(stream.subscriptions.keySet())) {
      leave(stream, channel);
    }
    if (stream.expiryTimer >= 0) {
      vertx.cancelTimer(stream.expiryTimer);
    }
  }
}
