package io.tickwire.gateway.endpoint;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.admin.AdminRoutes;
import io.tickwire.gateway.admin.InstanceSnapshot;
import io.tickwire.gateway.api.HttpApi;
import io.tickwire.gateway.api.HttpErrors;
import io.tickwire.gateway.auth.Authenticator;
import io.tickwire.gateway.auth.DevTokens;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.ops.OpsRoutes;
import io.tickwire.gateway.sse.SseEndpoint;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.MsgPack;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.ServerFrames;
import io.tickwire.runtime.LogContext;
import io.tickwire.runtime.Methods;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection management: accepts WebSockets on {@code /ws} (authenticating at the handshake),
 * owns their sessions, runs every inbound frame through the middleware chain and its route, fans
 * channel messages out to local subscribers ({@link FrameChain}), and serves on the same port the Server-Sent Events
 * fallback ({@code /sse}), the HTTP API, health, metrics, dev tokens, the admin console
 * ({@code /admin}, {@link AdminRoutes}) and the dashboard ({@code /}). One instance per event
 * loop, all sharing the port; each hands the admin console a view of its connections and
 * channels, taken on its own event loop. A user banned by a disconnect is refused at the
 * handshake (403) and in an {@code auth} frame.
 *
 * <p>Encoding: a WebSocket whose client offers the subprotocol {@code tickwire.v1.msgpack}
 * (before {@code tickwire.v1.json}, if it offers both) sends and receives every frame as a
 * MessagePack binary message ({@link PackedFrames}, {@link FrameChain#handlePacked}); any other
 * is JSON text, and a binary frame from it is refused with {@code bad_request}.
 *
 * <p>At the edge, before any token is looked at: a WebSocket or SSE handshake is refused with 429
 * when its source address is over {@code gateway.connectRatePerIp}, and with 503 when the node
 * holds {@code gateway.maxConnections}; an HTTP connection that does not send its request in time
 * is closed ({@link HttpDeadlines}).
 *
 * <p>Consumes {@code tickwire.ch.<channel>} (one consumer per channel with local subscribers),
 * {@link Addresses#HEARTBEAT_TICK}, {@link Addresses#USERS_DISCONNECT} and
 * {@link Addresses#SUBSCRIBERS_SYNC}; produces requests to {@code tickwire.rpc.<method>} and
 * {@link Addresses#CHANNELS_HISTORY}, {@link Addresses#HEARTBEAT_REPORT}, and subscriber
 * announcements on {@code tickwire.subscribers.<namespace>}. Config: {@code gateway}, {@code auth},
 * {@code api}, {@code namespaces}, {@code heartbeat}, {@code admin}, {@code ops} (with it on, only
 * the health summary is served here). Everything runs on the instance's event loop, and so must every write to a
 * request's response or a socket: the server runs in Vert.x's strict thread mode, where a
 * response written from another thread fails. On stop, every connection is closed with 1001
 * before the server closes.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /**
   * The WebSocket subprotocols offered on {@code /ws}. Of those a client offers, the first it
   * lists that is here is selected (RFC 6455, 4.2.2); none, or none known, is JSON text.
   */
  static final List<String> SUBPROTOCOLS = List.of(MsgPack.SUBPROTOCOL, MsgPack.JSON_SUBPROTOCOL);
  /** The slices a heartbeat interval's pings are spread over; a power of two. */
  static final int HEARTBEAT_SLICES = 16;
  /**
   * What {@code welcome} lists under {@code features}: the protocol-1.1 additions this node
   * serves, one entry each.
   */
  static final List<String> FEATURES = List.of(
      "publish",
      "autoSubscribe",
      "ephemeral",
      "msgpack",
      "presence",
      "joinLeave");

  private final GatewayContext context;
  private final int port;
  private final Admission admission;
  private HttpServer server;
  private FrameChain chain;
  private QualityRater rater;
  private SseEndpoint sse;
  private HttpDeadlines deadlines;
  private boolean draining;
  private Runnable stopPresence = () -> { };
  private final Supplier<Future<InstanceSnapshot>> view = this::describe;

  public GatewayVerticle(GatewayContext context, int port, Admission admission) {
    this.context = context;
    this.port = port;
    this.admission = admission;
  }

  /** The port this instance listens on (after start). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    // The API's description is read from the class path once, off the event loop.
    return vertx.executeBlocking(HttpApi::description).compose(this::listen);
  }

  private Future<?> listen(Buffer apiDescription) {
    GatewayConfig config = context.config();
    chain = new FrameChain(vertx, context, VertxInternals.laterTurn(super.context));
    rater = new QualityRater(context.setup().heartbeat());
    sse = new SseEndpoint(vertx, context, chain.fanout, chain.acl, admission);
    deadlines = new HttpDeadlines(vertx, config.edge());

    Router web = Router.router(vertx);
    web.route().handler(deadlines::arrived);
    web.get("/ws").handler(this::upgrade);
    web.get("/sse").handler(sse::handle);
    new HttpApi(vertx, context, apiDescription).mount(web);
    if (context.setup().ops().enabled()) {
      OpsRoutes.mountSummary(web, context.node());
    } else {
      OpsRoutes.mount(web, context.node(), context.metrics()::connections);
    }
    if (context.setup().auth().devTokens()) {
      DevTokens.mount(web, context.authenticator(), context.setup().demo());
    }
    new AdminRoutes(vertx, context).mount(web);
    mountDashboard(web);
    context.admin().register(view);
    // Join and leave frames, encoded once for the node, are written on this instance's loop,
    // and only when some connection of the node subscribes to the channel.
    Context loop = super.context;
    stopPresence = context.presence().listen(change -> {
      if (context.channels().has(change.channel())) {
        loop.runOnContext(ignored -> chain.router.announce(change));
      }
    });

    // HTTP/1.1 only: without h2c detection a connection is handed over (and its header deadline
    // armed) as it opens, not only once a whole request has arrived. Strict thread mode: every
    // response is written on its connection's event loop (see the class comment), so Vert.x
    // writes straight to the channel and each connection does without a queue for writes from
    // other threads, 4.8 KB of heap that a WebSocket would keep for its whole life.
    HttpServerOptions options = new HttpServerOptions().setHost(config.host())
        .setHttp2ClearTextEnabled(false).setStrictThreadMode(true)
        .setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes())
        .setPerMessageWebSocketCompressionSupported(config.compression())
        .setPerFrameWebSocketCompressionSupported(config.compression())
        .setWebSocketSubProtocols(SUBPROTOCOLS)
        .setWebSocketClosingTimeout((int) Math.max(1, config.closeTimeoutMs() / 1000));
    server = vertx.createHttpServer(options).connectionHandler(connection -> {
      deadlines.opened(connection);
      if (config.compression()) {
        InflateLimit.install(connection, options, config.maxFrameBytes());
      }
    }).requestHandler(web);
    return Future.all(
        vertx.eventBus().<Long>localConsumer(Addresses.HEARTBEAT_TICK, tick -> heartbeat())
            .completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.USERS_DISCONNECT,
            message -> disconnect(message.body().getString("user"),
                message.body().getLong("banSeconds", 0L))).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.SUBSCRIBERS_SYNC,
            message -> chain.announcer.sync(message.body().getString("namespace")))
            .completion(),
        // listen(port) alone would bind 0.0.0.0 whatever the options say.
        server.listen(port, config.host()));
  }

  /**
   * The dashboard, the browser client and the {@code LICENSE} and {@code NOTICE} files: classpath
   * resources under {@code webroot/} (the web module's jar), served at {@code /} after every other
   * route. Without them, {@code /} is a 404.
   */
  private static void mountDashboard(Router web) {
    web.get("/*").handler(rc -> {
      rc.response().putHeader("cache-control", "no-cache")
          .putHeader("x-content-type-options", "nosniff")
          .putHeader("content-security-policy", "default-src 'self'; connect-src 'self' ws: wss:; "
              + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
      rc.next();
    });
    // The licence and the notices (copied into the webroot by the web module's build) have no
    // file extension to take a media type from.
    web.getWithRegex("/(LICENSE|NOTICE)").handler(rc -> {
      rc.response().putHeader("content-type", "text/plain; charset=utf-8");
      rc.next();
    });
    web.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false)
        .setDefaultContentEncoding("UTF-8"));
  }

  /** This instance's connections and channel positions, taken on its event loop. */
  private Future<InstanceSnapshot> describe() {
    Promise<InstanceSnapshot> taken = Promise.promise();
    super.context.runOnContext(ignored -> {
      InstanceSnapshot snapshot = new InstanceSnapshot();
      for (Session session : chain.connections.all()) {
        snapshot.connection(session.user(), session.connectedAt, session.subscriptionCount());
      }
      sse.describe(snapshot);
      chain.fanout.positions(snapshot);
      taken.complete(snapshot);
    });
    return taken.future();
  }

  @Override
  public Future<?> stop() {
    context.admin().unregister(view);
    stopPresence.run();
    draining = true;
    sse.closeAll();
    List<Future<Void>> closes = new ArrayList<>();
    for (Session session : chain.connections.all()) {
      closes.add(session.close(CloseCode.GOING_AWAY, "server going away"));
    }
    Future<?> closed = Future.any(Future.join(closes),
        vertx.timer(context.config().closeTimeoutMs(), TimeUnit.MILLISECONDS));
    return closed.eventually(() -> server.close());
  }

  private void upgrade(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (draining) {
      HttpErrors.send(rc.response(), ErrorCode.UNAVAILABLE, "server going away");
      return;
    }
    if (!admission.admit(rc, context.metrics())) {
      return;
    }
    // The upgrade happens after asynchronous checks (token, per-user limit): hold the request.
    request.pause();
    String token = Authenticator.token(request);
    String sessionId = UUID.randomUUID().toString();
    Future<Principal> who = token == null ? Future.succeededFuture(Principal.ANONYMOUS)
        : context.authenticator().authenticate(token).compose(context.bans()::admit)
            .compose(principal -> context.connections()
                .add(principal.user(), sessionId, context.node().id()).map(principal));
    who.onComplete(result -> {
      if (result.failed()) {
        admission.release();
        HttpErrors.send(rc.response(), Methods.errorOf(result.cause()));
        return;
      }
      Principal principal = result.result();
      request.toWebSocket().onComplete(
          ws -> {
            deadlines.upgraded(rc);
            CoalescingFlush stage = context.config().coalesceFlushes()
                ? CoalescingFlush.install(request.connection()) : null;
            boolean deflate = context.config().compression()
                && CompressionThreshold.install(request.connection());
            try (LogContext.Scope ignored = LogContext.session(sessionId, principal.user())) {
              Session session = accept(ws, sessionId, principal, request.getParam("channels"));
              if (stage != null) {
                session.writeEncodedThrough(stage, deflate);
              }
            }
          },
          failure -> {
            admission.release();
            if (!principal.anonymous()) {
              context.connections().remove(principal.user(), sessionId);
            }
            HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST, "expected a WebSocket upgrade");
          });
    });
  }

  private Session accept(ServerWebSocket ws, String sessionId, Principal principal,
      String channels) {
    Session session = chain.open(sessionId, ws, principal,
        MsgPack.SUBPROTOCOL.equals(ws.subProtocol()));
    context.metrics().connected();
    if (session.msgpack()) {
      context.metrics().msgpackConnections(1);
    }
    MessageAssembler assembler = new MessageAssembler(context.config().maxFrameBytes());
    ws.frameHandler(frame -> {
      boolean wholeMessage = (frame.isText() || frame.isBinary()) && frame.isFinal();
      if (!wholeMessage && !frame.isClose() && !session.controlFrame(System.nanoTime())) {
        return;
      }
      if (frame.isPing()) {
        // Vert.x has already queued the pong: a client that keeps pinging without reading is
        // closed like any other slow consumer while its write queue stays full.
        session.pinged();
        return;
      }
      MessageAssembler.Result message = assembler.accept(frame);
      if (message == null) {
        return;
      }
      try (LogContext.Scope ignored = LogContext.session(session.id, session.user())) {
        if (message instanceof MessageAssembler.Text text) {
          if (session.msgpack()) {
            LOG.debug("text frame refused on a MessagePack connection");
            session.sendError(new ProtocolException(ErrorCode.BAD_REQUEST, "text frames are not "
                + "supported on a " + MsgPack.SUBPROTOCOL + " connection: send MessagePack "
                + "binary frames"));
          } else {
            chain.handle(session, text.text(), System.nanoTime());
          }
        } else if (message instanceof MessageAssembler.Binary binary) {
          if (session.msgpack()) {
            chain.handlePacked(session, binary.bytes(), System.nanoTime());
          } else {
            LOG.debug("binary frame refused");
            session.sendError(new ProtocolException(ErrorCode.BAD_REQUEST,
                "binary frames are not supported: send JSON text frames, or offer the "
                + MsgPack.SUBPROTOCOL + " subprotocol"));
          }
        } else if (message instanceof MessageAssembler.TooLarge) {
          session.close(CloseCode.TOO_LARGE, "message larger than "
              + context.config().maxFrameBytes() + " bytes");
        }
      }
    });
    ws.pongHandler(payload -> {
      long rtt = session.pong(payload);
      if (rtt >= 0) {
        session.quality = rater.rate(rtt);
        context.metrics().rtt().record(rtt, TimeUnit.NANOSECONDS);
      }
    });
    ws.exceptionHandler(failure -> {
      try (LogContext.Scope ignored = LogContext.session(session.id, session.user())) {
        socketError(session, failure);
      }
    });
    ws.closeHandler(ignored -> {
      try (LogContext.Scope scope = LogContext.session(session.id, session.user())) {
        closed(session);
      }
    });
    session.send(FrameType.WELCOME, ServerFrames.welcome(session.id, context.node().id(),
        context.setup().heartbeat().intervalMs(), FEATURES, context.config().autoSubscribe()));
    LOG.debug("connection opened");
    chain.router.armExpiry(session);
    // Right after welcome, which lists them, and before ?channels=.
    chain.router.autoSubscribe(session);
    if (channels != null && !channels.isBlank()) {
      subscribeAtConnect(session, channels);
    }
    return session;
  }

  private void socketError(Session session, Throwable failure) {
    if (failure instanceof CorruptedWebSocketFrameException corrupted) {
      // The frame decoder refused the frame (too large, bad UTF-8): say why before closing.
      session.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
    } else if (InflateLimit.overLimit(failure)) {
      session.close(CloseCode.TOO_LARGE, "message larger than "
          + context.config().maxFrameBytes() + " bytes once inflated");
    }
    LOG.debug("socket error: {}", failure.getMessage());
  }

  /** {@code ?channels=a,b}: answered like a subscribe frame with id {@code connect}. */
  private void subscribeAtConnect(Session session, String channels) {
    List<String> names = Arrays.stream(channels.split(",")).map(String::trim)
        .filter(name -> !name.isEmpty()).toList();
    int max = context.config().maxSubscriptions();
    if (names.size() > max) {
      session.sendError(new ProtocolException(ErrorCode.BAD_REQUEST, "?channels= holds "
          + names.size() + " names, more than the " + max + " one frame may carry", "connect",
          null));
      return;
    }
    names = names.stream().distinct().toList();
    FrameContext frameContext = new FrameContext(session, "", System.nanoTime());
    frameContext.frame(new ClientFrame.Subscribe("connect", names, Map.of()));
    chain.access.handle(frameContext);
    if (!frameContext.stopped()) {
      chain.router.route(frameContext);
    }
  }

  private void closed(Session session) {
    chain.connections.remove(session);
    admission.release();
    if (session.user() != null) {
      context.connections().remove(session.user(), session.id);
    }
    chain.router.closed(session);
    context.metrics().disconnected(session.closeCode());
    if (session.msgpack()) {
      context.metrics().msgpackConnections(-1);
    }
    LOG.debug("connection closed with code {}", session.closeCode());
  }

  /**
   * A heartbeat tick: reports the connections' quality, and pings them spread over the interval
   * in {@value #HEARTBEAT_SLICES} slices, each connection always in the same slice (by its id),
   * so each is still pinged once an interval. Pinged all at once, 10,000 connections are a burst
   * of 10,000 pings and then of 10,000 pongs that delays whatever the event loop fans out then.
   */
  private void heartbeat() {
    int[] counts = new int[QualityRater.Quality.values().length];
    int maxMissed = context.setup().heartbeat().missedPongs();
    long spacing = context.setup().heartbeat().intervalMs() / HEARTBEAT_SLICES;
    for (Session session : chain.connections.all()) {
      counts[session.quality.ordinal()]++;
    }
    ping(0, maxMissed);
    for (int slice = 1; slice < HEARTBEAT_SLICES; slice++) {
      int due = slice;
      vertx.setTimer(Math.max(1, slice * spacing), ignored -> ping(due, maxMissed));
    }
    JsonObject report = new JsonObject().put("instance", deploymentID() + "/" + hashCode());
    for (QualityRater.Quality quality : QualityRater.Quality.values()) {
      report.put(quality.name().toLowerCase(), counts[quality.ordinal()]);
    }
    vertx.eventBus().send(Addresses.HEARTBEAT_REPORT, report,
        new DeliveryOptions().setLocalOnly(true));
    sse.heartbeat();
  }

  private void ping(int slice, int maxMissed) {
    for (Session session : chain.connections.all()) {
      if ((session.id.hashCode() & (HEARTBEAT_SLICES - 1)) == slice) {
        session.heartbeat(maxMissed);
      }
    }
  }

  private void disconnect(String user, long banSeconds) {
    if (user == null) {
      return;
    }
    // Every instance of the node records the same ban; the longest one stands.
    context.bans().ban(user, Math.min(banSeconds, context.setup().api().maxBanSeconds()));
    for (Session session : chain.connections.ofUser(user)) {
      session.close(CloseCode.DISCONNECTED, "disconnected by the server");
    }
    sse.disconnect(user);
  }
}
