package io.tickwire.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The channel log: the node's front of the channel store. It validates publications and
 * recovery requests and hands them to the {@link ChannelStore}, which gives every message its
 * channel's next {@code seq}, keeps the channel's history, builds the {@code message} frame once
 * and publishes it to the channel's fan-out address.
 *
 * <p>Consumes {@link Addresses#CHANNELS_PUBLISH} and {@link Addresses#CHANNELS_HISTORY}, both
 * node-local (services and gateways ask their own node; the store reaches the rest of the
 * cluster). Config: {@code namespaces} (history windows, allowed keys) and
 * {@code api.idempotencyTtlMs}. A publication to a channel whose namespace is unknown, or whose
 * key the namespace does not list, fails with {@code not_found}; one whose key does not match
 * the namespace's {@code keyPattern} with {@code bad_request}.
 *
 * <p>When the last local subscriber of a channel leaves, it tells the store, which drops the
 * channel unless it retains history or another node holds it; every second it lets the store
 * expire what aged out. Meter: {@code tickwire.channels.retained}, the channels whose state this
 * node keeps. Single instance; its state is confined to its event loop.
 */
public final class ChannelLogVerticle extends VerticleBase {

  /** The longest idempotency key. */
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

  private final Namespaces namespaces;
  private final long idempotencyTtlMs;
  private final MeterRegistry registry;
  private final ChannelStore.Factory storeFactory;
  private final LocalChannels held;
  private final Map<String, Counter> published = new HashMap<>();
  private ChannelStore store;
  private Gauge retained;

  public ChannelLogVerticle(Namespaces namespaces, long idempotencyTtlMs, MeterRegistry registry,
      ChannelStore.Factory storeFactory, LocalChannels held) {
    this.namespaces = namespaces;
    this.idempotencyTtlMs = idempotencyTtlMs;
    this.registry = registry;
    this.storeFactory = storeFactory;
    this.held = held;
  }

  @Override
  public Future<?> start() {
    store = storeFactory.create(vertx, namespaces, idempotencyTtlMs, held);
    Context log = vertx.getOrCreateContext();
    // Checked again on this loop: a subscriber may have joined since the leave, and its
    // recovery is queued behind this check, so it finds the channel kept or makes it anew.
    held.onLastLeft(channel -> log.runOnContext(ignored -> {
      if (!held.has(channel)) {
        store.release(channel);
      }
    }));
    vertx.setPeriodic(1_000, ignored -> store.expire());
    retained = Gauge.builder("tickwire.channels.retained", store, ChannelStore::retained)
        .description("Channels whose state (seq, epoch, history, idempotency answers) this node "
            + "keeps").strongReference(true).register(registry);
    return Future.all(
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_PUBLISH, this::publish)
            .completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CHANNELS_HISTORY, this::recover)
            .completion());
  }

  @Override
  public Future<?> stop() {
    held.onLastLeft(channel -> { });
    registry.remove(retained);
    return Future.succeededFuture();
  }

  private void publish(Message<JsonObject> request) {
    try {
      JsonObject body = request.body();
      ChannelName channel = ChannelName.parse(field(body, "channel"));
      // Refuses an unknown namespace, and a key its namespace does not list: not_found.
      NamespacePolicy policy = namespaces.of(channel);
      if (body.getValue("data") == null) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'data' is required");
      }
      String key = body.getValue("idempotencyKey") == null ? null : idempotencyKey(body);
      store.publish(channel, policy, body.getValue("data"), key).onComplete(
          answer -> {
            counter(channel.namespace()).increment();
            request.reply(answer.toJson());
          },
          failure -> fail(request, failure));
    } catch (ProtocolException e) {
      request.fail(e.code().status(), e.getMessage());
    }
  }

  private void recover(Message<JsonObject> request) {
    try {
      JsonObject body = request.body();
      ChannelName channel = ChannelName.parse(field(body, "channel"));
      NamespacePolicy policy = namespaces.of(channel);
      JsonObject since = body.getJsonObject("since");
      Position position = since == null ? null
          : new Position(since.getLong("seq"), since.getString("epoch"));
      store.recover(channel, policy, position).onComplete(recovery -> {
        JsonArray frames = new JsonArray();
        JsonArray seqs = new JsonArray();
        for (ChannelMessage message : recovery.messages()) {
          frames.add(message.frame());
          seqs.add(message.seq());
        }
        request.reply(new JsonObject().put("channel", channel.toString())
            .put("seq", recovery.seq()).put("epoch", recovery.epoch())
            .put("recovered", recovery.recovered()).put("frames", frames).put("seqs", seqs));
      }, failure -> fail(request, failure));
    } catch (ProtocolException e) {
      request.fail(e.code().status(), e.getMessage());
    } catch (ClassCastException | NullPointerException e) {
      request.fail(ErrorCode.BAD_REQUEST.status(), "since must be {seq, epoch}");
    }
  }

  private static void fail(Message<JsonObject> request, Throwable failure) {
    ProtocolException error = failure instanceof ProtocolException refusal ? refusal
        : new ProtocolException(ErrorCode.UNAVAILABLE, "channel store unavailable: "
            + failure.getMessage());
    request.fail(error.code().status(), error.getMessage());
  }

  private static String field(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (!(value instanceof String text)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field '" + name + "' is required and must be a string");
    }
    return text;
  }

  private static String idempotencyKey(JsonObject body) {
    Object key = body.getValue("idempotencyKey");
    if (!(key instanceof String text) || text.isEmpty()
        || text.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'idempotencyKey' must be a string of 1 to "
          + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
    return text;
  }

  private Counter counter(String namespace) {
    return published.computeIfAbsent(namespace, ns -> Counter.builder("tickwire.channels.published")
        .description("Messages published, per namespace").tag("namespace", ns).register(registry));
  }
}
