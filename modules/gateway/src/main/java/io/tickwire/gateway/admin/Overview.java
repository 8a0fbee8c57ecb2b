package io.tickwire.gateway.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster-wide view the console shows, merged from each member's answer: users with their
 * connections on every node, and channels with their subscribers on every node and the newest
 * {@code seq} and {@code epoch} any node saw. At most {@code maxUsers} users and
 * {@code maxChannels} channels are listed, the busiest first. Pure; one per overview.
 */
final class Overview {

  private static final class User {
    int sessions;
    long since = Long.MAX_VALUE;
    int subscriptions;
    final Map<String, Integer> nodes = new TreeMap<>();
  }

  private static final class Channel {
    int subscribers;
    long seq = -1;
    String epoch;
    final Map<String, Integer> nodes = new TreeMap<>();
  }

  private final int maxUsers;
  private final int maxChannels;
  private final Map<String, User> users = new HashMap<>();
  private final Map<String, Channel> channels = new HashMap<>();
  private int anonymous;
  private boolean usersCut;
  private boolean channelsCut;

  Overview(int maxUsers, int maxChannels) {
    this.maxUsers = maxUsers;
    this.maxChannels = maxChannels;
  }

  /** Adds one member's answer (see {@code Addresses.ADMIN_NODE_PREFIX}). */
  void add(String node, JsonObject detail) {
    anonymous += detail.getInteger("anonymous", 0);
    JsonArray listed = detail.getJsonArray("users", new JsonArray());
    usersCut |= detail.getInteger("userCount", 0) > listed.size();
    for (Object item : listed) {
      JsonObject entry = (JsonObject) item;
      User user = users.computeIfAbsent(entry.getString("user"), ignored -> new User());
      int sessions = entry.getInteger("sessions", 0);
      user.sessions += sessions;
      user.since = Math.min(user.since, entry.getLong("since", Long.MAX_VALUE));
      user.subscriptions += entry.getInteger("subscriptions", 0);
      user.nodes.merge(node, sessions, Integer::sum);
    }
    JsonObject named = detail.getJsonObject("channels", new JsonObject());
    channelsCut |= detail.getInteger("channelCount", 0) > named.size();
    named.forEach(item -> {
      JsonObject entry = (JsonObject) item.getValue();
      Channel channel = channels.computeIfAbsent(item.getKey(), ignored -> new Channel());
      int subscribers = entry.getInteger("subscribers", 0);
      channel.subscribers += subscribers;
      channel.nodes.merge(node, subscribers, Integer::sum);
      long seq = entry.getLong("seq", -1L);
      if (entry.getString("epoch") != null && seq > channel.seq) {
        channel.seq = seq;
        channel.epoch = entry.getString("epoch");
      }
    });
  }

  /**
   * {@code {"total", "anonymous", "truncated", "listed": [{user, sessions, nodes, since,
   * subscriptions}]}}.
   */
  JsonObject users() {
    JsonArray listed = new JsonArray();
    users.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, User>>comparingInt(
            entry -> -entry.getValue().sessions).thenComparing(Map.Entry::getKey))
        .limit(maxUsers)
        .forEach(entry -> listed.add(new JsonObject().put("user", entry.getKey())
            .put("sessions", entry.getValue().sessions)
            .put("nodes", new JsonObject(new TreeMap<String, Object>(entry.getValue().nodes)))
            .put("since", entry.getValue().since)
            .put("subscriptions", entry.getValue().subscriptions)));
    return new JsonObject().put("total", users.size()).put("anonymous", anonymous)
        .put("truncated", usersCut || users.size() > maxUsers).put("listed", listed);
  }

  /** {@code {"total", "truncated", "listed": [{channel, subscribers, nodes, seq?, epoch?}]}}. */
  JsonObject channels() {
    JsonArray listed = new JsonArray();
    channels.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, Channel>>comparingInt(
            entry -> -entry.getValue().subscribers).thenComparing(Map.Entry::getKey))
        .limit(maxChannels)
        .forEach(entry -> {
          Channel channel = entry.getValue();
          JsonObject item = new JsonObject().put("channel", entry.getKey())
              .put("subscribers", channel.subscribers)
              .put("nodes", new JsonObject(new TreeMap<String, Object>(channel.nodes)));
          if (channel.epoch != null) {
            item.put("seq", channel.seq).put("epoch", channel.epoch);
          }
          listed.add(item);
        });
    return new JsonObject().put("total", channels.size())
        .put("truncated", channelsCut || channels.size() > maxChannels).put("listed", listed);
  }
}
