package io.tickwire.prices;

import io.tickwire.runtime.Ownership;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Symbol ownership, the seam for the cluster")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OwnershipTest {

  /** An ownership the test changes, as a cluster would on fail-over. */
  static final class MovableOwnership implements Ownership {
    final Set<String> owned = ConcurrentHashMap.newKeySet();
    final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    MovableOwnership(String... keys) {
      owned.addAll(List.of(keys));
    }

    @Override
    public boolean owns(String key) {
      return owned.contains(key);
    }

    @Override
    public void onChange(Runnable listener) {
      listeners.add(listener);
    }

    void move(Set<String> keys) {
      owned.clear();
      owned.addAll(keys);
      listeners.forEach(Runnable::run);
    }
  }

  @Test
  @DisplayName("a member aggregates and publishes only the symbols it owns, and follows a change of owner")
  void onlyOwnedSymbols() {
    MovableOwnership ownership = new MovableOwnership("BTC-USD");
    try (PricesFixture node = PricesFixture.start(new JsonObject()
        .put("symbols", new JsonArray().add("BTC-USD").add("ETH-USD"))
        .put("deviationPct", 0).put("maxRatePerSec", 20).put("overviewIntervalMs", 100)
        .put("venues", new JsonObject().put("sim", new JsonObject().put("type", "simulated")
            .put("ticksPerSec", 20).put("incidentEveryMs", 0))), ownership)) {
      BlockingQueue<String> updates = new LinkedBlockingQueue<>();
      Await.result(node.vertx.eventBus().<JsonObject>consumer(Addresses.PRICES_UPDATES,
          message -> updates.add(message.body().getString("symbol"))).completion());
      TestSocket socket = node.connect();
      socket.subscribe("market.overview");
      for (int i = 0; i < 10; i++) {
        assertThat(Await.next(updates, "update")).isEqualTo("BTC-USD");
      }

      long moved = System.currentTimeMillis();
      ownership.move(Set.of("ETH-USD", PricesModule.OVERVIEW));
      String symbol;
      do {
        symbol = Await.next(updates, "update");
      } while (!symbol.equals("ETH-USD"));
      for (int i = 0; i < 10; i++) {
        assertThat(Await.next(updates, "update"))
            .as("nothing of a symbol given away after the change").isEqualTo("ETH-USD");
      }
      JsonObject overview = socket.next("message");
      assertThat(overview.getString("channel")).isEqualTo("market.overview");
      assertThat(overview.getLong("seq")).as("the first overview, once owned").isEqualTo(1);
      assertThat(overview.getJsonObject("data").getLong("ts")).isGreaterThanOrEqualTo(moved);
      socket.close();
    }
  }
}
