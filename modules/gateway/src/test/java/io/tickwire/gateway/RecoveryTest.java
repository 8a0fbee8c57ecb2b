package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Recovery with since")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryTest {

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> json.getJsonObject("namespaces")
        .put("short", new JsonObject().put("mode", "stream").put("historySize", 5))
        .put("shortlatest", new JsonObject().put("mode", "latest").put("historySize", 5)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("gives a resuming client exactly the messages it missed, then live ones")
  void insideWindow() {
    TestSocket first = node.connect();
    first.subscribe("tx.recover");
    for (int i = 1; i <= 3; i++) {
      node.publish("tx.recover", new JsonObject().put("n", i));
    }
    JsonObject third = null;
    for (int i = 1; i <= 3; i++) {
      third = first.next("message");
    }
    first.close();
    first.awaitClose();
    for (int i = 4; i <= 6; i++) {
      node.publish("tx.recover", new JsonObject().put("n", i));
    }

    TestSocket again = node.connect();
    JsonObject since = new JsonObject().put("tx.recover", new JsonObject()
        .put("seq", third.getLong("seq")).put("epoch", third.getString("epoch")));
    JsonObject granted = again.subscribe(since, "tx.recover").getJsonArray("channels")
        .getJsonObject(0);
    assertThat(granted.getBoolean("recovered")).isTrue();
    assertThat(granted.getLong("seq")).isEqualTo(third.getLong("seq") + 3);
    for (int i = 4; i <= 6; i++) {
      JsonObject missed = again.next("message");
      assertThat(missed.getJsonObject("data").getInteger("n")).isEqualTo(i);
    }
    node.publish("tx.recover", new JsonObject().put("n", 7));
    assertThat(again.next("message").getJsonObject("data").getInteger("n")).isEqualTo(7);
    assertThat(again.drain()).isEmpty();
    again.close();
  }

  @Test
  @DisplayName("says recovered: false outside the window; latest channels then get their current value")
  void outsideWindow() {
    JsonObject first = node.publish("short.a", new JsonObject().put("n", 1));
    JsonObject latestFirst = node.publish("shortlatest.a", new JsonObject().put("n", 1));
    for (int i = 2; i <= 20; i++) {
      node.publish("short.a", new JsonObject().put("n", i));
      node.publish("shortlatest.a", new JsonObject().put("n", i));
    }
    TestSocket socket = node.connect();
    JsonObject since = new JsonObject()
        .put("short.a", new JsonObject().put("seq", first.getLong("seq"))
            .put("epoch", first.getString("epoch")))
        .put("shortlatest.a", new JsonObject().put("seq", latestFirst.getLong("seq"))
            .put("epoch", latestFirst.getString("epoch")));
    JsonObject subscribed = socket.subscribe(since, "short.a", "shortlatest.a");
    for (Object entry : subscribed.getJsonArray("channels")) {
      assertThat(((JsonObject) entry).getBoolean("recovered")).isFalse();
    }
    List<JsonObject> sent = socket.drain();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getString("channel")).isEqualTo("shortlatest.a");
    assertThat(sent.get(0).getJsonObject("data").getInteger("n")).isEqualTo(20);
    socket.close();
  }

  @Test
  @DisplayName("says recovered: false for a position from another epoch")
  void otherEpoch() {
    node.publish("tx.epoch", new JsonObject().put("n", 1));
    TestSocket socket = node.connect();
    JsonObject granted = socket.subscribe(new JsonObject().put("tx.epoch",
        new JsonObject().put("seq", 0).put("epoch", "not-this-one")), "tx.epoch")
        .getJsonArray("channels").getJsonObject(0);
    assertThat(granted.getBoolean("recovered")).isFalse();
    assertThat(granted.getLong("seq")).isEqualTo(1);
    assertThat(socket.drain()).isEmpty();
    socket.close();
  }

  @Test
  @DisplayName("loses and repeats nothing when a client resumes while messages are being published")
  void resumeUnderLoad() {
    ChannelPublisher publisher = new ChannelPublisher(node.vertx);
    JsonObject position = null;
    for (int i = 1; i <= 100; i++) {
      position = node.publish("tx.busy", new JsonObject().put("n", i));
    }
    long resumeFrom = position.getLong("seq") - 50;
    // Publish 400 more without waiting while the client subscribes.
    List<Future<ChannelPublisher.Published>> inFlight = new ArrayList<>();
    node.vertx.runOnContext(ignored -> {
      for (int i = 101; i <= 500; i++) {
        inFlight.add(publisher.publish("tx.busy", new JsonObject().put("n", i)));
      }
    });
    TestSocket socket = node.connect();
    JsonObject granted = socket.subscribe(new JsonObject().put("tx.busy", new JsonObject()
        .put("seq", resumeFrom).put("epoch", position.getString("epoch"))), "tx.busy")
        .getJsonArray("channels").getJsonObject(0);
    assertThat(granted.getBoolean("recovered")).isTrue();
    long expected = resumeFrom + 1;
    long last = position.getLong("seq") + 400;
    while (expected <= last) {
      JsonObject message = socket.next("message");
      assertThat(message.getLong("seq")).isEqualTo(expected);
      expected++;
    }
    assertThat(socket.drain()).isEmpty();
    socket.close();
  }
}
