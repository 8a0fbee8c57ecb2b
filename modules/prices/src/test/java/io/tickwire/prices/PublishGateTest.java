package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The publish gate")
class PublishGateTest {

  // 0.1 % deviation, 5 s heartbeat, at most 10 a second.
  final PublishGate gate = new PublishGate(0.1, 5_000, 10);

  @Test
  @DisplayName("lets the first value through")
  void first() {
    assertThat(gate.due(100, 0)).isTrue();
  }

  @Test
  @DisplayName("publishes a move of at least deviationPct, and holds back a smaller one")
  void deviation() {
    gate.published(100, 0);
    assertThat(gate.due(100.09, 1_000)).isFalse();
    assertThat(gate.due(100.1, 1_000)).isTrue();
    assertThat(gate.due(99.9, 1_000)).isTrue();
  }

  @Test
  @DisplayName("publishes an unchanged price once heartbeatMs passed")
  void heartbeat() {
    gate.published(100, 0);
    assertThat(gate.due(100, 4_999)).isFalse();
    assertThat(gate.due(100, 5_000)).isTrue();
  }

  @Test
  @DisplayName("never publishes faster than maxRatePerSec, whatever the move")
  void rateLimit() {
    gate.published(100, 0);
    assertThat(gate.minIntervalMs()).isEqualTo(100);
    assertThat(gate.due(150, 99)).isFalse();
    assertThat(gate.due(150, 100)).isTrue();
  }

  @Test
  @DisplayName("rounds the minimum interval up, so the rate is never exceeded")
  void roundsUp() {
    assertThat(PublishGate.minIntervalMs(3)).isEqualTo(334);
    assertThat(PublishGate.minIntervalMs(0.5)).isEqualTo(2_000);
  }

  @Test
  @DisplayName("with deviationPct 0 publishes every value the rate allows")
  void zeroDeviation() {
    PublishGate eager = new PublishGate(0, 60_000, 10);
    eager.published(100, 0);
    assertThat(eager.due(100, 100)).isTrue();
  }
}
