package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A venue's health")
class VenueHealthTest {

  final VenueHealth health = new VenueHealth(1_000, 3, 0);

  @Test
  @DisplayName("starts unhealthy, connecting, and turns healthy with any valid message")
  void connecting() {
    assertThat(health.healthy()).isFalse();
    assertThat(health.reason()).isEqualTo(VenueHealth.CONNECTING);
    assertThat(health.alive(10)).isTrue();
    assertThat(health.healthy()).isTrue();
    assertThat(health.reason()).isNull();
    assertThat(health.data(20)).as("no change").isFalse();
  }

  @Test
  @DisplayName("turns unhealthy after malformedLimit malformed messages in a row, and back only with valid data")
  void malformed() {
    health.data(0);
    assertThat(health.malformed(1)).isFalse();
    assertThat(health.malformed(2)).isFalse();
    health.data(3);
    assertThat(health.malformed(4)).isFalse();
    assertThat(health.malformed(5)).isFalse();
    assertThat(health.malformed(6)).isTrue();
    assertThat(health.reason()).isEqualTo(VenueHealth.MALFORMED);
    assertThat(health.alive(7)).as("a heartbeat does not clear garbage").isFalse();
    assertThat(health.data(8)).isTrue();
    assertThat(health.healthy()).isTrue();
  }

  @Test
  @DisplayName("turns unhealthy when nothing valid arrived for stallAfterMs")
  void stalled() {
    health.data(0);
    assertThat(health.check(1_000)).isFalse();
    assertThat(health.stalled(1_001)).isTrue();
    assertThat(health.check(1_001)).isTrue();
    assertThat(health.reason()).isEqualTo(VenueHealth.STALLED);
    assertThat(health.since()).isEqualTo(1_001);
    assertThat(health.check(2_000)).isFalse();
  }

  @Test
  @DisplayName("turns unhealthy on disconnect and healthy again on the new connection's messages")
  void disconnected() {
    health.data(0);
    assertThat(health.disconnected(5)).isTrue();
    assertThat(health.reason()).isEqualTo(VenueHealth.DISCONNECTED);
    health.connected(10);
    assertThat(health.stalled(500)).isFalse();
    assertThat(health.alive(20)).isTrue();
  }
}
