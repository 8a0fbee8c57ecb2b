package io.tickwire.gateway;

import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannelStore;
import io.tickwire.channels.LocalChannels;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Publication;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A channel store that hands every call to this node's own store: a test overrides
 * {@link #publish} to make publications hang or fail on demand, and the rest behaves as usual.
 * Like the cluster's store, and unlike the local one, it is called on the channel log's loop.
 */
abstract class ForwardingStore implements ChannelStore {
  private final LocalChannelStore inner;

  ForwardingStore(Vertx vertx, long idempotencyTtlMs, LocalChannels held) {
    this.inner = new LocalChannelStore(vertx, idempotencyTtlMs, held);
  }

  @Override
  public Future<Published> publish(Publication publication) {
    return inner.publish(publication);
  }

  @Override
  public Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since) {
    return inner.recover(channel, policy, since);
  }

  @Override
  public void release(String channel) {
    inner.release(channel);
  }

  @Override
  public void expire() {
    inner.expire();
  }

  @Override
  public int retained() {
    return inner.retained();
  }
}
