package io.tickwire.channels;

import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.channels.ChannelStore.Recovery;
import io.tickwire.protocol.ClientFrame.Position;
import io.vertx.core.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The sequence and history of the channels of one channel log. Each message gets the next
 * {@code seq} of its channel; each channel keeps its namespace's history window (size and age)
 * and, for latest-mode namespaces, its current value.
 *
 * <p>A channel exists (and counts in {@link #channelCount()}) from its first append or recovery
 * while it retains history (its newest message is younger than {@code historyTtlMs}) or is held
 * (has local subscribers); then it is dropped. Each channel gets its own epoch when it is
 * created: the log's epoch and a counter, so a channel dropped and created again, or a log that
 * starts anew, never reuses an epoch and no position from an older history is taken for one in
 * the new.
 *
 * <p>Thread-safe, one channel at a time: every operation on a channel holds that channel's
 * {@link #lock}, so publishers on several event loops append to one channel in turn while other
 * channels go on. A caller that must do more in the same turn (publish the message to the fan-out
 * in seq order, remember an idempotency answer) holds the same lock around it.
 */
public final class ChannelHistory {

  /** How many locks the channels share; a power of two. */
  private static final int LOCKS = 256;

  private static final class Log {
    final NamespacePolicy policy;
    final String epoch;
    long seq;
    final ArrayDeque<ChannelMessage> window = new ArrayDeque<>();
    ChannelMessage last;

    Log(NamespacePolicy policy, String epoch) {
      this.policy = policy;
      this.epoch = epoch;
    }

    /** Whether the newest message is still inside the namespace's history age. */
    boolean retains(long now) {
      return last != null && last.ts() >= now - policy.historyTtlMs();
    }
  }

  private final String epoch;
  private final LongSupplier clock;
  private final Predicate<String> held;
  private final Map<String, Log> logs = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();
  private final Object[] locks = new Object[LOCKS];

  /**
   * @param epoch what this log's epochs start with; the epoch of a channel is {@code epoch},
   *     a dot and the channel's creation number in base 36
   * @param held whether this node has subscribers of a channel (the channel is then kept)
   */
  public ChannelHistory(String epoch, LongSupplier clock, Predicate<String> held) {
    this.epoch = epoch;
    this.clock = clock;
    this.held = held;
    for (int i = 0; i < LOCKS; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * The lock of {@code channel}'s state (shared with other channels: a fixed set of locks, so the
   * lock of a channel never has to be made or dropped).
   */
  public Object lock(String channel) {
    int hash = channel.hashCode();
    return locks[(hash ^ (hash >>> 16)) & (LOCKS - 1)];
  }

  /** What this log's epochs start with. */
  public String epoch() {
    return epoch;
  }

  public int channelCount() {
    return logs.size();
  }

  /**
   * Appends a message to {@code channel}, whose namespace has {@code policy}; its frame is built
   * here, once.
   */
  public ChannelMessage append(ChannelName channel, NamespacePolicy policy, Object data) {
    return append(channel, policy, Json.encode(data), null);
  }

  /**
   * Appends {@code publication}, its frame built around its data already encoded
   * ({@link Publication#dataJson()}), with its {@code from}.
   */
  public ChannelMessage append(Publication publication) {
    String from = publication.from() == null ? null : publication.from().toJson().encode();
    return append(publication.channel(), publication.policy(), publication.dataJson(), from);
  }

  /** Appends a message whose data (and {@code from}, or {@code null}) are encoded already. */
  private ChannelMessage append(ChannelName channel, NamespacePolicy policy, String dataJson,
      String fromJson) {
    String name = channel.toString();
    synchronized (lock(name)) {
      Log log = log(name, policy);
      long now = clock.getAsLong();
      ChannelMessage message = ChannelMessage.ofEncoded(name, ++log.seq, log.epoch, now,
          dataJson, fromJson);
      log.last = message;
      if (policy.historySize() > 0) {
        log.window.addLast(message);
        while (log.window.size() > policy.historySize()) {
          log.window.removeFirst();
        }
      }
      expire(log, now);
      return message;
    }
  }

  /**
   * What a subscriber resuming from {@code since} (or {@code null} for a fresh subscription)
   * must be sent before live messages: the messages after {@code since} when all of them are
   * still in the window ({@code recovered}); otherwise nothing for stream channels and the
   * current value for latest channels. A channel without state gets it here, so the epoch
   * answered is the one its messages will carry.
   */
  public Recovery recover(ChannelName channel, NamespacePolicy policy, Position since) {
    String name = channel.toString();
    synchronized (lock(name)) {
      Log log = log(name, policy);
      long now = clock.getAsLong();
      expire(log, now);
      long top = log.seq;
      // An ephemeral namespace keeps nothing to recover from, even for a client that missed
      // nothing: it is told so, always.
      if (since != null && !policy.ephemeral() && log.epoch.equals(since.epoch())
          && since.seq() <= top) {
        long oldest = log.window.isEmpty() ? top + 1 : log.window.peekFirst().seq();
        if (since.seq() + 1 >= oldest) {
          return new Recovery(top, log.epoch, true, after(log, since.seq()));
        }
      }
      List<ChannelMessage> current = policy.latest() && log.last != null
          ? List.of(log.last) : List.of();
      return new Recovery(top, log.epoch, false, current);
    }
  }

  /** Drops {@code channel} if it retains no history; the caller knows it is not held. */
  public void release(String channel) {
    synchronized (lock(channel)) {
      Log log = logs.get(channel);
      if (log != null && !log.retains(clock.getAsLong())) {
        logs.remove(channel);
      }
    }
  }

  /**
   * Drops messages older than their namespace's window from every channel, and the channels
   * left with neither history nor local subscribers.
   */
  public void expireAll() {
    long now = clock.getAsLong();
    for (String channel : logs.keySet()) {
      synchronized (lock(channel)) {
        Log log = logs.get(channel);
        if (log == null) {
          continue;
        }
        expire(log, now);
        if (!log.retains(now) && !held.test(channel)) {
          logs.remove(channel);
        }
      }
    }
  }

  private Log log(String name, NamespacePolicy policy) {
    Log log = logs.get(name);
    if (log == null) {
      log = new Log(policy, epoch + "." + Long.toString(created.incrementAndGet(), 36));
      logs.put(name, log);
    }
    return log;
  }

  private static List<ChannelMessage> after(Log log, long seq) {
    List<ChannelMessage> missed = new ArrayList<>();
    for (ChannelMessage message : log.window) {
      if (message.seq() > seq) {
        missed.add(message);
      }
    }
    return missed;
  }

  private static void expire(Log log, long now) {
    long oldestKept = now - log.policy.historyTtlMs();
    Iterator<ChannelMessage> it = log.window.iterator();
    while (it.hasNext() && it.next().ts() < oldestKept) {
      it.remove();
    }
  }
}
