package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestSocket;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's tour, over HTTP and WebSocket, against three production members that run
 * elsewhere (the compose setup): the production profile has no {@code /dev/token}, so tokens are
 * signed here with the setup's HS256 secret. Publications go in through one member and come out
 * of the others, so the tour also shows that the three are one cluster.
 */
final class ComposeTour {

  static final String WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";
  /** Far above any real price, so that only the tour's own publication crosses it. */
  private static final double ALERT_LEVEL = 10_000_000;

  private ComposeTour() {
  }

  /** Runs the tour against members on {@code ports} of 127.0.0.1. */
  static void run(List<Integer> ports, String apiKey, String hmacSecret) {
    List<NodeFixture> members = new ArrayList<>();
    try {
      ports.forEach(port -> members.add(NodeFixture.remote(port)));
      tour(members, apiKey, hmacSecret);
    } finally {
      members.forEach(NodeFixture::close);
    }
  }

  private static void tour(List<NodeFixture> members, String apiKey, String hmacSecret) {
    for (NodeFixture member : members) {
      assertThat(member.get("/health/ready").status()).as("ready on %s", member.port)
          .isEqualTo(200);
      // Production: no dev tokens.
      assertThat(member.get("/dev/token?sub=alice").status()).isEqualTo(404);
    }
    NodeFixture first = members.get(0);
    NodeFixture second = members.get(1);
    NodeFixture third = members.get(members.size() - 1);

    // The HTTP API wants the API key of .env.
    String block = new JsonObject().put("channel", "blocks")
        .put("data", new JsonObject().put("number", 19_000_000)).encode();
    assertThat(first.call(HttpMethod.POST, "/api/publish", null, block).status()).isEqualTo(401);
    assertThat(first.call(HttpMethod.POST, "/api/publish", "not-the-key-0123456789", block)
        .status()).isEqualTo(401);

    try (TestSocket watcher = second.connect()) {
      watcher.subscribeAll("blocks");
      NodeFixture.Response published = first.call(HttpMethod.POST, "/api/publish", apiKey, block);
      assertThat(published.status()).as(published.body()).isEqualTo(200);
      JsonObject position = published.json();
      assertThat(position.getString("channel")).isEqualTo("blocks");
      long seq = position.getLong("seq");
      // Published on the first member, delivered by the second.
      JsonObject message = watcher.message("blocks", data ->
          data.getInteger("number", 0) == 19_000_000);
      assertThat(message.getLong("seq")).isEqualTo(seq);
      assertThat(message.getString("epoch")).isEqualTo(position.getString("epoch"));

      // A batch, each answered in its place.
      NodeFixture.Response batch = third.call(HttpMethod.POST, "/api/publish", apiKey,
          new JsonArray().add(new JsonObject().put("channel", "blocks")
              .put("data", new JsonObject().put("number", 19_000_001)))
              .add(new JsonObject().put("channel", "nope.x").put("data", 1)).encode());
      assertThat(batch.status()).as(batch.body()).isEqualTo(200);
      JsonArray answers = new JsonArray(batch.body());
      assertThat(answers.getJsonObject(0).getLong("seq")).isGreaterThan(seq);
      assertThat(answers.getJsonObject(1).getString("code")).isEqualTo("not_found");
      watcher.message("blocks", data ->
          data.getInteger("number", 0) == 19_000_001);
    }

    // Private channels with a token signed by the setup's secret, for the audience production
    // requires.
    String token = Tokens.hs256(hmacSecret, new JsonObject().put("sub", "alice")
        .put("aud", "tickwire").put("exp", System.currentTimeMillis() / 1000 + 600)
        .put("wallets", new JsonArray().add(WALLET)));
    try (TestSocket alice = third.connect("?token=" + token)) {
      alice.subscribeAll("user.alice", "wallet." + WALLET);
      assertThat(alice.call("system.time", new JsonObject()).getLong("ts")).isPositive();

      // An alert, evaluated by whichever member owns alice's rules, stored in PostgreSQL.
      alice.call("alerts.create", new JsonObject().put("symbol", "BTC-USD")
          .put("condition", "above").put("price", ALERT_LEVEL).put("trigger", "once"));
      long now = System.currentTimeMillis();
      price(first, apiKey, ALERT_LEVEL - 1_000, now);
      price(first, apiKey, ALERT_LEVEL + 1, now + 1);
      JsonObject notification = alice.until(frame -> "message".equals(frame.getString("type"))
          && "user.alice".equals(frame.getString("channel"))
          && "notification".equals(frame.getJsonObject("data").getString("event")));
      assertThat(notification.getJsonObject("data").getJsonObject("notification")
          .getString("title")).contains("BTC-USD");
    }
    // A token signed with another secret is refused.
    String forged = Tokens.hs256("another-secret-0123456789abcdef0123456789", new JsonObject()
        .put("sub", "alice").put("aud", "tickwire")
        .put("exp", System.currentTimeMillis() / 1000 + 600));
    assertThat(second.get("/sse?channels=user.alice&token=" + forged).status()).isEqualTo(401);
  }

  private static void price(NodeFixture member, String apiKey, double price, long ts) {
    NodeFixture.Response response = member.call(HttpMethod.POST, "/api/publish", apiKey,
        new JsonObject().put("channel", "prices.BTC-USD").put("data", new JsonObject()
            .put("symbol", "BTC-USD").put("price", price).put("ts", ts)).encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }
}
