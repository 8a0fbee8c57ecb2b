package io.tickwire.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.tickwire.gateway.presence.PresenceEntry;
import io.tickwire.gateway.presence.PresenceIndex;
import io.tickwire.gateway.presence.PresenceRegistry;
import io.vertx.core.Vertx;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence of the whole cluster: one entry per subscriber of a tracked namespace's channel
 * (key {@code <session>/<channel>}) in a partitioned map, written only by the member the client
 * is connected to. Every member listens to the map and keeps its own {@link PresenceIndex} of
 * every member's subscribers, so that presence requests are answered from memory and join and
 * leave reach each member once. When a member leaves or dies, the oldest member left removes its
 * entries, and each removal reaches every index as a leave: within the failure detection's
 * {@code cluster.memberTimeoutMs} and a map operation.
 *
 * <p>Threading: {@link #joined} and {@link #left} are called on a gateway's event loop and only
 * start asynchronous map operations; the index is fed on Hazelcast's event threads.
 */
final class HazelcastPresenceRegistry implements PresenceRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastPresenceRegistry.class);

  /** One subscriber, as the map keeps it; {@code member} is the member it is connected to. */
  record Present(String channel, String session, String user, String node, long joinedAt,
      String member) implements Serializable {
    PresenceEntry entry() {
      return new PresenceEntry(channel, session, user, node, joinedAt);
    }
  }

  private final IMap<String, Present> map;
  private final String member;

  HazelcastPresenceRegistry(Vertx vertx, HazelcastInstance hazelcast, PresenceIndex index) {
    this.map = hazelcast.getMap(HazelcastConfigs.PRESENCE_MAP);
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    Feed feed = new Feed(index);
    vertx.executeBlocking(() -> {
      feed.load(map);
      return null;
    }).onFailure(failure -> LOG.error("presence: cannot follow the cluster's subscribers",
        failure));
  }

  /**
   * On every member: when a member leaves or dies, the oldest member left removes its entries
   * (one visit of the map per departure, not one per member).
   */
  static void forgetLeavers(HazelcastInstance hazelcast) {
    IMap<String, Present> map = hazelcast.getMap(HazelcastConfigs.PRESENCE_MAP);
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        Member oldest = event.getMembers().iterator().next();
        if (!oldest.localMember()) {
          return;
        }
        String gone = event.getMember().getUuid().toString();
        // Off the membership event thread: this visits every entry of the map.
        CompletableFuture.runAsync(() -> map.executeOnEntries(new ForgetMember(gone)))
            .exceptionally(failure -> {
              LOG.warn("presence: cannot forget the subscribers of a departed member: {}",
                  failure.getMessage());
              return null;
            });
      }
    });
  }

  @Override
  public void joined(PresenceEntry entry) {
    String key = key(entry.session(), entry.channel());
    try {
      map.putAsync(key, new Present(entry.channel(), entry.session(), entry.user(),
          entry.node(), entry.joinedAt(), member)).exceptionally(failure -> dropped(failure));
    } catch (RuntimeException notRunning) {
      dropped(notRunning);
    }
  }

  @Override
  public void left(String channel, String session) {
    try {
      map.removeAsync(key(session, channel)).exceptionally(failure -> dropped(failure));
    } catch (RuntimeException notRunning) {
      // A member that is leaving: the others remove its entries when it is gone.
      dropped(notRunning);
    }
  }

  private static <T> T dropped(Throwable failure) {
    LOG.debug("presence change not recorded: {}", failure.getMessage());
    return null;
  }

  static String key(String session, String channel) {
    return session + "/" + channel;
  }

  /**
   * Feeds a member's index from the map's events, and once from what the map holds when the
   * member starts following it.
   */
  private static final class Feed implements EntryAddedListener<String, Present>,
      EntryUpdatedListener<String, Present>, EntryRemovedListener<String, Present> {

    private final PresenceIndex index;
    /** Keys removed while the map was read: the reading may have seen them before they went. */
    private final Set<String> removedWhileLoading = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean loaded = new AtomicBoolean();

    Feed(PresenceIndex index) {
      this.index = index;
    }

    /** Listens, then reads what is there; blocking. An entry seen both ways is added once. */
    void load(IMap<String, Present> map) {
      map.addEntryListener(this, true);
      for (Map.Entry<String, Present> entry : map.entrySet()) {
        index.add(entry.getValue().entry());
        // Removed meanwhile: its removal event may have come before this add.
        if (removedWhileLoading.contains(entry.getKey())) {
          remove(entry.getKey());
        }
      }
      loaded.set(true);
      removedWhileLoading.clear();
    }

    @Override
    public void entryAdded(EntryEvent<String, Present> event) {
      removedWhileLoading.remove(event.getKey());
      index.add(event.getValue().entry());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Present> event) {
      entryAdded(event);
    }

    @Override
    public void entryRemoved(EntryEvent<String, Present> event) {
      if (!loaded.get()) {
        removedWhileLoading.add(event.getKey());
      }
      remove(event.getKey());
    }

    private void remove(String key) {
      // The key is <session>/<channel>; a session id holds no slash.
      int slash = key.indexOf('/');
      index.remove(key.substring(slash + 1), key.substring(0, slash));
    }
  }

  /** Removes the entries of a departed member. */
  private record ForgetMember(String member) implements EntryProcessor<String, Present, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, Present> entry) {
      Present present = entry.getValue();
      if (present == null || !present.member().equals(member)) {
        return false;
      }
      entry.setValue(null);
      return true;
    }
  }
}
