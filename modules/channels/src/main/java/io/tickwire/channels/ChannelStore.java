package io.tickwire.channels;

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
 * channel log's event loop, or, when {@link #anyThread()} says so, {@link #publish} from any
 * event loop; implementations never block it.
 *
 * <p>Bounds: a channel's state (seq, epoch, history, idempotency answers) exists only while the
 * channel retains history (its newest message is younger than the namespace's
 * {@code historyTtlMs}) or some node holds a subscriber of it; a channel with neither is
 * dropped. A dropped channel that comes back starts with a new epoch, so no position in the
 * dropped history is ever taken for one in the new one. A channel is held from the recovery of
 * its first local subscriber (gateways join the fan-out before they ask, so the held channels
 * already list it) until {@link #release}.
 */
public interface ChannelStore {

  /** Makes the store of a node; called once, on the channel log's context. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param held the channels this node has subscribers of: the store keeps their state
     */
    ChannelStore create(Vertx vertx, long idempotencyTtlMs, LocalChannels held);
  }

  /** What a resuming subscriber gets first: where the channel stands and the messages to send. */
  record Recovery(long seq, String epoch, boolean recovered, List<ChannelMessage> messages) {
    public Recovery {
      messages = List.copyOf(messages);
    }
  }

  /**
   * Gives the publication's data the channel's next seq, keeps it in the channel's history
   * (by the publication's {@link Publication#policy()}), encodes its frame once and publishes it
   * on the channel's fan-out address. An idempotency key seen on this channel within the
   * idempotency window answers the earlier publication and publishes nothing; keys are scoped to
   * the channel (the same key on another channel is another publication). The publication passed
   * its check where it entered the node: the store does not check it again.
   */
  Future<Published> publish(Publication publication);

  /**
   * Whether {@link #publish} may be called from any thread and answers before it returns: the
   * gateway then publishes on the event loop that received the publication and answers at once,
   * without a hop to the channel log's event loop. False by default.
   */
  default boolean anyThread() {
    return false;
  }

  /**
   * What a subscriber resuming from {@code since} (or {@code null}: a fresh subscription) must
   * be sent before live messages: the messages after {@code since} when all are still kept
   * ({@code recovered}); otherwise nothing for stream channels and the current value for latest
   * channels. The channel gets state here if it had none, so the epoch answered is the one its
   * messages will carry.
   */
  Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since);

  /**
   * This node no longer has a subscriber of {@code channel} (the held channels said so just
   * before the call): the channel's state is dropped unless it retains history or another node
   * holds it.
   */
  void release(String channel);

  /**
   * Drops what aged out of the history windows and the channels left with neither history nor
   * subscribers, and renews this node's hold on its channels where that expires; called every
   * second.
   */
  void expire();

  /**
   * How many channels this node keeps state of (the gauge {@code tickwire.channels.retained}).
   * Any thread; may lag behind by one {@link #expire()}.
   */
  int retained();
}
