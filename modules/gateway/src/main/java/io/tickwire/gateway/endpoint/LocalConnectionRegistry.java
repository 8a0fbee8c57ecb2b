package io.tickwire.gateway.endpoint;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The connection registry of a single node; shared by its gateway instances, thread-safe. */
public final class LocalConnectionRegistry implements ConnectionRegistry {

  private final int maxPerUser;
  private final ConcurrentHashMap<String, Map<String, String>> users = new ConcurrentHashMap<>();

  public LocalConnectionRegistry(int maxPerUser) {
    this.maxPerUser = maxPerUser;
  }

  @Override
  public Future<Void> add(String user, String session, String node) {
    boolean[] added = new boolean[1];
    users.compute(user, (name, sessions) -> {
      Map<String, String> next = sessions == null ? new HashMap<>() : sessions;
      if (next.size() < maxPerUser || next.containsKey(session)) {
        next.put(session, node);
        added[0] = true;
      }
      return next.isEmpty() ? null : next;
    });
    return added[0] ? Future.succeededFuture() : Future.failedFuture(tooMany(user, maxPerUser));
  }

  @Override
  public Future<Void> remove(String user, String session) {
    users.computeIfPresent(user, (name, sessions) -> {
      sessions.remove(session);
      return sessions.isEmpty() ? null : sessions;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> lookup(String user) {
    Map<String, String> sessions = users.get(user);
    return Future.succeededFuture(describe(user, sessions == null ? Map.of() : sessions));
  }

  /** The answer of {@link #lookup}: connections per node. */
  public static JsonObject describe(String user, Map<String, String> sessionsToNodes) {
    Map<String, Object> nodes = new HashMap<>();
    sessionsToNodes.values().forEach(node -> nodes.merge(node, 1, (a, b) -> (int) a + (int) b));
    return new JsonObject().put("user", user).put("online", !sessionsToNodes.isEmpty())
        .put("connections", sessionsToNodes.size()).put("nodes", new JsonObject(nodes));
  }

  /** The refusal of one connection too many. */
  public static ProtocolException tooMany(String user, int maxPerUser) {
    return new ProtocolException(ErrorCode.RATE_LIMITED, "user " + user + " already has "
        + maxPerUser + " connections, the most allowed");
  }
}
