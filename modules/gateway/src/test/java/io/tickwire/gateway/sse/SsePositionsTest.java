package io.tickwire.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.ClientFrame.Position;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("SSE event ids")
@Timeout(10)
class SsePositionsTest {

  @Test
  @DisplayName("carry every channel's seq, grouped by epoch, and read back the same")
  void roundTrip() {
    Map<String, Position> positions = new LinkedHashMap<>();
    positions.put("prices.BTC-USD", new Position(1894, "36f3092a"));
    positions.put("tx.0xab", new Position(12, "36f3092a"));
    positions.put("odd.k=ey:1", new Position(3, "other"));
    String id = SsePositions.encode(positions);
    assertThat(id).isEqualTo("@36f3092a prices.BTC-USD=1894 tx.0xab=12 @other odd.k=ey:1=3");
    assertThat(SsePositions.parse(id)).isEqualTo(positions);
  }

  @Test
  @DisplayName("skip what they cannot read, so a bad id resumes nothing instead of failing")
  void malformed() {
    assertThat(SsePositions.parse(null)).isEmpty();
    assertThat(SsePositions.parse("")).isEmpty();
    assertThat(SsePositions.parse("tx.a=1")).isEmpty();
    assertThat(SsePositions.parse("@e tx.a=x tx.b= =3 tx.c=-1 tx.d=4"))
        .containsOnlyKeys("tx.d");
  }
}
