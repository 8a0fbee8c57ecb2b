package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Shutdown")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {

  @Test
  @DisplayName("closes every connection with 1001 when the node's verticles are undeployed")
  void goingAway() {
    GatewayFixture node = GatewayFixture.start();
    TestSocket first = node.connect();
    TestSocket second = node.connect("?channels=tx.0x1");
    second.next("subscribed");
    Await.result(node.deployments.undeployAll());
    assertThat(first.awaitClose()).isEqualTo(1001);
    assertThat(second.awaitClose()).isEqualTo(1001);
    Await.result(node.vertx.close());
  }
}
