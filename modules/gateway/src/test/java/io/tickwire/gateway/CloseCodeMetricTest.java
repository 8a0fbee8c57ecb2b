package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The close-code metric")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloseCodeMetricTest {

  @Test
  @DisplayName("buckets close codes: 1000…1011 and 4000…4009 as themselves, anything else as other")
  void buckets() {
    for (int code : new int[] {1000, 1001, 1006, 1009, 1011, 4000, 4001, 4008, 4009}) {
      assertThat(GatewayMetrics.closeTag(code)).isEqualTo(String.valueOf(code));
    }
    for (int code : new int[] {0, 999, 1012, 1015, 2000, 3000, 3999, 4010, 4321, 4999, 65_535}) {
      assertThat(GatewayMetrics.closeTag(code)).isEqualTo("other");
    }
  }

  @Test
  @DisplayName("counts connections closed with client-chosen codes under other, never under a new tag value")
  void clientChosenCodes() {
    try (GatewayFixture node = GatewayFixture.start(json -> json.getJsonObject("gateway")
        .put("maxFrameBytes", 1024))) {
      short[] chosen = {4321, 3000, 4999, 4010, 1000};
      for (short code : chosen) {
        TestSocket socket = node.connect();
        Await.result(socket.ws.close(code));
      }
      RawSocket oversize = RawSocket.connect(node.vertx, node.port);
      oversize.sendText("{\"type\":\"ping\",\"id\":\"" + "x".repeat(2000) + "\"}");
      assertThat(oversize.awaitCloseCode()).isEqualTo(1009);

      Await.until("every close counted", () -> total(node) == chosen.length + 1);
      assertThat(tags(node)).containsExactlyInAnyOrder("other", "1000", "1009");
      assertThat(count(node, "other")).isEqualTo(4);
      assertThat(count(node, "1000")).isEqualTo(1);
      assertThat(count(node, "1009")).isEqualTo(1);
    }
  }

  static Set<String> tags(GatewayFixture node) {
    Set<String> tags = new TreeSet<>();
    node.node.registry().find("tickwire.gateway.closes").counters()
        .forEach(counter -> tags.add(counter.getId().getTag("code")));
    return tags;
  }

  static double count(GatewayFixture node, String tag) {
    Counter counter = node.node.registry().find("tickwire.gateway.closes").tag("code", tag)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  static double total(GatewayFixture node) {
    return node.node.registry().find("tickwire.gateway.closes").counters().stream()
        .mapToDouble(Counter::count).sum();
  }
}
