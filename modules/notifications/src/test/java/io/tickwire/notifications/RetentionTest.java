package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retention job of a real node, on each storage: rows made as they would be days ago are
 * purged by the run at start and by later runs on the timer, and the inbox shows what is left.
 */
@DisplayName("The retention job")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RetentionTest {

  static final long DAY = 86_400_000L;
  /** Small, so that the job goes through several batches. */
  static final int BATCH = 2;

  @AfterAll
  static void dropSchemas() {
    Postgres.dropSchemas();
  }

  static JsonObject config(Path dir, String kind) {
    JsonObject config = AlertsFixture.config(dir, 0);
    JsonObject notifications = config.getJsonObject("notifications");
    notifications.put("retention", new JsonObject().put("intervalMs", 200)
        .put("notificationsMs", 5 * DAY).put("deliveriesMs", 2 * DAY).put("batchSize", BATCH));
    if (kind.equals("postgres")) {
      StorageConfig.Postgres pg = Postgres.fresh();
      notifications.put("storage", new JsonObject().put("kind", "postgres")
          .put("postgres", new JsonObject().put("host", pg.host()).put("port", pg.port())
              .put("database", pg.database()).put("user", pg.user()).put("schema", pg.schema())));
    }
    return config;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "postgres"})
  @DisplayName("purges old notifications, deliveries and idempotency keys, at start and on its"
      + " timer")
  void purges(String kind, @TempDir Path dir) {
    JsonObject config = config(dir, kind);
    long now = System.currentTimeMillis();
    String dora = "dora";
    Notification recent;
    Notification waiting;
    Vertx vertx = Vertx.vertx();
    try {
      Storage storage = Await.result(Storage.open(vertx,
          NotificationsConfig.from(Section.root(config)).storage()));
      for (int i = 0; i < 3; i++) {
        Notification old = record(storage, dora, "old-" + i, now - 10 * DAY);
        finish(storage, old, "websocket", now - 10 * DAY);
        finish(storage, old, "webhook", now - 10 * DAY);
      }
      waiting = record(storage, dora, "waiting", now - 10 * DAY);
      finish(storage, waiting, "websocket", now - 10 * DAY);
      Await.result(storage.deliveries().waitUntil(waiting.id() + ":webhook", now + DAY,
          now - 10 * DAY));
      recent = record(storage, dora, "recent", now - 3 * DAY);
      finish(storage, recent, "websocket", now - 3 * DAY);
      finish(storage, recent, "webhook", now - DAY / 24);
      Await.result(storage.rules().create(rule(dora, now - 2 * DAY), "old-key", DAY, 10));
      Await.result(storage.rules().create(rule(dora, now), "new-key", DAY, 10));
      Await.result(storage.close());
    } finally {
      Await.result(vertx.close());
    }

    FlakyStorage[] watched = new FlakyStorage[1];
    try (AlertsFixture node = AlertsFixture.start(config, real -> {
      watched[0] = new FlakyStorage(real);
      return watched[0];
    }, Ownership.single(), HostResolver::system)) {
      FlakyStorage storage = watched[0];
      Map<String, Long> firstRun = run(storage);
      assertThat(firstRun).isEqualTo(Map.of("idempotency_keys", 1L, "notifications", 3L,
          "deliveries", 2L));

      try (TestSocket client = node.connect("?token=" + node.devToken(dora))) {
        JsonArray listed = client.call("notifications.list", new JsonObject())
            .getJsonArray("notifications");
        assertThat(listed).extracting(n -> ((JsonObject) n).getString("id"))
            .containsExactly(recent.id(), waiting.id());
        assertThat(deliveries(listed.getJsonObject(0))).isEqualTo(List.of("webhook:delivered"));
        assertThat(deliveries(listed.getJsonObject(1))).isEqualTo(List.of("webhook:waiting"));
      }
      assertThat(Await.result(storage.rules().create(rule(dora, now), "old-key", now, 10))
          .created()).as("the expired key is gone").isTrue();
      assertThat(Await.result(storage.rules().create(rule(dora, now), "new-key", now, 10))
          .created()).as("the live key stays").isFalse();

      // A later run, on the timer, takes what has aged since: the run under way when it was
      // recorded may miss it, the next one may not.
      storage.forgetPurges();
      Notification aged = record(storage, dora, "aged", now - 6 * DAY);
      finish(storage, aged, "websocket", now - 6 * DAY);
      finish(storage, aged, "webhook", now - 6 * DAY);
      if (run(storage).getOrDefault("notifications", 0L) == 0) {
        assertThat(run(storage).get("notifications")).isEqualTo(1L);
      }
      try (TestSocket client = node.connect("?token=" + node.devToken(dora))) {
        assertThat(client.call("notifications.list", new JsonObject())
            .getJsonArray("notifications")).extracting(n -> ((JsonObject) n).getString("id"))
            .containsExactly(recent.id(), waiting.id());
      }
    }
  }

  /** What the next whole run of the job purged, per kind, waiting for it. */
  static Map<String, Long> run(FlakyStorage storage) {
    Map<String, Long> purged = new LinkedHashMap<>();
    while (true) {
      FlakyStorage.Purged batch = storage.purged();
      purged.merge(batch.kind(), batch.count(), Long::sum);
      if (batch.kind().equals("deliveries") && batch.count() < BATCH) {
        return purged;
      }
    }
  }

  static List<String> deliveries(JsonObject notification) {
    return notification.getJsonArray("deliveries").stream().map(JsonObject.class::cast)
        .map(d -> d.getString("channel") + ":" + d.getString("status"))
        .collect(Collectors.toList());
  }

  static Notification record(Storage storage, String user, String name, long createdAt) {
    Notification n = new Notification(Ids.next("ntf"), "retention:" + name, user, null, name,
        "b", new JsonObject(), createdAt, false);
    Await.result(storage.notifications().record(Firing.system(n,
        List.of("websocket", "webhook"))));
    return n;
  }

  static void finish(Storage storage, Notification n, String channel, long at) {
    Await.result(storage.deliveries().delivered(n.id() + ":" + channel, 1, at));
  }

  static Rule rule(String user, long createdAt) {
    return new Rule(Ids.next("rule"), user, RuleSpec.price(Condition.ABOVE, "BTC-USD", 100,
        null), RuleState.ACTIVE, createdAt, createdAt, 0, null);
  }
}
