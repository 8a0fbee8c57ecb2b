package io.tickwire.gateway.fanout;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.protocol.ChannelMessage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * One channel of one connection (a WebSocket session or an SSE stream): where the connection
 * stands in it, and the live messages held back while its recovery is under way. A new
 * subscription is recovering: it holds live messages until {@link #recovered} fixes its starting
 * point. Owned by the connection's event loop.
 */
public final class Subscription {

  private final String channel;
  private final NamespacePolicy policy;
  private long lastSeq;
  private String epoch;
  /** Live messages that arrived before the recovery answer; {@code null} once recovered. */
  private List<ChannelMessage> held = new ArrayList<>();
  /** Completes when the recovery answer arrived (the subscription is then granted or gone). */
  private Future<Void> ready = Future.succeededFuture();
  /** Set when the subscription leaves the fan-out. */
  boolean left;

  public Subscription(String channel, NamespacePolicy policy) {
    this.channel = channel;
    this.policy = policy;
  }

  public String channel() {
    return channel;
  }

  /** The policy of the channel's namespace. */
  public NamespacePolicy policy() {
    return policy;
  }

  /** The seq of the last message the connection was given (or its recovery started from). */
  public long lastSeq() {
    return lastSeq;
  }

  /** The epoch {@link #lastSeq()} belongs to; {@code null} before the recovery answer. */
  public String epoch() {
    return epoch;
  }

  /** Completes when the recovery answer arrived (the subscription is then granted or gone). */
  public Future<Void> ready() {
    return ready;
  }

  /** Sets what {@link #ready()} answers. */
  public void ready(Future<Void> ready) {
    this.ready = ready;
  }

  /** Whether live messages are held back: the recovery (or the filling of a gap) is under way. */
  public boolean recovering() {
    return held != null;
  }

  /**
   * Holds a live message while {@link #recovering()}; a latest-mode channel holds only the
   * newest. Answers how many are held.
   */
  public int hold(ChannelMessage message) {
    if (policy.latest()) {
      // Only the newest value matters: hold one.
      held.clear();
    }
    held.add(message);
    return held.size();
  }

  /**
   * Messages before {@code message} never arrived: holds it, and the live messages after it,
   * until the gap is filled ({@link #recovered}) or given up ({@link #skipGap}).
   */
  public void holdFrom(ChannelMessage message) {
    held = new ArrayList<>();
    held.add(message);
  }

  /**
   * The recovery answered: the connection stands at {@code seq} of {@code epoch} once it has
   * been sent what the answer holds. Answers the live messages held meanwhile, to be delivered
   * next, and holds no more.
   */
  public List<ChannelMessage> recovered(long seq, String epoch) {
    this.lastSeq = seq;
    this.epoch = epoch;
    List<ChannelMessage> waiting = held;
    held = null;
    return waiting;
  }

  /**
   * The gap before the first held message cannot be filled: goes on from that message. Answers
   * the held messages, to be delivered next, and holds no more.
   */
  public List<ChannelMessage> skipGap() {
    List<ChannelMessage> waiting = held;
    held = null;
    lastSeq = waiting.get(0).seq() - 1;
    return waiting;
  }

  /** Whether stream messages between the last one seen and {@code message} never arrived. */
  public boolean missing(ChannelMessage message) {
    return !policy.latest() && message.epoch().equals(epoch) && message.seq() > lastSeq + 1;
  }

  /** Whether {@code message} is new to this subscriber (a message seen before is dropped). */
  public boolean advance(ChannelMessage message) {
    boolean sameEpoch = message.epoch().equals(epoch);
    if (sameEpoch && message.seq() <= lastSeq) {
      return false;
    }
    lastSeq = message.seq();
    if (!sameEpoch) {
      // Stored only when it changes: a reference written into this long-lived object at every
      // message dirties a GC card per subscriber per message (G1's refinement then pays for it).
      epoch = message.epoch();
    }
    return true;
  }
}
