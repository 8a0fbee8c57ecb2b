package io.tickwire.channels;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Local subscribers per channel across the gateway instances and SSE streams of one node: for
 * {@code GET /api/channels}, and for the channel store, which keeps a channel's state while this
 * node holds a subscriber of it. Updated on subscribe and unsubscribe only, never per message.
 * Thread-safe: each channel's count changes atomically, so a join and a leave on two event loops
 * never lose one another.
 */
public final class LocalChannels {

  private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
  private volatile Consumer<String> onLastLeft = channel -> { };

  /** A local subscriber joined {@code channel} (the gateway's fan-out says so). */
  public void joined(String channel) {
    counts.merge(channel, 1, Integer::sum);
  }

  /**
   * A local subscriber left {@code channel}; the last one tells the {@link #onLastLeft}
   * listener.
   */
  public void left(String channel) {
    boolean[] last = new boolean[1];
    counts.computeIfPresent(channel, (name, count) -> {
      last[0] = count <= 1;
      return last[0] ? null : count - 1;
    });
    if (last[0]) {
      onLastLeft.accept(channel);
    }
  }

  /**
   * Tells {@code listener} of every channel whose last local subscriber left, on the thread of
   * that leave; the listener must not block, and may find the channel joined again meanwhile.
   */
  void onLastLeft(Consumer<String> listener) {
    onLastLeft = listener;
  }

  /** Whether this node has a subscriber of {@code channel}. */
  public boolean has(String channel) {
    return counts.containsKey(channel);
  }

  /** The channels this node has subscribers of, a copy. */
  public Set<String> channels() {
    return Set.copyOf(counts.keySet());
  }

  /** Channel → local subscribers, sorted by channel. */
  public Map<String, Integer> snapshot() {
    return new TreeMap<>(counts);
  }
}
