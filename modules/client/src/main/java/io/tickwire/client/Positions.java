package io.tickwire.client;

import io.tickwire.protocol.ClientFrame.Position;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code seq} and {@code epoch} seen per channel: drops messages already seen and gives
 * the {@code since} positions to resume from. Confined to the client's event loop.
 */
final class Positions {

  private final Map<String, Position> last = new HashMap<>();

  /**
   * Whether a message is new: not a {@code seq} already seen in the same epoch. A new one becomes
   * the channel's position.
   */
  boolean advance(String channel, long seq, String epoch) {
    Position seen = last.get(channel);
    if (seen != null && seen.epoch().equals(epoch) && seq <= seen.seq()) {
      return false;
    }
    last.put(channel, new Position(seq, epoch));
    return true;
  }

  /** The position of {@code channel}, or {@code null} when no message was seen. */
  Position of(String channel) {
    return last.get(channel);
  }

  /** The positions of those of {@code channels} that have one, in their order. */
  Map<String, Position> since(Iterable<String> channels) {
    Map<String, Position> since = new LinkedHashMap<>();
    for (String channel : channels) {
      Position position = last.get(channel);
      if (position != null) {
        since.put(channel, position);
      }
    }
    return since;
  }

  void forget(String channel) {
    last.remove(channel);
  }
}
