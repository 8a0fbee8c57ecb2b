package io.tickwire.gateway.sse;

import io.tickwire.protocol.ClientFrame.Position;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The id of a Server-Sent Event: where the stream stands in every one of its channels, so that the
 * {@code Last-Event-ID} a reconnecting client sends resumes them all. Entries are separated by
 * spaces (channel names have none); {@code @<epoch>} sets the epoch of the entries after it and
 * {@code <channel>=<seq>} gives a channel's last seq, e.g.
 * {@code @36f3092a prices.BTC-USD=1894 tx.0xab=12}. Pure.
 */
final class SsePositions {

  /** Ids longer than this are not trusted (a header this long is not ours). */
  static final int MAX_ID_LENGTH = 64 * 1024;

  private SsePositions() {
  }

  static String encode(Map<String, Position> positions) {
    StringBuilder id = new StringBuilder();
    String epoch = null;
    for (Map.Entry<String, Position> entry : positions.entrySet()) {
      Position position = entry.getValue();
      if (!Objects.equals(epoch, position.epoch())) {
        epoch = position.epoch();
        append(id, "@" + epoch);
      }
      append(id, entry.getKey() + "=" + position.seq());
    }
    return id.toString();
  }

  /** The positions in {@code id}; malformed entries are skipped, so a bad id resumes nothing. */
  static Map<String, Position> parse(String id) {
    Map<String, Position> positions = new LinkedHashMap<>();
    if (id == null || id.length() > MAX_ID_LENGTH) {
      return positions;
    }
    String epoch = null;
    for (String token : id.trim().split(" +")) {
      if (token.startsWith("@")) {
        epoch = token.length() > 1 ? token.substring(1) : null;
        continue;
      }
      int equals = token.lastIndexOf('=');
      if (epoch == null || equals <= 0 || equals == token.length() - 1) {
        continue;
      }
      try {
        long seq = Long.parseLong(token.substring(equals + 1));
        if (seq >= 0) {
          positions.put(token.substring(0, equals), new Position(seq, epoch));
        }
      } catch (NumberFormatException e) {
        // not a position: skipped
      }
    }
    return positions;
  }

  private static void append(StringBuilder id, String token) {
    if (id.length() > 0) {
      id.append(' ');
    }
    id.append(token);
  }
}
