package io.tickwire.gateway.presence;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Namespaces;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.ServerFrames;
import io.tickwire.protocol.SharedFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who is subscribed to each channel of a tracked namespace, as this node knows it (in a cluster,
 * every member's subscribers): fed by the node's {@link PresenceRegistry}, read by presence
 * requests. A channel's answer is encoded once and kept until the channel's members change, so a
 * request costs a map lookup, not a scan. Holds only channels with at least one member.
 *
 * <p>Each change of a {@code joinLeave} namespace is encoded once as a {@code join} or
 * {@code leave} frame (and packed once if a MessagePack connection is written it) and handed to
 * every listener (one per gateway instance), on the thread that
 * made the change. Thread-safe.
 */
public final class PresenceIndex {

  /** The most clients a presence answer lists; {@code count} still says how many there are. */
  public static final int MAX_LISTED = 1_000;

  /**
   * A client joined or left a channel of a {@code joinLeave} namespace.
   *
   * @param type {@code join} or {@code leave}
   * @param frame the frame, encoded once for every subscriber, and packed once for those that
   *     speak MessagePack
   */
  public record Change(String type, String channel, String session, SharedFrame frame) {
  }

  private static final class Members {
    final Map<String, PresenceEntry> bySession = new LinkedHashMap<>();
    final Map<String, Integer> users = new HashMap<>();
    /** The encoded answer; {@code null} after a change until the next request. */
    volatile SharedFrame answer;
  }

  private final Namespaces namespaces;
  private final ConcurrentHashMap<String, Members> channels = new ConcurrentHashMap<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

  public PresenceIndex(Namespaces namespaces) {
    this.namespaces = namespaces;
  }

  /** Adds a member to its channel; a session already there is left as it is. */
  public void add(PresenceEntry entry) {
    boolean[] added = new boolean[1];
    channels.compute(entry.channel(), (channel, existing) -> {
      Members members = existing == null ? new Members() : existing;
      synchronized (members) {
        if (members.bySession.putIfAbsent(entry.session(), entry) == null) {
          if (entry.user() != null) {
            members.users.merge(entry.user(), 1, Integer::sum);
          }
          members.answer = null;
          added[0] = true;
        }
      }
      return members;
    });
    if (added[0]) {
      changed(FrameType.JOIN, entry);
    }
  }

  /** Removes {@code session} from {@code channel}; nothing happens when it is not there. */
  public void remove(String channel, String session) {
    PresenceEntry[] removed = new PresenceEntry[1];
    channels.computeIfPresent(channel, (name, members) -> {
      synchronized (members) {
        removed[0] = members.bySession.remove(session);
        if (removed[0] != null) {
          String user = removed[0].user();
          if (user != null) {
            members.users.computeIfPresent(user, (key, count) -> count == 1 ? null : count - 1);
          }
          members.answer = null;
        }
        return members.bySession.isEmpty() ? null : members;
      }
    });
    if (removed[0] != null) {
      changed(FrameType.LEAVE, removed[0]);
    }
  }

  /**
   * The presence of {@code channel} as one JSON object {@code {"channel", "clients", "users",
   * "count"}}: at most {@value #MAX_LISTED} clients, the earliest to join first; {@code users}
   * the distinct users among all members, {@code count} all members.
   */
  public String answer(String channel) {
    return shared(channel).text();
  }

  /**
   * {@link #answer} encoded once and, when a MessagePack connection asks, packed once, until the
   * channel's members change.
   */
  public SharedFrame shared(String channel) {
    Members members = channels.get(channel);
    if (members == null) {
      return new SharedFrame(encode(channel, List.of(), 0, 0));
    }
    // Most requests find the answer encoded: no lock for them.
    SharedFrame cached = members.answer;
    if (cached != null) {
      return cached;
    }
    synchronized (members) {
      if (members.answer == null) {
        List<PresenceEntry> listed = new ArrayList<>(Math.min(MAX_LISTED,
            members.bySession.size()));
        Iterator<PresenceEntry> entries = members.bySession.values().iterator();
        while (entries.hasNext() && listed.size() < MAX_LISTED) {
          listed.add(entries.next());
        }
        members.answer = new SharedFrame(encode(channel, listed, members.users.size(),
            members.bySession.size()));
      }
      return members.answer;
    }
  }

  /** The members of {@code channel}, the earliest first. */
  public List<PresenceEntry> members(String channel) {
    Members members = channels.get(channel);
    if (members == null) {
      return List.of();
    }
    synchronized (members) {
      return List.copyOf(members.bySession.values());
    }
  }

  /** How many channels have members. */
  public int channelCount() {
    return channels.size();
  }

  /**
   * Calls {@code listener} with every change of a {@code joinLeave} namespace from now on, on
   * the thread that made it; answers what stops it.
   */
  public Runnable listen(Consumer<Change> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void changed(String type, PresenceEntry entry) {
    NamespacePolicy policy = namespaces.get(ChannelName.namespaceOf(entry.channel()));
    if (policy == null || !policy.joinLeave() || listeners.isEmpty()) {
      return;
    }
    Change change = new Change(type, entry.channel(), entry.session(), new SharedFrame(
        ServerFrames.joinLeave(type, entry.channel(), entry.session(), entry.user())));
    for (Consumer<Change> listener : listeners) {
      listener.accept(change);
    }
  }

  private static String encode(String channel, List<PresenceEntry> listed, int users,
      int count) {
    JsonArray clients = new JsonArray(new ArrayList<>(listed.size()));
    for (PresenceEntry entry : listed) {
      clients.add(entry.toJson());
    }
    return new JsonObject().put("channel", channel).put("clients", clients).put("users", users)
        .put("count", count).encode();
  }
}
