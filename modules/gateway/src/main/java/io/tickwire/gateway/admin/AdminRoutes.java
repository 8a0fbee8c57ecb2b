package io.tickwire.gateway.admin;

import io.tickwire.channels.Namespaces;
import io.tickwire.channels.Publication;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.api.ApiKeys;
import io.tickwire.gateway.api.HttpApi;
import io.tickwire.gateway.api.HttpErrors;
import io.tickwire.gateway.api.UserDisconnect;
import io.tickwire.gateway.config.AdminConfig;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The admin console's routes on the public port: the page at {@code /admin/} (static files of
 * {@code webroot/admin/}, with a strict Content-Security-Policy and no framing) and its JSON
 * endpoints under {@code /admin/api}. When {@code admin.enabled} is false every {@code /admin}
 * path is a 404. Cookie-free: every call carries {@code Authorization: ApiKey <key>} (a key of
 * {@code api.keys}) or {@code Authorization: Bearer <jwt>} with {@code admin.role} in the token's
 * {@code roles} claim, checked before any body is read; the node's budget of
 * {@code admin.requestsPerSec} is taken first, so guessing keys is slow too. Runs on the event
 * loop of the gateway instance that mounts it.
 */
public final class AdminRoutes {

  /** The page's headers: own files only, no framing, nothing cached or sent elsewhere. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";

  private final Vertx vertx;
  private final GatewayContext context;
  private final AdminConfig config;
  private final ApiKeys keys;
  private final Namespaces namespaces;

  public AdminRoutes(Vertx vertx, GatewayContext context) {
    this.vertx = vertx;
    this.context = context;
    this.config = context.setup().admin();
    this.keys = new ApiKeys(context.setup().api().keys());
    this.namespaces = context.setup().namespaces();
  }

  public void mount(Router router) {
    if (!config.enabled()) {
      router.route("/admin").handler(AdminRoutes::absent);
      router.route("/admin/*").handler(AdminRoutes::absent);
      return;
    }
    router.route("/admin").handler(this::secure);
    router.route("/admin/*").handler(this::secure);
    // The route of "/admin" also matches "/admin/": only the bare path moves.
    router.get("/admin").handler(rc -> {
      if ("/admin".equals(rc.request().path())) {
        rc.redirect("/admin/");
      } else {
        rc.next();
      }
    });
    router.route("/admin/api/*").handler(this::limit);
    router.route("/admin/api/*").handler(this::authorize);
    router.route("/admin/api/*")
        .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    router.get("/admin/api/session").handler(this::session);
    router.get("/admin/api/overview").handler(this::overview);
    router.get("/admin/api/config").handler(rc -> json(rc, context.admin().config()));
    router.post("/admin/api/users/:user/disconnect").handler(this::disconnect);
    router.post("/admin/api/publish").handler(this::publish);
    router.post("/admin/api/announce").handler(this::announce);
    router.route("/admin/api/*").handler(rc -> HttpErrors.send(rc.response(), ErrorCode.NOT_FOUND,
        "no admin endpoint " + rc.request().method() + " " + rc.normalizedPath()));
    router.route("/admin/api/*").failureHandler(this::failure);
    router.get("/admin/*").handler(StaticHandler.create("webroot/admin").setCachingEnabled(false)
        .setDefaultContentEncoding("UTF-8"));
    // Nothing under /admin falls through to the dashboard's files and headers.
    router.route("/admin/*").handler(AdminRoutes::absent);
  }

  private static void absent(RoutingContext rc) {
    HttpErrors.send(rc.response(), ErrorCode.NOT_FOUND, "not found");
  }

  private void secure(RoutingContext rc) {
    rc.response().putHeader("content-security-policy", CSP)
        .putHeader("x-frame-options", "DENY")
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("cache-control", "no-store");
    rc.next();
  }

  private void limit(RoutingContext rc) {
    if (!context.admin().tryCall(config.requestsPerSec(), System.nanoTime())) {
      refuse(rc, ErrorCode.RATE_LIMITED, "more than " + config.requestsPerSec()
          + " admin calls a second on this node: slow down");
      return;
    }
    rc.next();
  }

  private void authorize(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    if (keys.accepts(header)) {
      rc.put("via", new JsonObject().put("via", "apiKey"));
      rc.next();
      return;
    }
    if (header == null || !header.startsWith("Bearer ") || header.length() > 8_192) {
      refuse(rc, ErrorCode.UNAUTHORIZED, "sign in: send 'Authorization: ApiKey <key>' or "
          + "'Authorization: Bearer <token>' with the role '" + config.role() + "'");
      return;
    }
    // The router holds the body back until the body handler asks for it, after this check.
    context.authenticator().authenticate(header.substring(7).trim()).onComplete(result -> {
      if (result.failed()) {
        refuse(rc, ErrorCode.UNAUTHORIZED, result.cause().getMessage());
      } else if (!result.result().hasRole(config.role())) {
        refuse(rc, ErrorCode.FORBIDDEN, "the token of " + result.result().user()
            + " does not carry the role '" + config.role() + "' in its 'roles' claim");
      } else {
        rc.put("via", new JsonObject().put("via", "token").put("user", result.result().user()));
        rc.next();
      }
    });
  }

  /** Answers a refusal; a body the caller sent is left unread and the connection closed. */
  private static void refuse(RoutingContext rc, ErrorCode code, String message) {
    if (!rc.request().isEnded()) {
      rc.response().putHeader("connection", "close");
      rc.addEndHandler(ignored -> rc.request().connection().close());
    }
    HttpErrors.send(rc.response(), code, message);
  }

