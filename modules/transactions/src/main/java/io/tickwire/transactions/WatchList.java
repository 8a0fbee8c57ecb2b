package io.tickwire.transactions;

import io.tickwire.protocol.Channels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The watched wallets: those users asked for with {@code wallets.watch} (durable), and those
 * whose {@code wallet.<address>} channel has subscribers on some gateway instance (learnt from
 * subscriber announcements). A wallet stays watched for {@code graceMs} after its last
 * subscriber left, so a client that reconnects and recovers its channel misses nothing. Pure;
 * not thread-safe.
 */
final class WatchList {

  private final long graceMs;
  private final Map<String, Set<String>> explicit = new TreeMap<>();
  /** Gateway instance → (address → its local subscribers). */
  private final Map<String, Map<String, Integer>> holders = new HashMap<>();
  private final Map<String, Long> heardFrom = new HashMap<>();
  /** Address → until when it stays watched without subscribers. */
  private final Map<String, Long> lingering = new HashMap<>();

  WatchList(long graceMs) {
    this.graceMs = graceMs;
  }

  /** {@code user} watches {@code address}; answers whether that is new for this user. */
  boolean watch(String address, String user) {
    return explicit.computeIfAbsent(address, ignored -> new TreeSet<>()).add(user);
  }

  /** {@code user} stops watching {@code address}; answers whether it did watch it. */
  boolean unwatch(String address, String user) {
    Set<String> users = explicit.get(address);
    if (users == null || !users.remove(user)) {
      return false;
    }
    if (users.isEmpty()) {
      explicit.remove(address);
    }
    return true;
  }

  boolean watchedBy(String address, String user) {
    Set<String> users = explicit.get(address);
    return users != null && users.contains(user);
  }

  /**
   * A gateway instance's announcement about one channel; answers the wallet address when the
   * channel is a wallet channel, else {@code null}.
   */
  String subscribers(String holder, String channel, int count, long now) {
    String address = addressOf(channel);
    heardFrom.put(holder, now);
    if (address == null) {
      return null;
    }
    Map<String, Integer> counts = holders.computeIfAbsent(holder, ignored -> new HashMap<>());
    if (count > 0) {
      counts.put(address, count);
    } else if (counts.remove(address) != null && !subscribed(address)) {
      lingering.put(address, now + graceMs);
    }
    return address;
  }

  /** A gateway instance's whole list: it replaces what the instance said before. */
  void sync(String holder, Map<String, Integer> channels, long now) {
    Map<String, Integer> before = holders.remove(holder);
    Map<String, Integer> counts = new HashMap<>();
    channels.forEach((channel, count) -> {
      String address = addressOf(channel);
      if (address != null && count != null && count > 0) {
        counts.put(address, count);
      }
    });
    holders.put(holder, counts);
    heardFrom.put(holder, now);
    if (before != null) {
      before.keySet().forEach(address -> {
        if (!subscribed(address)) {
          lingering.put(address, now + graceMs);
        }
      });
    }
  }

  /** Forgets gateway instances not heard from since {@code silentSince} (they are gone). */
  void forgetSilent(long silentSince, long now) {
    for (Iterator<Map.Entry<String, Long>> it = heardFrom.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> entry = it.next();
      if (entry.getValue() < silentSince) {
        it.remove();
        Map<String, Integer> counts = holders.remove(entry.getKey());
        if (counts != null) {
          counts.keySet().forEach(address -> {
            if (!subscribed(address)) {
              lingering.put(address, now + graceMs);
            }
          });
        }
      }
    }
    lingering.values().removeIf(until -> until <= now);
  }

  /** Whether some gateway instance has a subscriber of {@code wallet.<address>}. */
  boolean subscribed(String address) {
    for (Map<String, Integer> counts : holders.values()) {
      if (counts.containsKey(address)) {
        return true;
      }
    }
    return false;
  }

  boolean watched(String address, long now) {
    if (explicit.containsKey(address) || subscribed(address)) {
      return true;
    }
    Long until = lingering.get(address);
    return until != null && until > now;
  }

  /** Every watched address, sorted. */
  Set<String> addresses(long now) {
    Set<String> all = new TreeSet<>(explicit.keySet());
    holders.values().forEach(counts -> all.addAll(counts.keySet()));
    lingering.forEach((address, until) -> {
      if (until > now) {
        all.add(address);
      }
    });
    return all;
  }

  /** The durable part: who watches what explicitly. */
  JsonObject toJson() {
    JsonObject json = new JsonObject();
    explicit.forEach((address, users) -> json.put(address, new JsonArray(users.stream().toList())));
    return json;
  }

  void load(JsonObject json) {
    explicit.clear();
    for (String address : json.fieldNames()) {
      JsonArray users = json.getJsonArray(address);
      for (int i = 0; i < users.size(); i++) {
        watch(address, users.getString(i));
      }
    }
  }

  private static String addressOf(String channel) {
    String address = Channels.keyIn(Channels.WALLET_NAMESPACE, channel);
    if (address == null) {
      return null;
    }
    // Channels are case-sensitive; the monitor publishes on lower-case addresses only.
    return Hex.isAddress(address) && address.equals(Hex.lower(address)) ? address : null;
  }
}
