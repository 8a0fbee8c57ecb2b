package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

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
}
