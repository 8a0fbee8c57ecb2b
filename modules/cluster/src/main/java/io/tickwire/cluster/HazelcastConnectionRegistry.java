package io.tickwire.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.tickwire.gateway.endpoint.ConnectionRegistry;
import io.tickwire.gateway.endpoint.LocalConnectionRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Which users are connected on which node, for the whole cluster: one map entry per user,
 * changed by entry processors on its owner, so the per-user limit holds across nodes. The
 * connections of a member that dies are forgotten by the members that see it go.
 *
 * <p>Threading: called on a gateway's event loop; answers complete on the caller's context.
 */
final class HazelcastConnectionRegistry implements ConnectionRegistry {

  /** A user's connections: session → member and node. */
  static final class Sessions implements Serializable {
    private static final long serialVersionUID = 1L;
    final HashMap<String, String[]> bySession = new HashMap<>();
  }

  private final Vertx vertx;
  private final IMap<String, Sessions> users;
  private final String member;
  private final int maxPerUser;

  HazelcastConnectionRegistry(Vertx vertx, HazelcastInstance hazelcast, int maxPerUser) {
    this.vertx = vertx;
    this.users = hazelcast.getMap(HazelcastConfigs.CONNECTIONS_MAP);
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.maxPerUser = maxPerUser;
  }

  /** Forgets the connections of members that leave, on every member that sees them go. */
  static void forgetLeavers(HazelcastInstance hazelcast) {
    IMap<String, Sessions> users = hazelcast.getMap(HazelcastConfigs.CONNECTIONS_MAP);
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // Off the membership event thread: this visits every entry of the map.
        String gone = event.getMember().getUuid().toString();
        CompletableFuture.runAsync(() -> users.executeOnEntries(new ForgetMember(gone)));
      }
    });
  }

  @Override
  public Future<Void> add(String user, String session, String node) {
    return Future.fromCompletionStage(users.submitToKey(user,
            new Add(session, member, node, maxPerUser)), vertx.getOrCreateContext())
        .compose(added -> added ? Future.succeededFuture()
            : Future.failedFuture(LocalConnectionRegistry.tooMany(user, maxPerUser)));
  }

  @Override
  public Future<Void> remove(String user, String session) {
    return Future.fromCompletionStage(users.submitToKey(user, new Remove(session)),
        vertx.getOrCreateContext()).<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public Future<JsonObject> lookup(String user) {
    return Future.fromCompletionStage(users.getAsync(user), vertx.getOrCreateContext())
        .map(sessions -> {
          Map<String, String> nodes = new HashMap<>();
          if (sessions != null) {
            sessions.bySession.forEach((session, where) -> nodes.put(session, where[1]));
          }
          return LocalConnectionRegistry.describe(user, nodes);
        });
  }

  private record Add(String session, String member, String node, int max)
      implements EntryProcessor<String, Sessions, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, Sessions> entry) {
      Sessions sessions = entry.getValue() == null ? new Sessions() : entry.getValue();
      if (sessions.bySession.size() >= max && !sessions.bySession.containsKey(session)) {
        return false;
      }
      sessions.bySession.put(session, new String[] {member, node});
      entry.setValue(sessions);
      return true;
    }
  }

  private record Remove(String session) implements EntryProcessor<String, Sessions, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, Sessions> entry) {
      Sessions sessions = entry.getValue();
      if (sessions == null || sessions.bySession.remove(session) == null) {
        return false;
      }
      entry.setValue(sessions.bySession.isEmpty() ? null : sessions);
      return true;
    }
  }

  private record ForgetMember(String member) implements EntryProcessor<String, Sessions, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, Sessions> entry) {
      Sessions sessions = entry.getValue();
      if (sessions == null || !sessions.bySession.values().removeIf(where ->
          where[0].equals(member))) {
        return false;
      }
      entry.setValue(sessions.bySession.isEmpty() ? null : sessions);
      return true;
    }
  }
}
