package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.DropProxy;
import io.tickwire.testkit.TestGateway;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Java client across a node restart")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeRestartTest {

  @Test
  @DisplayName("reconnects to the restarted node, raises a resync for the new epoch and takes its messages")
  void restart() {
    Vertx harness = Vertx.vertx();
    TestGateway first = TestGateway.start();
    DropProxy proxy = DropProxy.start(harness, first.port);
    TickwireClient client = TickwireClient.create(new ClientOptions().setHost("127.0.0.1")
        .setPort(proxy.port()).setBackoffBaseMs(20).setBackoffCapMs(200).setPingIntervalMs(0));
    Events events = Events.of(client);
    TestGateway second = null;
    try {
      Await.result(client.connect());
      Await.result(client.subscribe("tx.restart", "prices.RESTART"));
      first.publish("tx.restart", new JsonObject().put("n", 1));
      first.publish("prices.RESTART", new JsonObject().put("price", 1.0));
      TickwireMessage before = events.message();
      events.message();

      first.close();
      StateChange lost = events.state(ConnectionState.RECONNECTING);
      assertThat(lost.closeCode()).isEqualTo(1001);
      second = TestGateway.start();
      second.publish("prices.RESTART", new JsonObject().put("price", 2.0));
      proxy.upstream(second.port);

      Resync txResync = events.resync();
      Resync priceResync = events.resync();
      assertThat(java.util.List.of(txResync.channel(), priceResync.channel()))
          .containsExactlyInAnyOrder("tx.restart", "prices.RESTART");
      assertThat(txResync.epoch()).isNotEqualTo(before.epoch());
      events.state(ConnectionState.CONNECTED);
      // The latest-mode channel's current value on the new node follows its resubscription.
      TickwireMessage current = events.message();
      assertThat(current.channel()).isEqualTo("prices.RESTART");
      assertThat(current.json().getDouble("price")).isEqualTo(2.0);
      second.publish("tx.restart", new JsonObject().put("n", 2));
      TickwireMessage after = events.message();
      assertThat(after.seq()).isEqualTo(1);
      assertThat(after.json().getInteger("n")).isEqualTo(2);
    } finally {
      Await.result(client.close());
      proxy.close();
      Await.result(harness.close());
      if (second != null) {
        second.close();
      }
    }
  }
}
