package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.channels.LocalChannels;
import io.tickwire.channels.Publication;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Publishing to a store confined to the channel log's event loop (the cluster's kind)")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfinedStoreTest {

  /** The contexts the store was called on; a publication whose data is "hang" never answers. */
  static final Set<Context> CALLED_ON = ConcurrentHashMap.newKeySet();

  static final class ConfinedStore extends ForwardingStore {

    ConfinedStore(Vertx vertx, long idempotencyTtlMs, LocalChannels held) {
      super(vertx, idempotencyTtlMs, held);
    }

    @Override
    public Future<Published> publish(Publication publication) {
      CALLED_ON.add(Vertx.currentContext());
      if ("hang".equals(publication.data())) {
        return Promise.<Published>promise().future();
      }
      return super.publish(publication);
    }
  }

  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> json.getJsonObject("gateway").put("requestTimeoutMs", 500),
        ConfinedStore::new);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("is called on one event loop, whichever loop read the publication, and answers")
  void confined() {
    TestSocket socket = node.connect();
    socket.subscribe("tx.confined");
    for (int i = 0; i < 12; i++) {
      node.publish("tx.confined", i);
    }
    JsonArray answers = new JsonArray(node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
        new JsonArray().add(new JsonObject().put("channel", "tx.confined").put("data", 12))
            .add(new JsonObject().put("channel", "nope.x").put("data", 13)).encode()).body());
    assertThat(answers.getJsonObject(1).getString("code")).isEqualTo("not_found");
    for (int i = 0; i <= 12; i++) {
      assertThat(socket.next("message").getInteger("data")).isEqualTo(i);
    }
    assertThat(CALLED_ON).hasSize(1);
    socket.close();
  }

  @Test
  @DisplayName("a store that does not answer in gateway.requestTimeoutMs is a 504 timeout, batch or not")
  void timeout() {
    GatewayFixture.Response response = node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
        new JsonObject().put("channel", "tx.hung").put("data", "hang").encode());
    assertThat(response.status()).as(response.body()).isEqualTo(504);
    assertThat(response.json().getString("code")).isEqualTo("timeout");
    GatewayFixture.Response batch = node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
        new JsonArray().add(new JsonObject().put("channel", "tx.hung").put("data", 1))
            .add(new JsonObject().put("channel", "tx.hung").put("data", "hang")).encode());
    assertThat(batch.status()).as(batch.body()).isEqualTo(504);
    assertThat(batch.json().getString("code")).isEqualTo("timeout");
  }
}