  private void session(RoutingContext rc) {
    json(rc, rc.<JsonObject>get("via").copy().put("node", context.node().id())
        .put("refreshMs", Math.max(1_000, Math.min(2_000, config.reportIntervalMs())))
        .put("maxBanSeconds", context.setup().api().maxBanSeconds())
        .put("announcementChannels", new JsonArray(config.announcementChannels())));
  }

  /**
   * The members heard from lately, with each one's connections by user and channels gathered
   * from it now; a member that does not answer in time is listed with {@code "answered": false}.
   */
  private void overview(RoutingContext rc) {
    long now = System.nanoTime();
    List<JsonObject> members = context.admin().members(now,
        3 * config.reportIntervalMs() * 1_000_000);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(
        Math.min(context.config().requestTimeoutMs(), 2_000));
    JsonObject ask = new JsonObject().put("maxUsers", config.maxUsers())
        .put("maxChannels", config.maxChannels());
    List<Future<JsonObject>> details = new ArrayList<>();
    for (JsonObject member : members) {
      details.add(vertx.eventBus().<JsonObject>request(
              Addresses.adminNode(member.getString("node")), ask, options)
          .map(reply -> reply.body()).otherwiseEmpty());
    }
    Future.join(details).onComplete(ignored -> {
      Overview overview = new Overview(config.maxUsers(), config.maxChannels());
      for (int i = 0; i < members.size(); i++) {
        JsonObject member = members.get(i);
        JsonObject detail = details.get(i).result();
        member.put("self", context.node().id().equals(member.getString("node")))
            .put("answered", detail != null);
        if (detail != null) {
          member.put("users", detail.getInteger("userCount", 0))
              .put("anonymous", detail.getInteger("anonymous", 0));
          overview.add(member.getString("node"), detail);
        }
      }
      json(rc, new JsonObject().put("node", context.node().id())
          .put("generatedAt", System.currentTimeMillis())
          .put("members", new JsonArray(new ArrayList<>(members)))
          .put("users", overview.users()).put("channels", overview.channels()));
    });
  }

