package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Server-Sent Events endpoint")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Opens {@code /sse} + {@code query}; answers the reader once the status is known. */
  static SseClient open(String query, Map<String, String> headers, int expectedStatus) {
    return node.openSse(query, headers, expectedStatus);
  }

  static SseClient open(String query) {
    SseClient client = open(query, Map.of(), 200);
    assertThat(client.response.getHeader("content-type")).startsWith("text/event-stream");
    assertThat(client.next("welcome").json().getInteger("protocol")).isEqualTo(1);
    return client;
  }

  @Test
  @DisplayName("streams the same message frames as the WebSocket, after welcome and subscribed")
  void streams() {
    node.publish("prices.SSE", new JsonObject().put("price", 1.5));
    SseClient sse = open("?channels=prices.SSE,tx.sse");
    JsonObject subscribed = sse.next("subscribed").json();
    assertThat(subscribed.getJsonArray("channels")).hasSize(2);
    SseClient.Event current = sse.next("message");
    assertThat(current.json().getString("channel")).isEqualTo("prices.SSE");
    assertThat(current.json().getJsonObject("data").getDouble("price")).isEqualTo(1.5);

    TestSocket ws = node.connect();
    ws.subscribe("tx.sse");
    node.publish("tx.sse", new JsonObject().put("n", 1));
    SseClient.Event message = sse.next("message");
    assertThat(message.data()).isEqualTo(ws.next("message").encode());
    assertThat(message.id()).contains("prices.SSE=1").contains("tx.sse=1");
    ws.close();
    sse.close();
  }

  @Test
  @DisplayName("resumes several channels from Last-Event-ID with exactly the messages missed")
  void resumes() {
    SseClient first = open("?channels=tx.resume1,tx.resume2");
    first.next("subscribed");
    node.publish("tx.resume1", new JsonObject().put("n", 1));
    node.publish("tx.resume2", new JsonObject().put("n", 1));
    first.next("message");
    String lastId = first.next("message").id();
    first.close();
    for (int n = 2; n <= 4; n++) {
      node.publish("tx.resume1", new JsonObject().put("n", n));
      node.publish("tx.resume2", new JsonObject().put("n", n));
    }

    SseClient again = open("?channels=tx.resume1,tx.resume2", Map.of("Last-Event-ID", lastId),
        200);
    again.next("welcome");
    JsonArray granted = again.next("subscribed").json().getJsonArray("channels");
    assertThat(granted.getJsonObject(0).getBoolean("recovered")).isTrue();
    assertThat(granted.getJsonObject(1).getBoolean("recovered")).isTrue();
    int[] next = {2, 2};
    for (int i = 0; i < 6; i++) {
      JsonObject frame = again.next("message").json();
      int which = frame.getString("channel").equals("tx.resume1") ? 0 : 1;
      assertThat(frame.getJsonObject("data").getInteger("n")).isEqualTo(next[which]++);
    }
    node.publish("tx.resume1", new JsonObject().put("n", 5));
    assertThat(again.next("message").json().getJsonObject("data").getInteger("n")).isEqualTo(5);
    again.close();
  }

  @Test
  @DisplayName("refuses a stream naming more channels than gateway.maxSubscriptions with one 400")
  void tooManyChannels() {
    int max = node.setup.gateway().maxSubscriptions();
    String names = IntStream.rangeClosed(0, max).mapToObj(i -> "tx.n" + i)
        .collect(Collectors.joining(","));
    GatewayFixture.Response refused = node.call(HttpMethod.GET, "/sse?channels=" + names, null, null);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getString("code")).isEqualTo("bad_request");
    assertThat(refused.json().getString("message")).contains("more than the " + max);
  }

  @Test
  @DisplayName("applies the WebSocket's access rules: refused channels are listed in the subscribed event, bad tokens get a 401")
  void access() {
    SseClient anonymous = open("?channels=user.erin,tx.open");
    JsonObject subscribed = anonymous.next("subscribed").json();
    assertThat(subscribed.getJsonArray("channels")).hasSize(1);
    JsonObject refused = subscribed.getJsonArray("errors").getJsonObject(0);
    assertThat(subscribed.getJsonArray("errors")).hasSize(1);
    assertThat(refused.getString("code")).isEqualTo("unauthorized");
    assertThat(refused.getString("channel")).isEqualTo("user.erin");
    anonymous.close();

    String token = node.token("erin", 300);
    SseClient byQuery = open("?channels=user.erin&token=" + token);
    assertThat(byQuery.next("subscribed").json().getJsonArray("channels")).hasSize(1);
    byQuery.close();
    SseClient byHeader = open("?channels=user.erin", Map.of("Authorization", "Bearer " + token),
        200);
    byHeader.next("welcome");
    assertThat(byHeader.next("subscribed").json().getJsonArray("channels")).hasSize(1);
    node.publish("user.erin", new JsonObject().put("hello", "erin"));
    assertThat(byHeader.next("message").json().getString("channel")).isEqualTo("user.erin");
    byHeader.close();

    assertThat(node.call(HttpMethod.GET, "/sse?channels=tx.a&token=nonsense", null, null)
        .status()).isEqualTo(401);
    assertThat(node.call(HttpMethod.GET, "/sse", null, null).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("ends the stream when the backend disconnects its user")
  void disconnect() {
    SseClient sse = open("?channels=user.frank&token=" + node.token("frank", 300));
    sse.next("subscribed");
    assertThat(node.call(HttpMethod.POST, "/api/users/frank/disconnect", TestConfig.API_KEY, null)
        .status()).isEqualTo(202);
    sse.awaitEnd();
  }

  @Test
  @DisplayName("serves the dashboard at / beside the other routes")
  void dashboard() {
    GatewayFixture.Response page = node.call(HttpMethod.GET, "/", null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("test dashboard");
    assertThat(node.call(HttpMethod.GET, "/health/live", null, null).status()).isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/nothing-here.js", null, null).status()).isEqualTo(404);
    assertThat(node.call(HttpMethod.GET, "/api/channels", TestConfig.API_KEY, null).status())
        .isEqualTo(200);
  }
}
