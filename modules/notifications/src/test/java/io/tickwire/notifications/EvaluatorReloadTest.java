package io.tickwire.notifications;

import static io.tickwire.notifications.AlertsFixture.above;
import static io.tickwire.notifications.AlertsFixture.notification;
import static io.tickwire.notifications.AlertsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.runtime.Ownership;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule changes acknowledged while the evaluator reads its rules from storage — held mid-read
 * here, as a slow database would — through the real endpoint. A reload comes from an ownership
 * change, as when a cluster member joins or leaves.
 */
@DisplayName("Rule changes during the evaluator's (re)load")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EvaluatorReloadTest {

  /** Owns every key, and tells its listeners that ownership moved when the test says so. */
  static final class MovingOwnership implements Ownership {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @Override
    public boolean owns(String key) {
      return true;
    }

    @Override
    public void onChange(Runnable listener) {
      listeners.add(listener);
    }

    void moved() {
      listeners.forEach(Runnable::run);
    }
  }

  @TempDir
  static Path dir;
  static FlakyStorage storage;
  static MovingOwnership ownership = new MovingOwnership();
  static AlertsFixture node;

  @BeforeAll
  static void start() {
    node = AlertsFixture.start(AlertsFixture.config(dir, 0), real -> {
      storage = new FlakyStorage(real);
      return storage;
    }, ownership, HostResolver::system);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("a rule created while the rules are reloaded is evaluated after the reload")
  void createdDuringReload() {
    String alice = user("alice");
    try (TestSocket client = node.connect("?token=" + node.devToken(alice))) {
      client.subscribe("user." + alice);
      FlakyStorage.Held held = storage.holdActive();
      ownership.moved();
      held.awaitRead();
      // Acknowledged after the rules were read: the reload's list does not have it.
      String rule = client.call("alerts.create", above("BTC-USD", 100)).getString("id");
      held.release();

      node.price("BTC-USD", 90, 1);
      node.price("BTC-USD", 110, 2);
      assertThat(notification(client).getString("ruleId")).isEqualTo(rule);
    }
  }

  @Test
  @DisplayName("a rule deleted while the rules are reloaded stays deleted")
  void deletedDuringReload() {
    String bob = user("bob");
    try (TestSocket client = node.connect("?token=" + node.devToken(bob))) {
      client.subscribe("user." + bob);
      String deleted = client.call("alerts.create", above("ETH-USD", 100)).getString("id");
      String kept = client.call("alerts.create", above("ETH-USD", 200)).getString("id");
      FlakyStorage.Held held = storage.holdActive();
      ownership.moved();
      held.awaitRead();
      client.call("alerts.delete", new JsonObject().put("id", deleted));
      held.release();

      // The deleted rule would fire at 150, before the kept one can at 250.
      node.price("ETH-USD", 90, 1);
      node.price("ETH-USD", 150, 2);
      node.price("ETH-USD", 250, 3);
      assertThat(storage.firing(bob)).isEqualTo(kept);
      assertThat(notification(client).getString("ruleId")).isEqualTo(kept);
    }
  }

  @Test
  @DisplayName("a rule published while a starting evaluator reads its rules is evaluated")
  void publishedDuringStart(@TempDir Path own) throws Exception {
    String carol = user("carol");
    CompletableFuture<FlakyStorage> opened = new CompletableFuture<>();
    CompletableFuture<FlakyStorage.Held> holding = new CompletableFuture<>();
    CompletableFuture<AlertsFixture> started = CompletableFuture.supplyAsync(() ->
        AlertsFixture.start(AlertsFixture.config(own, 0), real -> {
          FlakyStorage watched = new FlakyStorage(real);
          holding.complete(watched.holdActive());
          opened.complete(watched);
          return watched;
        }, Ownership.single(), HostResolver::system));
    FlakyStorage.Held held = Await.result(holding, "held read");
    FlakyStorage starting = Await.result(opened, "storage opened");
    Vertx vertx = held.awaitRead();
    // Another member creates a rule after this one read the rules, and announces it.
    long now = System.currentTimeMillis();
    Rule rule = new Rule(Ids.next("rule"), carol, RuleSpec.price(Condition.ABOVE, "SOL-USD",
        100, null), RuleState.ACTIVE, now, now, 0, null);
    Await.result(starting.rules().create(rule, null, 1_000, 10));
    vertx.eventBus().publish(Addresses.NOTIFICATIONS_RULES,
        new JsonObject().put("op", "upsert").put("rule", rule.toBus()));
    held.release();

    try (AlertsFixture late = started.get(2 * Await.SECONDS, TimeUnit.SECONDS);
        TestSocket client = late.connect("?token=" + late.devToken(carol))) {
      client.subscribe("user." + carol);
      late.price("SOL-USD", 90, 1);
      late.price("SOL-USD", 110, 2);
      assertThat(notification(client).getString("ruleId")).isEqualTo(rule.id());
    }
  }
}
