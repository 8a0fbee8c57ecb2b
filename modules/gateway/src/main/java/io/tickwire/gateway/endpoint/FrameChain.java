package io.tickwire.gateway.endpoint;

import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.auth.ChannelAcl;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.fanout.Fanout;
import io.tickwire.gateway.middleware.AccessMiddleware;
import io.tickwire.gateway.middleware.LoggingMiddleware;
import io.tickwire.gateway.middleware.Pipeline;
import io.tickwire.gateway.middleware.RateLimitMiddleware;
import io.tickwire.gateway.middleware.ValidationMiddleware;
import io.tickwire.protocol.MsgPack;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The inbound path of one gateway instance, wired as {@link GatewayVerticle} runs it: the
 * instance's WebSocket sessions, its {@link Fanout}, the middleware chain (logging → rate limit →
 * validation → authentication and access control) and the routes after it ({@link FrameRouter}).
 * A frame a client sends goes in through {@link #handle}; answers and channel messages go out
 * through its {@link Session}. Confined to the instance's event loop.
 */
public final class FrameChain {

  private final GatewayContext context;
  final ChannelAcl acl;
  final Fanout fanout;
  final Connections connections = new Connections();
  final SubscriberAnnouncer announcer;
  final FrameRouter router;
  final AccessMiddleware access;
  private final Pipeline pipeline;

  /**
   * @param laterTurn runs a task in a later turn of the instance's event loop, after the loop
   *     has read its sockets: the fan-out writes a large channel in slices between them
   */
  public FrameChain(Vertx vertx, GatewayContext context, Executor laterTurn) {
    GatewayConfig config = context.config();
    this.context = context;
    this.acl = new ChannelAcl(context.setup().namespaces());
    this.fanout = new Fanout(vertx.eventBus(), context.channels(), context.metrics(), laterTurn);
    this.announcer = new SubscriberAnnouncer(vertx.eventBus(), fanout,
        context.node().id() + "/" + UUID.randomUUID());
    this.router = new FrameRouter(vertx, context, fanout, connections, acl, announcer);
    this.access = new AccessMiddleware(acl, config.maxSubscriptions(), context.leewayMs());
    this.pipeline = new Pipeline(List.of(new LoggingMiddleware(),
        new RateLimitMiddleware(config.rateLimit()),
        new ValidationMiddleware(context.metrics(), config.maxSubscriptions()), access),
        router::route);
  }

  /** The instance's fan-out: its channels and their subscribers. */
  public Fanout fanout() {
    return fanout;
  }

  /**
   * A new connection of this instance on {@code ws}, signed in as {@code principal}, counted
   * among the instance's connections; the caller wires the socket's handlers to it.
   */
  public Session open(String id, ServerWebSocket ws, Principal principal) {
    return open(id, ws, principal, false);
  }

  /** The same, for a connection whose frames are MessagePack when {@code msgpack} is set. */
  public Session open(String id, ServerWebSocket ws, Principal principal, boolean msgpack) {
    Session session = new Session(id, ws, principal, context, router::fillGap,
        msgpack ? context.packer() : null);
    connections.add(session);
    return session;
  }

  /** Runs a frame {@code session} sent, read at {@code receivedNanos}, through the chain. */
  public void handle(Session session, String text, long receivedNanos) {
    pipeline.handle(new FrameContext(session, text, receivedNanos));
  }

  /**
   * Runs a MessagePack frame through the chain as the JSON text it stands for; one without a
   * JSON form goes through too, and validation refuses it.
   */
  public void handlePacked(Session session, byte[] packed, long receivedNanos) {
    String text;
    try {
      text = MsgPack.toJson(packed);
    } catch (ProtocolException unreadable) {
      pipeline.handle(FrameContext.unreadable(session, unreadable, receivedNanos));
      return;
    }
    handle(session, text, receivedNanos);
  }
}
