package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Subscribe frames with thousands of names")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SubscribeFrameTest {

  static final int NAMES = 3_000;

  /**
   * 3,000 names: 1,200 grantable channels, 300 repeats of them, and 500 each of channels that
   * need a token, of an unknown namespace, and of a bad name.
   */
  static JsonArray names() {
    JsonArray names = new JsonArray();
    for (int i = 0; i < 1_200; i++) {
      names.add("wide.k" + i);
    }
    for (int i = 0; i < 300; i++) {
      names.add("wide.k" + i * 4);
    }
    for (int i = 0; i < 500; i++) {
      names.add("user.u" + i).add("nope.n" + i).add("bad name " + i);
    }
    return names;
  }

  @Test
  @DisplayName("answers a 3,000-name frame (under a raised gateway.maxSubscriptions) with exactly one subscribed frame listing every refusal, while another client on the same event loop gets one pong per ping, in order")
  void oneAnswer() {
    try (GatewayFixture node = GatewayFixture.start(json -> {
      // One gateway instance: the bystander shares the event loop of the frame's connection.
      // It pings back to back: no rate limit in the way.
      json.getJsonObject("gateway").put("instances", 1).put("maxSubscriptions", 5_000)
          .put("rateLimit", new JsonObject().put("framesPerSec", 1_000_000)
              .put("burst", 1_000_000));
      json.getJsonObject("namespaces").put("wide", new JsonObject().put("access", "public")
          .put("mode", "stream").put("historySize", 10).put("historyTtlMs", 60_000));
    })) {
      TestSocket bystander = node.connect();
      // A first frame like it, from another connection, goes before: the second one finds its
      // channels already held by the node.
      TestSocket first = node.connect();
      first.send(new JsonObject().put("type", "subscribe").put("id", "first")
          .put("channels", names()));
      assertThat(first.next("subscribed").getJsonArray("errors")).hasSize(1_500);
      first.close();
      TestSocket wide = node.connect();
      JsonArray names = names();
      assertThat(names.size()).isEqualTo(NAMES);
      wide.send(new JsonObject().put("type", "subscribe").put("id", "many")
          .put("channels", names));

      // The bystander keeps talking while the frame is joined: each ping gets its own pong, in
      // order. How fast is not asserted (a loaded machine stalls any thread for a while); the
      // joining's pauses for the other connections are docs/benchmarks.md's to measure.
      int pings = 0;
      do {
        bystander.send(new JsonObject().put("type", "ping").put("id", "b" + pings));
        assertThat(bystander.next("pong").getString("id")).isEqualTo("b" + pings);
        pings++;
      } while (wide.frames.isEmpty() && pings < 2_000);

      JsonObject answer = wide.next("subscribed");
      assertThat(answer.getString("id")).isEqualTo("many");
      Set<String> granted = new HashSet<>();
      answer.getJsonArray("channels").forEach(entry ->
          granted.add(((JsonObject) entry).getString("channel")));
      assertThat(granted).hasSize(1_200).contains("wide.k0", "wide.k1199");
      assertThat(answer.getJsonArray("channels")).hasSize(1_200);
      assertThat(answer.getJsonArray("errors")).hasSize(1_500);
      assertThat(answer.getJsonArray("errors").stream().map(JsonObject.class::cast)
          .map(error -> error.getString("code")).distinct())
          .containsExactlyInAnyOrder("unauthorized", "not_found", "bad_request");
      // Nothing else answered the frame: the next frame is the pong of a later ping.
      assertThat(wide.drain()).isEmpty();
      assertThat(bystander.drain()).as("frames the bystander got beyond its pongs").isEmpty();
      wide.close();
      bystander.close();
    }
  }

  @Test
  @DisplayName("answers a 3,000-name frame over gateway.maxSubscriptions with one bad_request, keeps the connection, and another client's ping is answered meanwhile")
  void overTheLimit() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("instances", 1))) {
      TestSocket bystander = node.connect();
      // A first frame like it, from another connection, goes before.
      TestSocket first = node.connect();
      first.send(new JsonObject().put("type", "subscribe").put("id", "first")
          .put("channels", names()));
      assertThat(first.next("error").getString("code")).isEqualTo("bad_request");
      first.close();
      TestSocket socket = node.connect();
      socket.send(new JsonObject().put("type", "subscribe").put("id", "many")
          .put("channels", names()));
      bystander.send(new JsonObject().put("type", "ping").put("id", "b"));
      assertThat(bystander.next("pong").getString("id")).isEqualTo("b");
      assertThat(bystander.drain()).isEmpty();
      JsonObject refused = socket.next("error");
      assertThat(refused.getString("code")).isEqualTo("bad_request");
      assertThat(refused.getString("id")).isEqualTo("many");
      assertThat(refused.getString("message")).contains("3000 names").contains("256");
      assertThat(refused.containsKey("channel")).isFalse();
      assertThat(socket.drain()).isEmpty();

      socket.send(new JsonObject().put("type", "unsubscribe").put("id", "gone")
          .put("channels", names()));
      assertThat(socket.next("error").getString("id")).isEqualTo("gone");
      assertThat(socket.drain()).isEmpty();
      assertThat(socket.subscribe("blocks").getJsonArray("channels")).hasSize(1);
      socket.close();

      StringBuilder query = new StringBuilder("?channels=");
      for (int i = 0; i < 300; i++) {
        query.append(i == 0 ? "" : ",").append("tx.").append(i);
      }
      TestSocket atConnect = node.connect(query.toString());
      JsonObject connect = atConnect.next("error");
      assertThat(connect.getString("code")).isEqualTo("bad_request");
      assertThat(connect.getString("id")).isEqualTo("connect");
      assertThat(atConnect.drain()).isEmpty();
      atConnect.close();
      bystander.close();
    }
  }
}
