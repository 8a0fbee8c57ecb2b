package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.channels.ChannelHistory;
import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannels;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Publication;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Gaps in a live stream")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GapFillTest {

  /**
   * Keeps every message but does not fan out those marked {@code lost}: what a subscriber sees
   * when a channel's owner dies between keeping a message and handing it on.
   */
  static final class LossyStore implements ChannelStore {
    private final Vertx vertx;
    private final ChannelHistory history;

    LossyStore(Vertx vertx, long idempotencyTtlMs, LocalChannels held) {
      this.vertx = vertx;
      this.history = new ChannelHistory("lossy", System::currentTimeMillis, held::has);
    }

    @Override
    public Future<Published> publish(Publication publication) {
      ChannelMessage message = history.append(publication.channel(), publication.policy(),
          publication.data());
      if (!((JsonObject) publication.data()).getBoolean("lost", false)) {
        vertx.eventBus().publish(Addresses.channel(message.channel()), message);
      }
      return Future.succeededFuture(new Published(message.channel(), message.seq(),
          message.epoch()));
    }

    @Override
    public Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since) {
      return Future.succeededFuture(history.recover(channel, policy, since));
    }

    @Override
    public void release(String channel) {
      history.release(channel);
    }

    @Override
    public void expire() {
      history.expireAll();
    }

    @Override
    public int retained() {
      return history.channelCount();
    }
  }

  @Test
  @DisplayName("fetches stream messages that never arrived from history and sends everything in seq order")
  void fillsFromHistory() {
    try (GatewayFixture node = GatewayFixture.start(json -> { }, LossyStore::new)) {
      TestSocket socket = node.connect();
      socket.subscribe("tx.gap");
      node.publish("tx.gap", new JsonObject().put("n", 1));
      node.publish("tx.gap", new JsonObject().put("n", 2).put("lost", true));
      node.publish("tx.gap", new JsonObject().put("n", 3).put("lost", true));
      node.publish("tx.gap", new JsonObject().put("n", 4));
      node.publish("tx.gap", new JsonObject().put("n", 5));
      List<Integer> seen = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        seen.add(socket.next("message").getJsonObject("data").getInteger("n"));
      }
      assertThat(seen).containsExactly(1, 2, 3, 4, 5);
      assertThat(socket.drain()).isEmpty();
      socket.close();
    }
  }
}