  private void disconnect(RoutingContext rc) {
    try {
      String user = UserDisconnect.user(rc.pathParam("user"));
      long ban = UserDisconnect.banSeconds(body(rc, true), context.setup().api().maxBanSeconds());
      rc.response().setStatusCode(202).putHeader("content-type", "application/json")
          .end(UserDisconnect.send(vertx, user, ban).encode());
    } catch (ProtocolException e) {
      HttpErrors.send(rc.response(), e);
    }
  }

  private void publish(RoutingContext rc) {
    try {
      JsonObject body = object(rc);
      Publication publication = Publication.check(namespaces, body.getValue("channel"),
          body.getValue("data"), null);
      respond(rc, context.log().publish(publication).map(ChannelPublisher.Published::toJson));
    } catch (ProtocolException e) {
      HttpErrors.send(rc.response(), e);
    }
  }

  /**
   * {@code {"text", "channels"?}}: publishes {@code {"type": "announcement", "text", "ts"}} to
   * each channel, or to {@code admin.announcementChannels} when none is named. Every channel is
   * checked before anything is published.
   */
  private void announce(RoutingContext rc) {
    try {
      JsonObject body = object(rc);
      if (!(body.getValue("text") instanceof String text) || text.isBlank()
          || text.length() > AdminConfig.MAX_ANNOUNCEMENT_CHARS) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'text' must be 1 to "
            + AdminConfig.MAX_ANNOUNCEMENT_CHARS + " characters");
      }
      Set<String> channels = announcementChannels(body.getValue("channels"));
      JsonObject data = new JsonObject().put("type", "announcement").put("text", text)
          .put("ts", System.currentTimeMillis());
      List<Publication> publications = new ArrayList<>();
      for (String channel : channels) {
        publications.add(Publication.check(namespaces, channel, data, null));
      }
      respond(rc, context.log().publishEach(publications).map(HttpApi::results));
    } catch (ProtocolException e) {
      HttpErrors.send(rc.response(), e);
    }
  }

  private Set<String> announcementChannels(Object value) {
    Set<String> channels = new LinkedHashSet<>();
    if (value == null || value instanceof JsonArray array && array.isEmpty()) {
      channels.addAll(config.announcementChannels());
    } else if (value instanceof JsonArray array
        && array.size() <= AdminConfig.MAX_ANNOUNCEMENT_CHANNELS) {
      for (Object channel : array) {
        if (!(channel instanceof String name)) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST,
              "field 'channels[]' must hold channel names");
        }
        channels.add(name);
      }
    } else {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'channels' must be an array of"
          + " at most " + AdminConfig.MAX_ANNOUNCEMENT_CHANNELS + " channel names");
    }
    if (channels.isEmpty()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "name the channels to announce on:"
          + " admin.announcementChannels is empty");
    }
    return channels;
  }

  private void failure(RoutingContext rc) {
    if (rc.statusCode() == 413) {
      HttpErrors.send(rc.response(), ErrorCode.TOO_LARGE, "request body is larger than "
          + config.maxBodyBytes() + " bytes");
    } else if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
      HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST, "bad request");
    } else {
      HttpErrors.send(rc.response(), ErrorCode.INTERNAL, "internal error");
    }
  }

  private static JsonObject object(RoutingContext rc) {
    if (body(rc, false) instanceof JsonObject object) {
      return object;
    }
    throw new ProtocolException(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
  }

  /** The body as JSON; {@code null} when empty and {@code emptyAllowed}. */
  private static Object body(RoutingContext rc, boolean emptyAllowed) {
    Buffer body = rc.body().buffer();
    if (body == null || body.length() == 0) {
      if (emptyAllowed) {
        return null;
      }
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
    }
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "the body is not JSON");
    }
  }

  private static void json(RoutingContext rc, JsonObject body) {
    rc.response().putHeader("content-type", "application/json").end(body.encode());
  }

  private static void respond(RoutingContext rc, Future<?> result) {
    result.onComplete(
        json -> rc.response().putHeader("content-type", "application/json")
            .end(Json.encode(json)),
        failure -> HttpErrors.send(rc.response(), Methods.errorOf(failure)));
  }
}
