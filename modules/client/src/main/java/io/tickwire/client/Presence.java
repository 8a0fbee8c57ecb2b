package io.tickwire.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to {@link TickwireClient#presence}: who is subscribed to a channel, cluster-wide.
 *
 * @param channel the channel
 * @param clients the subscribers, the earliest first, at most 1,000 (the server's bound)
 * @param users distinct users among all the subscribers (anonymous connections not counted)
 * @param count all the subscribers, listed or not
 */
public record Presence(String channel, List<Client> clients, int users, int count) {

  public Presence {
    clients = List.copyOf(clients);
  }

  /**
   * One subscriber.
   *
   * @param session its connection's session id
   * @param user its user when the subscription was granted, or {@code null} when anonymous
   * @param node the node that holds the connection
   * @param joinedAt when the subscription was granted, ms since the Unix epoch
   */
  public record Client(String session, String user, String node, long joinedAt) {
  }

  /** The users of the listed clients, anonymous ones left out, each once, in list order. */
  public List<String> userNames() {
    return clients.stream().map(Client::user).filter(user -> user != null).distinct().toList();
  }

  static Presence from(JsonObject frame) {
    List<Client> clients = new ArrayList<>();
    JsonArray list = frame.getJsonArray("clients", new JsonArray());
    for (Object item : list) {
      if (item instanceof JsonObject client) {
        Object user = client.getValue("user");
        clients.add(new Client(client.getString("session"),
            user instanceof String name ? name : null, client.getString("node"),
            client.getLong("joinedAt", 0L)));
      }
    }
    return new Presence(frame.getString("channel"), clients, frame.getInteger("users", 0),
        frame.getInteger("count", 0));
  }
}
