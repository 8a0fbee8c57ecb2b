package io.tickwire.gateway;

import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Sequences, keeps and fans out the messages of channels: the seam between the channel log and
 * where histories live (in this node's memory, or replicated across a cluster).
 *
 * <p>Ordering: the messages of one channel get strictly increasing seqs and are published to
 * the channel's fan-out address in seq order, whichever node asked. Threading: called from the
 * channel log's event loop; implementations never block it.
 */
public interface ChannelStore {

  /** Makes the store of a node; called once, on the channel log's context. */
  @FunctionalInterface
  interface Factory {
    ChannelStore create(Vertx vertx, Namespaces namespaces, long idempotencyTtlMs);
  }

  /** What a resuming subscriber gets first: where the channel stands and the messages to send. */
  record Recovery(long seq, String epoch, boolean recovered, List<ChannelMessage> messages) {
    public Recovery {
      messages = List.copyOf(messages);
    }
  }

  /**
   * Gives {@code data} the channel's next seq, keeps it in the channel's history, encodes its
   * frame once and publishes it on the channel's fan-out address. An idempotency key seen
   * within the idempotency window answers the earlier publication and publishes nothing.
   */
  Future<Published> publish(ChannelName channel, NamespacePolicy policy, Object data,
      String idempotencyKey);

  /**
   * What a subscriber resuming from {@code since} (or {@code null}: a fresh subscription) must
   * be sent before live messages: the messages after {@code since} when all are still kept
   * ({@code recovered}); otherwise nothing for stream channels and the current value for latest
   * channels.
   */
  Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since);

  /** Drops what aged out of the history windows; called every second. */
  void expire();
}
