package io.tickwire.channels;

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

/**
 * The channel log: makes the node's {@link ChannelStore}, hands it to the {@link ChannelLog}
 * everything publishes through, and answers the event-bus addresses of the channels.
 *
 * <p>Consumes {@link Addresses#CHANNELS_PUBLISH} (services publishing through
 * {@code ChannelPublisher}) and {@link Addresses#CHANNELS_HISTORY} (gateways recovering a
 * subscription), both node-local: services and gateways ask their own node; the store reaches the
 * rest of the cluster. Config: {@code namespaces} (history windows, allowed keys, key patterns)
 * and {@code api.idempotencyTtlMs}. A publication to a channel whose namespace is unknown, or
 * whose key the namespace does not list, fails with {@code not_found}; one whose key does not
 * match the namespace's {@code keyPattern} with {@code bad_request}.
 *
 * <p>When the last local subscriber of a channel leaves, it tells the store, which drops the
 * channel unless it retains history or another node holds it; every second it lets the store
 * expire what aged out. Meter: {@code tickwire.channels.retained}, the channels whose state this
 * node keeps. Single instance; a store that is not {@link ChannelStore#anyThread()} is confined
 * to its event loop.
 */
public final class ChannelLogVerticle extends VerticleBase {

  private final ChannelLog log;
  private final Namespaces namespaces;
  private final long idempotencyTtlMs;
  private final MeterRegistry registry;
  private final ChannelStore.Factory storeFactory;
  private final LocalChannels held;
  private ChannelStore store;
  private Gauge retained;

  public ChannelLogVerticle(ChannelLog log, Namespaces namespaces, long idempotencyTtlMs,
      MeterRegistry registry, ChannelStore.Factory storeFactory, LocalChannels held) {
    this.log = log;
    this.namespaces = namespaces;
    this.idempotencyTtlMs = idempotencyTtlMs;
    this.registry = registry;
    this.storeFactory = storeFactory;
    this.held = held;
  }

  @Override
  public Future<?> start() {
    store = storeFactory.create(vertx, idempotencyTtlMs, held);
    Context own = vertx.getOrCreateContext();
    log.attach(store, own);
    // Checked again on this loop: a subscriber may have joined since the leave, and its
    // recovery is queued behind this check, so it finds the channel kept or makes it anew.
    held.onLastLeft(channel -> own.runOnContext(ignored -> {
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
      // Services publishing over the event bus enter the node here: the one check.
      Publication publication = Publication.check(namespaces, body.getValue("channel"),
          body.getValue("data"), body.getValue("idempotencyKey"));
      log.publish(publication).onComplete(
          answer -> request.reply(answer.toJson()),
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
    ProtocolException error = ChannelLog.refusal(failure);
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
}
