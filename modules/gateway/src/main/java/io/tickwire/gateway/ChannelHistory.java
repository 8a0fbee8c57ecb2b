package io.tickwire.gateway;

import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.gateway.ChannelStore.Recovery;
import io.tickwire.protocol.ClientFrame.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The sequence and history of every channel of one channel log. Each message gets the next
 * {@code seq} of its channel; each channel keeps its namespace's history window (size and age)
 * and, for latest-mode namespaces, its current value. One epoch names this log's history: a log
 * that starts anew starts a new epoch, so positions from an older one are never mistaken for
 * positions in this one. Not thread-safe: owned by one verticle.
 */
final class ChannelHistory {

  private static final class Log {
    long seq;
    final ArrayDeque<ChannelMessage> window = new ArrayDeque<>();
    ChannelMessage last;
  }

  private final Namespaces namespaces;
  private final String epoch;
  private final LongSupplier clock;
  private final Map<String, Log> logs = new HashMap<>();

  ChannelHistory(Namespaces namespaces, String epoch, LongSupplier clock) {
    this.namespaces = namespaces;
    this.epoch = epoch;
    this.clock = clock;
  }

  String epoch() {
    return epoch;
  }

  int channelCount() {
    return logs.size();
  }

  /** Appends a message; its frame is built here, once. */
  ChannelMessage append(ChannelName channel, Object data) {
    NamespacePolicy policy = namespaces.of(channel);
    String name = channel.toString();
    Log log = logs.computeIfAbsent(name, ignored -> new Log());
    long now = clock.getAsLong();
    ChannelMessage message = ChannelMessage.of(name, ++log.seq, epoch, now, data);
    log.last = message;
    if (policy.historySize() > 0) {
      log.window.addLast(message);
      while (log.window.size() > policy.historySize()) {
        log.window.removeFirst();
      }
    }
    expire(log, policy, now);
    return message;
  }

  /**
   * What a subscriber resuming from {@code since} (or {@code null} for a fresh subscription)
   * must be sent before live messages: the messages after {@code since} when all of them are
   * still in the window ({@code recovered}); otherwise nothing for stream channels and the
   * current value for latest channels.
   */
  Recovery recover(ChannelName channel, Position since) {
    NamespacePolicy policy = namespaces.of(channel);
    Log log = logs.get(channel.toString());
    long top = log == null ? 0 : log.seq;
    if (since != null && epoch.equals(since.epoch()) && since.seq() <= top) {
      if (log != null) {
        expire(log, policy, clock.getAsLong());
      }
      long oldest = log == null || log.window.isEmpty() ? top + 1 : log.window.peekFirst().seq();
      if (since.seq() + 1 >= oldest) {
        return new Recovery(top, epoch, true, after(log, since.seq()));
      }
    }
    List<ChannelMessage> current = policy.latest() && log != null && log.last != null
        ? List.of(log.last) : List.of();
    return new Recovery(top, epoch, false, current);
  }

  /** Drops messages older than their namespace's window from every channel. */
  void expireAll() {
    long now = clock.getAsLong();
    for (Map.Entry<String, Log> entry : logs.entrySet()) {
      NamespacePolicy policy = namespaces.get(ChannelName.parse(entry.getKey()).namespace());
      if (policy != null) {
        expire(entry.getValue(), policy, now);
      }
    }
  }

  private static List<ChannelMessage> after(Log log, long seq) {
    if (log == null) {
      return List.of();
    }
    List<ChannelMessage> missed = new ArrayList<>();
    for (ChannelMessage message : log.window) {
      if (message.seq() > seq) {
        missed.add(message);
      }
    }
    return missed;
  }

  private static void expire(Log log, NamespacePolicy policy, long now) {
    long oldestKept = now - policy.historyTtlMs();
    Iterator<ChannelMessage> it = log.window.iterator();
    while (it.hasNext() && it.next().ts() < oldestKept) {
      it.remove();
    }
  }
}
