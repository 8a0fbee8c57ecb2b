package io.tickwire.channels;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * The store of a single node: histories in this JVM's memory, a channel kept while it retains
 * history or has local subscribers, each with an epoch of its own (see {@link ChannelHistory}).
 * Idempotency answers are remembered per channel and key, for the idempotency window and at most
 * {@value #MAX_IDEMPOTENCY_KEYS} of them.
 *
 * <p>Thread-safe ({@link #anyThread()}): a publication is sequenced, published to the fan-out and
 * answered on the caller's thread, holding its channel's lock from the idempotency check to the
 * fan-out, so the messages of a channel reach the fan-out in seq order and a key publishes once
 * whichever event loops publish at the same time.
 */
public final class LocalChannelStore implements ChannelStore {

  /** Idempotency answers remembered at most. */
  static final int MAX_IDEMPOTENCY_KEYS = 100_000;

  private final Vertx vertx;
  private final ChannelHistory history;
  private final IdempotencyCache<Published> idempotency;

  public LocalChannelStore(Vertx vertx, long idempotencyTtlMs, LocalChannels held) {
    this.vertx = vertx;
    this.history = new ChannelHistory(UUID.randomUUID().toString().substring(0, 8),
        System::currentTimeMillis, held::has);
    this.idempotency = new IdempotencyCache<>(idempotencyTtlMs, MAX_IDEMPOTENCY_KEYS,
        System::currentTimeMillis);
  }

  @Override
  public Future<Published> publish(Publication publication) {
    String name = publication.channel().toString();
    String idempotencyKey = publication.idempotencyKey();
    // Channel names have no spaces: "<channel> <key>" names one key of one channel.
    String scoped = idempotencyKey == null ? null : name + " " + idempotencyKey;
    synchronized (history.lock(name)) {
      Published earlier = scoped == null ? null : idempotency.get(scoped);
      if (earlier != null) {
        return Future.succeededFuture(earlier);
      }
      ChannelMessage message = history.append(publication);
      vertx.eventBus().publish(Addresses.channel(name), message);
      Published answer = new Published(name, message.seq(), message.epoch());
      if (scoped != null) {
        idempotency.put(scoped, answer);
      }
      return Future.succeededFuture(answer);
    }
  }

  @Override
  public boolean anyThread() {
    return true;
  }

  @Override
  public Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since) {
    return Future.succeededFuture(history.recover(channel, policy, since));
  }

  @Override
  public void release(String channel) {
    history.release(channel);
  }

  @Override
  public void expire() {
    history.expireAll();
    idempotency.expire();
  }

  @Override
  public int retained() {
    return history.channelCount();
  }
}
