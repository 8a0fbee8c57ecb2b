package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Subscriber announcements")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscriberAnnouncementTest {

  static final String WALLET = "0x52908400098527886e0f7030069857d2e4169ee7";

  @Test
  @DisplayName("tell a service that asked for a namespace when its channels gain and lose subscribers")
  void announces() throws Exception {
    try (GatewayFixture node = GatewayFixture.start()) {
      BlockingQueue<JsonObject> wallet = new LinkedBlockingQueue<>();
      BlockingQueue<JsonObject> prices = new LinkedBlockingQueue<>();
      MessageConsumer<JsonObject> walletConsumer = node.vertx.eventBus()
          .consumer(Addresses.subscribers("wallet"), message -> wallet.add(message.body()));
      MessageConsumer<JsonObject> pricesConsumer = node.vertx.eventBus()
          .consumer(Addresses.subscribers("prices"), message -> prices.add(message.body()));
      Await.result(walletConsumer.completion().compose(ignored -> pricesConsumer.completion()));

      node.vertx.eventBus().publish(Addresses.SUBSCRIBERS_SYNC,
          new JsonObject().put("namespace", "wallet"));
      // Both gateway instances answer with an (empty) snapshot.
      Set<String> holders = new HashSet<>();
      for (int i = 0; i < 2; i++) {
        JsonObject sync = next(wallet);
        assertThat(sync.getString("reason")).isEqualTo("sync");
        assertThat(sync.getJsonObject("channels").isEmpty()).isTrue();
        holders.add(sync.getString("holder"));
      }
      assertThat(holders).hasSize(2);

      TestSocket socket = node.connect("?token=" + node.token("alice", 600, WALLET));
      socket.subscribe("wallet." + WALLET, "prices.BTC-USD");
      JsonObject joined = next(wallet);
      assertThat(joined.getString("reason")).isEqualTo("joined");
      assertThat(joined.getString("channel")).isEqualTo("wallet." + WALLET);
      assertThat(joined.getInteger("subscribers")).isEqualTo(1);
      assertThat(holders).contains(joined.getString("holder"));

      node.vertx.eventBus().publish(Addresses.SUBSCRIBERS_SYNC,
          new JsonObject().put("namespace", "wallet"));
      int listed = 0;
      for (int i = 0; i < 2; i++) {
        JsonObject sync = next(wallet);
        listed += sync.getJsonObject("channels").getInteger("wallet." + WALLET, 0);
      }
      assertThat(listed).isEqualTo(1);

      socket.close();
      JsonObject left = next(wallet);
      assertThat(left.getString("reason")).isEqualTo("left");
      assertThat(left.getInteger("subscribers")).isZero();
      // Nobody asked for prices: nothing was announced there.
      assertThat(prices).isEmpty();
    }
  }

  private static JsonObject next(BlockingQueue<JsonObject> queue) {
    return Await.next(queue, "announcement");
  }
}
