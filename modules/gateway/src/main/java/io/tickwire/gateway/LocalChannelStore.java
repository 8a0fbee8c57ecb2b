package io.tickwire.gateway;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * The store of a single node: histories in this JVM's memory, one epoch for this node's life.
 * Confined to the channel log's event loop.
 */
public final class LocalChannelStore implements ChannelStore {

  /** Idempotency answers remembered at most. */
  static final int MAX_IDEMPOTENCY_KEYS = 100_000;

  private final Vertx vertx;
  private final ChannelHistory history;
  private final IdempotencyCache<Published> idempotency;

  public LocalChannelStore(Vertx vertx, Namespaces namespaces, long idempotencyTtlMs) {
    this.vertx = vertx;
    this.history = new ChannelHistory(namespaces, UUID.randomUUID().toString().substring(0, 8),
        System::currentTimeMillis);
    this.idempotency = new IdempotencyCache<>(idempotencyTtlMs, MAX_IDEMPOTENCY_KEYS,
        System::currentTimeMillis);
  }

  @Override
  public Future<Published> publish(ChannelName channel, NamespacePolicy policy, Object data,
      String idempotencyKey) {
    Published earlier = idempotencyKey == null ? null : idempotency.get(idempotencyKey);
    if (earlier != null) {
      return Future.succeededFuture(earlier);
    }
    ChannelMessage message = history.append(channel, data);
    vertx.eventBus().publish(Addresses.channel(message.channel()), message);
    Published answer = new Published(message.channel(), message.seq(), message.epoch());
    if (idempotencyKey != null) {
      idempotency.put(idempotencyKey, answer);
    }
    return Future.succeededFuture(answer);
  }

  @Override
  public Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since) {
    return Future.succeededFuture(history.recover(channel, since));
  }

  @Override
  public void expire() {
    history.expireAll();
    idempotency.expire();
  }
}
