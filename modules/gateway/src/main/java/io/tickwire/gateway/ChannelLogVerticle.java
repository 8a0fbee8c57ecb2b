package io.tickwire.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The channel log: gives every published message its channel's next {@code seq}, keeps the
 * channel's history, builds the {@code message} frame once and publishes it to the channel's
 * fan-out address. It answers recovery requests from gateways.
 *
 * <p>Consumes {@link Addresses#CHANNELS_PUBLISH} and {@link Addresses#CHANNELS_HISTORY}; produces
 * {@link ChannelMessage}s on {@code tickwire.ch.<channel>}. Config: {@code namespaces} (history
 * windows, allowed keys) and {@code api.idempotencyTtlMs}. A publication to a channel whose
 * namespace is unknown, or whose key the namespace does not list, fails with {@code not_found}.
 * Runs as a single instance on one event loop, so sequencing needs no locks; the history lives
 * in memory and a new log starts a new epoch.
 */
public final class ChannelLogVerticle extends VerticleBase {

  /** Idempotency answers remembered at most. */
  static final int MAX_IDEMPOTENCY_KEYS = 100_000;
  /** The longest idempotency key. */
  static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

  private final Namespaces namespaces;
  private final long idempotencyTtlMs;
  private final MeterRegistry registry;
  private final Map<String, Counter> published = new HashMap<>();
  private ChannelHistory history;
  private IdempotencyCache<Published> idempotency;

  public ChannelLogVerticle(Namespaces namespaces, long idempotencyTtlMs, MeterRegistry registry) {
    this.namespaces = namespaces;
    this.idempotencyTtlMs = idempotencyTtlMs;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    String epoch = UUID.randomUUID().toString().substring(0, 8);
    history = new ChannelHistory(namespaces, epoch, System::currentTimeMillis);
    idempotency = new IdempotencyCache<>(idempotencyTtlMs, MAX_IDEMPOTENCY_KEYS,
        System::currentTimeMillis);
    vertx.setPeriodic(1_000, ignored -> {
      history.expireAll();
      idempotency.expire();
    });
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_PUBLISH, this::publish)
            .completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CHANNELS_HISTORY, this::recover)
            .completion());
  }

  private void publish(Message<JsonObject> request) {
    try {
      JsonObject body = request.body();
      ChannelName channel = ChannelName.parse(field(body, "channel"));
      // Refuses an unknown namespace, and a key its namespace does not list: not_found.
      namespaces.of(channel);
      if (body.getValue("data") == null) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, "field 'data' is required");
      }
      String key = body.getValue("idempotencyKey") == null ? null : idempotencyKey(body);
      Published earlier = key == null ? null : idempotency.get(key);
      if (earlier != null) {
        request.reply(earlier.toJson());
        return;
      }
      ChannelMessage message = history.append(channel, body.getValue("data"));
      vertx.eventBus().publish(Addresses.channel(message.channel()), message);
      counter(channel.namespace()).increment();
      Published answer = new Published(message.channel(), message.seq(), message.epoch());
      if (key != null) {
        idempotency.put(key, answer);
      }
      request.reply(answer.toJson());
    } catch (ProtocolException e) {
      request.fail(e.code().status(), e.getMessage());
    }
  }

  private void recover(Message<JsonObject> request) {
    try {
      JsonObject body = request.body();
      ChannelName channel = ChannelName.parse(field(body, "channel"));
      JsonObject since = body.getJsonObject("since");
      ChannelHistory.Recovery recovery = history.recover(channel, since == null ? null
          : new Position(since.getLong("seq"), since.getString("epoch")));
      JsonArray frames = new JsonArray();
      JsonArray seqs = new JsonArray();
      for (ChannelMessage message : recovery.messages()) {
        frames.add(message.frame());
        seqs.add(message.seq());
      }
      request.reply(new JsonObject().put("channel", channel.toString())
          .put("seq", recovery.seq()).put("epoch", recovery.epoch())
          .put("recovered", recovery.recovered()).put("frames", frames).put("seqs", seqs));
    } catch (ProtocolException e) {
      request.fail(e.code().status(), e.getMessage());
    } catch (ClassCastException e) {
      request.fail(ErrorCode.BAD_REQUEST.status(), "since must be {seq, epoch}");
    }
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
