package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin console's view of a cluster of two members, read from member 0: both members with
 * their share of the partitions, a user and a channel of member 1, a ban that member 1 enforces,
 * and member 1 gone from the list once it stops.
 */
@DisplayName("The admin console on two clustered members")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdminClusterTest {

  static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new TestCluster(2, 2, new JsonObject(), json -> json.put("admin",
        new JsonObject().put("enabled", true).put("reportIntervalMs", 300)));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static JsonObject overview() {
    NodeFixture.Response response = cluster.member(0).call(HttpMethod.GET, "/admin/api/overview",
        TestConfig.API_KEY, null);
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  @Test
  @DisplayName("lists every member with its load and ownership, users and channels of every member, enforces bans everywhere, and drops a member that leaves")
  void clusterView() {
    String one = cluster.member(1).node.id();
    Await.until("both members listed", () -> overview().getJsonArray("members").size() == 2);
    JsonArray members = overview().getJsonArray("members");
    int owned = 0;
    for (Object item : members) {
      JsonObject member = (JsonObject) item;
      assertThat(member.getBoolean("answered")).isTrue();
      assertThat(member.getJsonObject("ownership").getInteger("owned")).isPositive();
      owned += member.getJsonObject("ownership").getInteger("owned");
    }
    assertThat(owned).as("partitions owned by the two")
        .isEqualTo(members.getJsonObject(0).getJsonObject("ownership").getInteger("total"));

    String token = TestCluster.token("carol");
    TestSocket carol = cluster.member(1).connect("?token=" + token);
    carol.subscribe("user.carol");
    JsonObject published = cluster.member(0).publish("user.carol", new JsonObject().put("n", 1));
    carol.message("user.carol");
    Await.until("carol and her channel listed from member 0", () -> {
      JsonObject overview = overview();
      JsonObject user = first(overview.getJsonObject("users").getJsonArray("listed"), "user",
          "carol");
      JsonObject channel = first(overview.getJsonObject("channels").getJsonArray("listed"),
          "channel", "user.carol");
      return user != null && user.getJsonObject("nodes").getInteger(one, 0) == 1
          && user.getInteger("subscriptions") == 1 && channel != null
          && channel.getInteger("subscribers") == 1
          && published.getLong("seq").equals(channel.getLong("seq"));
    });

    assertThat(cluster.member(0).call(HttpMethod.POST, "/admin/api/users/carol/disconnect",
        TestConfig.API_KEY, "{\"banSeconds\":30}").status()).isEqualTo(202);
    assertThat(carol.awaitClose()).isEqualTo(4003);
    assertThat(refusal(cluster.member(1), token)).as("member 1 refuses carol").isEqualTo(403);
    assertThat(refusal(cluster.member(0), token)).as("member 0 refuses carol").isEqualTo(403);

    cluster.member(1).stop();
    Await.until("member 1 dropped from the list", () -> {
      JsonArray left = overview().getJsonArray("members");
      return left.size() == 1 && !one.equals(left.getJsonObject(0).getString("node"));
    });
  }

  private static JsonObject first(JsonArray items, String field, String value) {
    for (Object item : items) {
      if (item instanceof JsonObject object && value.equals(object.getString(field))) {
        return object;
      }
    }
    return null;
  }

  /** The HTTP status that refuses a handshake with {@code token}. */
  private static int refusal(NodeFixture member, String token) {
    Throwable failure = Await.result(member.ws.connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(member.port).setURI("/ws?token=" + token))
        .transform(result -> {
          if (result.succeeded()) {
            result.result().close();
            return Future.succeededFuture(null);
          }
          return Future.succeededFuture(result.cause());
        }));
    assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) failure).getStatus();
  }
}
