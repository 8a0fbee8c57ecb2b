package io.tickwire.gateway.api;

import io.tickwire.channels.ChannelLog;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Namespaces;
import io.tickwire.channels.Publication;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.LogContext;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server HTTP API for backends, under {@code /api}: publish, broadcast, disconnect a user,
 * list local channels, say who is in a channel of a namespace with presence. Every call needs
 * {@code Authorization: ApiKey <key>}, checked before any of the body is read: a caller without
 * a key cannot make the node buffer a body, and its connection is closed after the 401. Every publication is checked here, once
 * ({@link Publication#check}), before it goes to the channel log. Every error is a JSON
 * {@code {code, message}} with the matching HTTP status. The API's OpenAPI description,
 * {@code GET /api/openapi.yaml}, is served without a key: it describes and does not act.
 */
public final class HttpApi {

  /** At most this many channels in one broadcast. */
  public static final int MAX_BROADCAST_CHANNELS = 1_000;
  /** At most this many messages in one batch publish. */
  public static final int MAX_BATCH = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  /** Where a call keeps the channel it published to, for its log line. */
  private static final String LOGGED_CHANNEL = "tickwire.channel";
  /** Where the build puts docs/openapi.yaml on the class path. */
  public static final String DESCRIPTION_RESOURCE = "io/tickwire/gateway/api/openapi.yaml";

  private final Vertx vertx;
  private final GatewayContext context;
  private final Buffer description;
  private final ApiKeys keys;
  private final Namespaces namespaces;

  /** @param description the OpenAPI description, as {@link #description()} read it */
  public HttpApi(Vertx vertx, GatewayContext context, Buffer description) {
    this.vertx = vertx;
    this.context = context;
    this.description = description;
    this.namespaces = context.setup().namespaces();
    this.keys = new ApiKeys(context.setup().api().keys());
  }

  /**
   * Reads the OpenAPI description from the class path. Blocking: call it on a worker.
   *
   * @throws IllegalStateException when the build did not put it there
   */
  public static Buffer description() throws IOException {
    try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream(DESCRIPTION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DESCRIPTION_RESOURCE + " is not on the class path: the "
            + "gateway's build copies it from docs/openapi.yaml");
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }

  public void mount(Router router) {
    router.route("/api/*").handler(HttpApi::logged);
    // Before the key check, which it does not need.
    router.get("/api/openapi.yaml").handler(rc -> rc.response()
        .putHeader("content-type", "application/yaml").end(description));
    router.route("/api/*").handler(this::authorize);
    router.route("/api/*")
        .handler(BodyHandler.create(false).setBodyLimit(context.setup().api().maxBodyBytes()));
    router.post("/api/publish").handler(this::publish);
    router.post("/api/broadcast").handler(this::broadcast);
    router.post("/api/users/:user/disconnect").handler(this::disconnect);
    router.get("/api/channels").handler(this::channels);
    router.get("/api/users/:user").handler(this::user);
    router.get("/api/presence/:channel").handler(this::presence);
    router.route("/api/*").failureHandler(this::failure);
  }

  /**
   * At debug level, one line per call once it is answered, with the user the path names and the
   * channel of a single publish in the log context. Nothing is added while debug is off.
   */
  private static void logged(RoutingContext rc) {
    if (LOG.isDebugEnabled()) {
      rc.addEndHandler(ended -> {
        try (LogContext.Scope ignored = LogContext.userChannel(rc.pathParam("user"),
            rc.get(LOGGED_CHANNEL))) {
          LOG.debug("api {} {} answered {}", rc.request().method(), rc.request().path(),
              rc.response().getStatusCode());
        }
      });
    }
    rc.next();
  }

  private void authorize(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    if (!keys.accepts(header)) {
      if (!rc.request().isEnded()) {
        // The body is left unread: close the connection after the answer rather than drain it.
        rc.response().putHeader("connection", "close");
        rc.addEndHandler(ignored -> rc.request().connection().close());
      }
      HttpErrors.send(rc.response(), ErrorCode.UNAUTHORIZED,
          "missing or wrong API key: send 'Authorization: ApiKey <key>'");
      return;
    }
    rc.next();
  }

  /**
   * One message ({@code {channel, data, idempotencyKey?}}, answered {@code {channel, seq, epoch}})
   * or a batch (an array of 1 to {@value #MAX_BATCH} of them, answered with an array of the same
   * length in the same order: each {@code {channel, seq, epoch}}, or {@code {channel, code,
   * message}} for one refused, which does not stop the others).
   */
  private void publish(RoutingContext rc) {
    Object body = json(rc);
    if (body instanceof JsonArray batch) {
      publishAll(rc, batch);
      return;
    }
    if (!(body instanceof JsonObject message)) {
      HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST,
          "the body must be a JSON object, or an array of 1 to " + MAX_BATCH + " of them");
      return;
    }
    try {
      Publication publication = Publication.check(namespaces, message.getValue("channel"),
          message.getValue("data"), message.getValue("idempotencyKey"));
      if (LOG.isDebugEnabled()) {
        rc.put(LOGGED_CHANNEL, publication.channel().toString());
      }
      respond(rc, context.log().publish(publication).map(ChannelPublisher.Published::toJson));
    } catch (ProtocolException e) {
      HttpErrors.send(rc.response(), e);
    }
  }

  private void publishAll(RoutingContext rc, JsonArray batch) {
    if (batch.isEmpty() || batch.size() > MAX_BATCH) {
      HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST,
          "a batch publish is an array of 1 to " + MAX_BATCH + " messages, got " + batch.size());
      return;
    }
    List<Object> checked = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Object item = batch.getValue(i);
      String channel = item instanceof JsonObject message
          && message.getValue("channel") instanceof String name ? name : null;
      try {
        if (!(item instanceof JsonObject message)) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST,
              "message " + i + " must be a JSON object");
        }
        checked.add(Publication.check(namespaces, message.getValue("channel"),
            message.getValue("data"), message.getValue("idempotencyKey")));
      } catch (ProtocolException e) {
        checked.add(new ProtocolException(e.code(), e.getMessage(), null, channel));
      }
    }
    respond(rc, context.log().publishAll(checked).map(outcomes -> {
      JsonArray answers = new JsonArray(new ArrayList<>(outcomes.size()));
      for (ChannelLog.Outcome outcome : outcomes) {
        answers.add(outcome.published() != null ? outcome.published().toJson()
            : new JsonObject().put("channel", outcome.channel())
                .put("code", outcome.refusal().code().token())
                .put("message", outcome.refusal().getMessage()));
      }
      return answers;
    }));
  }

  private void broadcast(RoutingContext rc) {
    JsonObject body = body(rc);
    if (body == null) {
      return;
    }
    try {
      Object value = body.getValue("channels");
      if (!(value instanceof JsonArray array) || array.isEmpty()
          || array.size() > MAX_BROADCAST_CHANNELS) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'channels' must be an array of 1 to "
            + MAX_BROADCAST_CHANNELS + " channel names");
      }
      Object data = data(body);
      Set<String> seen = new HashSet<>();
      List<Publication> publications = new ArrayList<>();
      for (Object channel : array) {
        if (!(channel instanceof String name)) {
          throw new ProtocolException(ErrorCode.BAD_REQUEST,
              "field 'channels[]' is required and must be a channel name");
        }
        if (seen.add(name)) {
          publications.add(Publication.check(namespaces, name, data, null));
        }
      }
      respond(rc, context.log().publishEach(publications).map(HttpApi::results));
    } catch (ProtocolException e) {
      HttpErrors.send(rc.response(), e);
    }
  }

  /** Closes the user's connections everywhere; {@code {"banSeconds": n}} refuses them n s more. */
  /** A broadcast's answer: {@code {"results": [...]}}, one per channel in the order asked. */
  public static JsonObject results(List<ChannelPublisher.Published> published) {
    JsonArray results = new JsonArray();
    published.forEach(one -> results.add(one.toJson()));
    return new JsonObject().put("results", results);
  }

  private void disconnect(RoutingContext rc) {
    try {
      String user = UserDisconnect.user(rc.pathParam("user"));
      Buffer raw = rc.body().buffer();
      Object body = json(rc);
      if (body == null && raw != null && raw.length() > 0) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "the body is not JSON");
      }
      long ban = UserDisconnect.banSeconds(body, context.setup().api().maxBanSeconds());
      rc.response().setStatusCode(202).putHeader("content-type", "application/json")
          .end(UserDisconnect.send(vertx, user, ban).encode());
    } catch (ProtocolException e) {
      HttpErrors.send(rc.response(), e);
    }
  }

  private void user(RoutingContext rc) {
    String user = rc.pathParam("user");
    if (user == null || user.isEmpty() || user.length() > 128) {
      HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST, "user must be 1 to 128 characters");
      return;
    }
    respond(rc, context.connections().lookup(user));
  }

  /**
   * Who is in a channel of a namespace with presence, as the {@code presence} frame answers it;
   * the API key may ask about any channel.
   */
  private void presence(RoutingContext rc) {
    String channel = rc.pathParam("channel");
    try {
      NamespacePolicy policy = namespaces.of(ChannelName.parse(channel));
      if (!policy.presence()) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "namespace '" + policy.name()
            + "' has no presence", null, channel);
      }
      rc.response().putHeader("content-type", "application/json")
          .end(Buffer.buffer(context.presence().shared(channel).utf8()));
    } catch (ProtocolException e) {
      HttpErrors.send(rc.response(), e);
    }
  }

  private void channels(RoutingContext rc) {
    rc.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("node", context.node().id())
            .put("channels", new JsonObject(new java.util.LinkedHashMap<>(
                context.channels().snapshot()))).encode());
  }

  private void failure(RoutingContext rc) {
    int status = rc.statusCode();
    if (status == 413) {
      HttpErrors.send(rc.response(), ErrorCode.TOO_LARGE, "request body is larger than "
          + context.setup().api().maxBodyBytes() + " bytes");
    } else if (status >= 400 && status < 500) {
      HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST, "bad request");
    } else {
      HttpErrors.send(rc.response(), ErrorCode.INTERNAL, "internal error");
    }
  }

  private JsonObject body(RoutingContext rc) {
    if (json(rc) instanceof JsonObject object) {
      return object;
    }
    HttpErrors.send(rc.response(), ErrorCode.BAD_REQUEST, "the body must be a JSON object");
    return null;
  }

  /** The body as JSON, or {@code null} when it is empty or not JSON. */
  private static Object json(RoutingContext rc) {
    Buffer body = rc.body().buffer();
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      return null;
    }
  }

  private static Object data(JsonObject body) {
    Object data = body.getValue("data");
    if (data == null) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'data' is required");
    }
    return data;
  }

  private static void respond(RoutingContext rc, Future<?> result) {
    result.onComplete(
        json -> rc.response().putHeader("content-type", "application/json")
            .end(Json.encode(json)),
        failure -> HttpErrors.send(rc.response(), Methods.errorOf(failure)));
  }
}
