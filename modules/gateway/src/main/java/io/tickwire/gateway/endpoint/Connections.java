package io.tickwire.gateway.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The open connections of one gateway instance, by session and by user. Event-loop confined. */
final class Connections {

  private final Set<Session> sessions = new LinkedHashSet<>();
  private final Map<String, Set<Session>> byUser = new HashMap<>();

  void add(Session session) {
    sessions.add(session);
    index(session);
  }

  void remove(Session session) {
    sessions.remove(session);
    unindex(session, session.user());
  }

  /** The session's principal changed from one whose user was {@code previousUser}. */
  void reindex(Session session, String previousUser) {
    unindex(session, previousUser);
    index(session);
  }

  boolean contains(Session session) {
    return sessions.contains(session);
  }

  List<Session> ofUser(String user) {
    return new ArrayList<>(byUser.getOrDefault(user, Set.of()));
  }

  /** A copy, safe to iterate while sessions close. */
  List<Session> all() {
    return new ArrayList<>(sessions);
  }

  int size() {
    return sessions.size();
  }

  private void index(Session session) {
    if (session.user() != null) {
      byUser.computeIfAbsent(session.user(), ignored -> new LinkedHashSet<>()).add(session);
    }
  }

  private void unindex(Session session, String user) {
    if (user == null) {
      return;
    }
    Set<Session> own = byUser.get(user);
    if (own != null && own.remove(session) && own.isEmpty()) {
      byUser.remove(user);
    }
  }
}
