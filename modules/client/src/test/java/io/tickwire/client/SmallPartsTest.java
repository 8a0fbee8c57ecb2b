package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Client parts: queue, RTT statistics, token expiry")
@Timeout(10)
class SmallPartsTest {

  @Test
  @DisplayName("the outbound queue keeps order and refuses what does not fit, dropping nothing")
  void queue() {
    OutboundQueue<String> queue = new OutboundQueue<>(2);
    assertThat(queue.offer("a")).isTrue();
    assertThat(queue.offer("b")).isTrue();
    assertThat(queue.offer("c")).isFalse();
    assertThat(queue.remove("a")).isTrue();
    assertThat(queue.offer("d")).isTrue();
    assertThat(queue.drain()).containsExactly("b", "d");
    assertThat(queue.size()).isZero();
  }

  @Test
  @DisplayName("RTT statistics track last, min, max, mean and a smoothed mean")
  void rtt() {
    RttStats stats = RttStats.EMPTY.plus(10_000_000).plus(30_000_000);
    assertThat(stats.count()).isEqualTo(2);
    assertThat(stats.lastMs()).isEqualTo(30.0);
    assertThat(stats.minMs()).isEqualTo(10.0);
    assertThat(stats.maxMs()).isEqualTo(30.0);
    assertThat(stats.meanMs()).isEqualTo(20.0);
    assertThat(stats.smoothedMs()).isEqualTo(12.5);
  }

  @Test
  @DisplayName("reads a JWT's expiry without verifying it, and -1 for anything else")
  void jwt() {
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"sub\":\"a\",\"exp\":1700000000}".getBytes(StandardCharsets.UTF_8));
    assertThat(Jwt.expiresAtMs("h." + payload + ".s")).isEqualTo(1_700_000_000_000L);
    assertThat(Jwt.expiresAtMs("not-a-token")).isEqualTo(-1);
    assertThat(Jwt.expiresAtMs("a.!!!.b")).isEqualTo(-1);
    assertThat(Jwt.expiresAtMs(null)).isEqualTo(-1);
  }

  @Test
  @DisplayName("reads presence answers and client references, anonymous users as null")
  void presenceFrames() {
    Presence presence = Presence.from(new JsonObject(
        "{\"type\":\"presence\",\"id\":\"q1\",\"channel\":\"desk.a\",\"clients\":["
            + "{\"session\":\"s1\",\"user\":\"alice\",\"node\":\"n1\",\"joinedAt\":5},"
            + "{\"session\":\"s2\",\"user\":null,\"node\":\"n2\",\"joinedAt\":6},"
            + "{\"session\":\"s3\",\"user\":\"alice\",\"node\":\"n1\",\"joinedAt\":7},"
            + "\"not a client\"],\"users\":1,\"count\":1200}"));
    assertThat(presence.channel()).isEqualTo("desk.a");
    assertThat(presence.clients()).containsExactly(new Presence.Client("s1", "alice", "n1", 5),
        new Presence.Client("s2", null, "n2", 6), new Presence.Client("s3", "alice", "n1", 7));
    assertThat(presence.userNames()).containsExactly("alice");
    assertThat(presence.users()).isEqualTo(1);
    assertThat(presence.count()).isEqualTo(1200);
    assertThat(ClientRef.from(new JsonObject().put("session", "s").putNull("user")))
        .isEqualTo(new ClientRef("s", null));
    assertThat(ClientRef.from(new JsonArray())).isNull();
    assertThat(ClientRef.from(null)).isNull();
  }

  @Test
  @DisplayName("the format option defaults to JSON, is copied, and may not be null")
  void formatOption() {
    assertThat(new ClientOptions().getFormat()).isEqualTo(Format.JSON);
    assertThat(new ClientOptions(new ClientOptions().setFormat(Format.MSGPACK)).getFormat())
        .isEqualTo(Format.MSGPACK);
    assertThatThrownBy(() -> new ClientOptions().setFormat(null).validate())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
  }
}
