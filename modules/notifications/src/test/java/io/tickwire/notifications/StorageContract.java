package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Storage} must do; run against each implementation by a subclass that says
 * how to configure it. Each test uses users of its own, so tests share one database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StorageContract {

  static final long NOW = 1_700_000_000_000L;

  Vertx vertx;
  Storage storage;

  /** The configuration of the storage under test; may abort the class when it is absent. */
  abstract StorageConfig config();

  @BeforeAll
  void open() {
    vertx = Vertx.vertx();
    storage = Await.result(Storage.open(vertx, config()));
  }

  @AfterAll
  void close() {
    if (storage != null) {
      Await.result(storage.close());
    }
    if (vertx != null) {
      Await.result(vertx.close());
    }
  }

  static String user() {
    return "u-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Rule rule(String user, double level, long createdAt) {
    return new Rule(Ids.next("rule"), user, RuleSpec.price(Condition.ABOVE, "BTC-USD", level,
        null), RuleState.ACTIVE, createdAt, createdAt, 0, null);
  }

  static Notification notification(String user, String ruleId, String firingId) {
    return new Notification(Ids.next("ntf"), firingId, user, ruleId, "title", "body",
        new JsonObject().put("price", 1.5), NOW, false);
  }

  Notification fire(Rule rule, long number) {
    Notification n = notification(rule.user(), rule.id(), rule.id() + ":" + number);
    return Await.result(storage.notifications().record(new Firing(n, rule.spec().once()
        ? RuleState.FIRED : RuleState.ACTIVE, number, NOW + number, Firing.CHANNELS)));
  }

  @Test
  @DisplayName("stores, finds, lists, updates and deletes a user's rules, and only theirs")
  void ruleLifecycle() {
    String alice = user();
    Rule first = rule(alice, 100, NOW);
    Rule second = rule(alice, 200, NOW + 1);
    assertThat(Await.result(storage.rules().create(first, null, 1_000, 10)).created()).isTrue();
    Await.result(storage.rules().create(second, null, 1_000, 10));
    Await.result(storage.rules().create(rule(user(), 300, NOW), null, 1_000, 10));
    assertThat(Await.result(storage.rules().get(alice, first.id()))).isEqualTo(first);
    assertThat(Await.result(storage.rules().get("someone-else", first.id()))).isNull();
    assertThat(Await.result(storage.rules().list(alice))).containsExactly(second, first);

    RuleSpec moved = RuleSpec.price(Condition.BELOW, "BTC-USD", 150, null).every(500);
    Rule changed = new Rule(first.id(), alice, moved, RuleState.PAUSED, NOW, NOW + 5, 0, null);
    assertThat(Await.result(storage.rules().update(changed))).isEqualTo(changed);
    assertThat(Await.result(storage.rules().update(new Rule(first.id(), "someone-else", moved,
        RuleState.ACTIVE, NOW, NOW, 0, null)))).isNull();
    assertThat(Await.result(storage.rules().delete(alice, second.id()))).isTrue();
    assertThat(Await.result(storage.rules().delete(alice, second.id()))).isFalse();
    assertThat(Await.result(storage.rules().list(alice))).containsExactly(changed);
  }

  @Test
  @DisplayName("answers the same rule for a repeated idempotency key, and a new one after its TTL")
  void idempotencyKeys() {
    String alice = user();
    Rule original = rule(alice, 100, NOW);
    assertThat(Await.result(storage.rules().create(original, "key-1", 1_000, 10)).created())
        .isTrue();
    RuleStore.Created again = Await.result(storage.rules().create(rule(alice, 999, NOW + 10),
        "key-1", 1_000, 10));
    assertThat(again.created()).isFalse();
    assertThat(again.rule()).isEqualTo(original);
    assertThat(Await.result(storage.rules().create(rule(user(), 1, NOW), "key-1", 1_000, 10))
        .created()).isTrue();
    Await.result(storage.rules().delete(alice, original.id()));
    RuleStore.Created afterDelete = Await.result(storage.rules().create(rule(alice, 5, NOW + 20),
        "key-1", 1_000, 10));
    assertThat(afterDelete.created()).isFalse();
    assertThat(afterDelete.rule().id()).isEqualTo(original.id());
    Rule later = rule(alice, 7, NOW + 1_001);
    RuleStore.Created expired = Await.result(storage.rules().create(later, "key-1", 1_000, 10));
    assertThat(expired.created()).isTrue();
    assertThat(expired.rule()).isEqualTo(later);
  }

  @Test
  @DisplayName("refuses a rule past the user's limit with forbidden, storing nothing")
  void limit() {
    String alice = user();
    Await.result(storage.rules().create(rule(alice, 1, NOW), null, 1_000, 2));
    Await.result(storage.rules().create(rule(alice, 2, NOW), null, 1_000, 2));
    Throwable refused = Await.failure(storage.rules().create(rule(alice, 3, NOW), "k", 1_000, 2));
    assertThat(refused).isInstanceOf(ProtocolException.class);
    assertThat(((ProtocolException) refused).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(Await.result(storage.rules().list(alice))).hasSize(2);
  }

  @Test
  @DisplayName("lets exactly the limit through when a user's creates race")
  void limitUnderConcurrency() {
    String alice = user();
    int limit = 20;
    List<Future<RuleStore.Created>> creates = new java.util.ArrayList<>();
    for (int i = 0; i < limit + 5; i++) {
      creates.add(storage.rules().create(rule(alice, 1 + i, NOW), i % 2 == 0 ? null : "k" + i,
          60_000, limit));
    }
    Await.result(Future.join(creates).otherwiseEmpty());
    assertThat(creates.stream().filter(Future::succeeded)).hasSize(limit);
    assertThat(creates.stream().filter(Future::failed)).hasSize(5).allSatisfy(create -> {
      assertThat(create.cause()).isInstanceOf(ProtocolException.class)
          .hasMessageContaining("you have " + limit + " alert rules, the most allowed");
      assertThat(((ProtocolException) create.cause()).code()).isEqualTo(ErrorCode.FORBIDDEN);
    });
    assertThat(Await.result(storage.rules().list(alice))).hasSize(limit);
  }

  @Test
  @DisplayName("lists active rules and expires active or paused ones once their time is up")
  void activeAndExpiry() {
    String alice = user();
    long far = System.currentTimeMillis() + 86_400_000L;
    RuleSpec expiring = new RuleSpec(Condition.ABOVE, "BTC-USD", 1.0, null, null, null, null,
        null, null, true, 0, far, null, null);
    Rule active = new Rule(Ids.next("rule"), alice, expiring, RuleState.ACTIVE, NOW, NOW, 0, null);
    Rule paused = new Rule(Ids.next("rule"), alice, expiring, RuleState.PAUSED, NOW, NOW, 0, null);
    Rule forever = rule(alice, 2, NOW);
    for (Rule rule : List.of(active, paused, forever)) {
      Await.result(storage.rules().create(rule, null, 1_000, 10));
    }
    assertThat(Await.result(storage.rules().active())).contains(active, forever)
        .doesNotContain(paused);
    List<Rule> expired = Await.result(storage.rules().expire(far, 1_000));
    assertThat(expired).extracting(Rule::id).contains(active.id(), paused.id())
        .doesNotContain(forever.id());
    assertThat(expired).allMatch(rule -> rule.state() == RuleState.EXPIRED);
    assertThat(Await.result(storage.rules().expire(far, 1_000))).extracting(Rule::id)
        .doesNotContain(active.id(), paused.id());
    assertThat(Await.result(storage.rules().get(alice, paused.id())).state())
        .isEqualTo(RuleState.EXPIRED);
  }

  @Test
  @DisplayName("records a firing once, with the rule's new state and a delivery per channel")
  void recordFiring() {
    String alice = user();
    Rule once = rule(alice, 100, NOW);
    Await.result(storage.rules().create(once, null, 1_000, 10));
    Notification recorded = fire(once, 1);
    assertThat(recorded).isNotNull();
    assertThat(fire(once, 1)).as("same firing id").isNull();
    Rule fired = Await.result(storage.rules().get(alice, once.id()));
    assertThat(fired.state()).isEqualTo(RuleState.FIRED);
    assertThat(fired.fireCount()).isEqualTo(1);
    assertThat(fired.lastFiredAt()).isEqualTo(NOW + 1);
    assertThat(fire(once, 2)).as("rule no longer active").isNull();

    NotificationStore.Page page = Await.result(storage.notifications().list(alice, null, 10,
        false));
    assertThat(page.notifications()).containsExactly(recorded);
    assertThat(page.deliveries().get(recorded.id())).extracting(
            NotificationStore.DeliveryStatus::channel)
        .containsExactlyInAnyOrder("websocket", "webhook", "email");
    Notification system = notification(alice, null, "system:1");
    assertThat(Await.result(storage.notifications().record(Firing.system(system,
        List.of("email"))))).isEqualTo(system);
  }

  @Test
  @DisplayName("pages notifications newest first, filters unread ones and marks them read")
  void pagingAndAck() {
    String alice = user();
    Notification[] all = new Notification[5];
    for (int i = 0; i < 5; i++) {
      all[i] = notification(alice, null, "page:" + alice + ":" + i);
      Await.result(storage.notifications().record(Firing.system(all[i], List.of())));
    }
    NotificationStore.Page first = Await.result(storage.notifications().list(alice, null, 2,
        false));
    assertThat(first.notifications()).extracting(Notification::id)
        .containsExactly(all[4].id(), all[3].id());
    assertThat(first.unread()).isEqualTo(5);
    assertThat(first.next()).isEqualTo(all[3].id());
    NotificationStore.Page second = Await.result(storage.notifications().list(alice,
        first.next(), 2, false));
    assertThat(second.notifications()).extracting(Notification::id)
        .containsExactly(all[2].id(), all[1].id());
    NotificationStore.Page last = Await.result(storage.notifications().list(alice, second.next(), 2,
        false));
    assertThat(last.notifications()).extracting(Notification::id).containsExactly(all[0].id());
    assertThat(last.next()).isNull();

    assertThat(Await.result(storage.notifications().ack(alice, all[4].id(), false))).isEqualTo(1);
    assertThat(Await.result(storage.notifications().ack(alice, all[4].id(), false))).isZero();
    assertThat(Await.result(storage.notifications().ack("someone-else", all[3].id(), false)))
        .isZero();
    assertThat(Await.result(storage.notifications().ack(alice, all[2].id(), true))).isEqualTo(3);
    assertThat(Await.result(storage.notifications().unread(alice))).isEqualTo(1);
    NotificationStore.Page unread = Await.result(storage.notifications().list(alice, null, 10,
        true));
    assertThat(unread.notifications()).extracting(Notification::id).containsExactly(all[3].id());
    assertThat(unread.notifications().get(0).read()).isFalse();
  }

  @Test
  @DisplayName("leases deliveries to one taker at a time and schedules, parks, wakes and ends them")
  void deliveryQueue() {
    String alice = user();
    long base = 1_000L * (NOW / 1_000 + Math.abs(alice.hashCode() % 1_000_000));
    Notification n = new Notification(Ids.next("ntf"), "queue:" + alice, alice, null, "t", "b",
        new JsonObject(), base, false);
    Await.result(storage.notifications().record(Firing.system(n, Firing.CHANNELS)));
    List<DeliveryQueue.Delivery> taken = mine(Await.result(storage.deliveries().claim(base, 1_000,
        60_000, List.of("websocket"))), alice);
    assertThat(taken).extracting(DeliveryQueue.Delivery::channel).containsExactly("websocket");
    assertThat(mine(Await.result(storage.deliveries().claim(base, 1_000, 60_000)), alice))
        .extracting(DeliveryQueue.Delivery::channel)
        .containsExactlyInAnyOrder("webhook", "email");
    assertThat(taken.get(0).notification()).isEqualTo(n);
    assertThat(mine(Await.result(storage.deliveries().claim(base + 1, 1_000, 60_000)), alice))
        .as("leased").isEmpty();
    String ws = n.id() + ":websocket";
    String webhook = n.id() + ":webhook";
    String email = n.id() + ":email";
    Await.result(storage.deliveries().delivered(ws, 1, base + 2));
    Await.result(storage.deliveries().retry(webhook, 1, base + 100, "HTTP 503", base + 2));
    Await.result(storage.deliveries().waitUntil(email, base + 10_000, base + 2));
    assertThat(mine(Await.result(storage.deliveries().claim(base + 99, 1_000, 60_000)), alice))
        .isEmpty();
    List<DeliveryQueue.Delivery> retried = mine(Await.result(storage.deliveries().claim(base + 100,
        1_000, 60_000)), alice);
    assertThat(retried).extracting(DeliveryQueue.Delivery::id).containsExactly(webhook);
    assertThat(retried.get(0).attempts()).isEqualTo(1);
    Await.result(storage.deliveries().release(List.of(webhook), base + 101));
    assertThat(Await.result(storage.deliveries().wake(alice, base + 102))).isEqualTo(1);
    assertThat(mine(Await.result(storage.deliveries().claim(base + 102, 1_000, 60_000)), alice))
        .extracting(DeliveryQueue.Delivery::id).containsExactlyInAnyOrder(webhook, email);
    Await.result(storage.deliveries().release(List.of(webhook, email), base + 103));
    assertThat(Await.result(storage.deliveries().cancel(alice, "webhook", "gone", base + 104)))
        .isEqualTo(1);
    Await.result(storage.deliveries().finish(email, DeliveryQueue.SKIPPED, 0, "channel off",
        base + 105));
    assertThat(mine(Await.result(storage.deliveries().claim(base + 200_000, 1_000, 60_000)), alice))
        .isEmpty();
    NotificationStore.Page page = Await.result(storage.notifications().list(alice, null, 1, false));
    assertThat(page.deliveries().get(n.id())).extracting(
            NotificationStore.DeliveryStatus::status)
        .containsExactlyInAnyOrder("delivered", "cancelled", "skipped");
  }

  @Test
  @DisplayName("never hands the same delivery to two takers claiming at once")
  void concurrentClaims() {
    String alice = user();
    long at = NOW - 1_000_000;
    for (int i = 0; i < 20; i++) {
      Notification n = new Notification(Ids.next("ntf"), "race:" + alice + i, alice, null, "t",
          "b", new JsonObject(), at, false);
      Await.result(storage.notifications().record(Firing.system(n, List.of("websocket"))));
    }
    List<Future<List<DeliveryQueue.Delivery>>> claims = List.of(
        storage.deliveries().claim(at, 1_000, 60_000),
        storage.deliveries().claim(at, 1_000, 60_000),
        storage.deliveries().claim(at, 1_000, 60_000));
    Await.result(Future.all(claims));
    List<String> ids = claims.stream().flatMap(claim -> mine(claim.result(), alice).stream())
        .map(DeliveryQueue.Delivery::id).toList();
    assertThat(ids).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("keeps preferences and the webhook secret per user, with defaults for new users")
  void preferences() {
    String alice = user();
    PreferenceStore.Stored fresh = Await.result(storage.preferences().get(alice));
    assertThat(fresh.preferences()).isEqualTo(Preferences.DEFAULT);
    assertThat(fresh.webhookSecret()).isNull();
    Preferences set = new Preferences(true, true, true, "https://example.com/hook", null,
        "alice@example.com", new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0),
        ZoneId.of("Europe/Berlin")), false);
    Await.result(storage.preferences().put(alice, set, "whsec_abc"));
    Await.result(storage.preferences().put(alice, set.withWebhookDisabled("gone"), "whsec_abc"));
    PreferenceStore.Stored stored = Await.result(storage.preferences().get(alice));
    assertThat(stored.preferences()).isEqualTo(set.withWebhookDisabled("gone"));
    assertThat(stored.webhookSecret()).isEqualTo("whsec_abc");
  }

  @Test
  @DisplayName("purges old notifications with their deliveries, old finished deliveries and"
      + " expired idempotency keys, in batches, and nothing else")
  void purge() {
    String alice = user();
    long day = 86_400_000L;
    // Only this test writes rows older than NOW - 1 day into the shared database.
    Notification finished = old(alice, "finished", NOW - 10 * day);
    Notification alsoFinished = old(alice, "also-finished", NOW - 8 * day);
    Notification stillPending = old(alice, "pending", NOW - 10 * day);
    Notification recent = old(alice, "recent", NOW - 3 * day);
    Await.result(storage.deliveries().delivered(finished.id() + ":websocket", 1, NOW - 10 * day));
    Await.result(storage.deliveries().finish(finished.id() + ":webhook", DeliveryQueue.FAILED, 3,
        "gave up: timeout", NOW - 9 * day));
    Await.result(storage.deliveries().delivered(alsoFinished.id() + ":websocket", 1,
        NOW - 8 * day));
    Await.result(storage.deliveries().finish(alsoFinished.id() + ":webhook",
        DeliveryQueue.SKIPPED, 0, "channel off", NOW - 8 * day));
    Await.result(storage.deliveries().delivered(stillPending.id() + ":websocket", 1,
        NOW - 10 * day));
    Await.result(storage.deliveries().delivered(recent.id() + ":websocket", 1, NOW - 3 * day));
    Await.result(storage.deliveries().delivered(recent.id() + ":webhook", 1, NOW - day / 2));

    assertThat(Await.result(storage.notifications().purge(NOW - 5 * day, 1))).isEqualTo(1);
    assertThat(Await.result(storage.notifications().purge(NOW - 5 * day, 1))).isEqualTo(1);
    assertThat(Await.result(storage.notifications().purge(NOW - 5 * day, 1)))
        .as("the pending one stays").isZero();
    NotificationStore.Page page = Await.result(storage.notifications().list(alice, null, 10,
        false));
    assertThat(page.notifications()).extracting(Notification::id)
        .containsExactly(recent.id(), stillPending.id());
    // The purged notifications' deliveries went with them: only these two are old enough.
    assertThat(Await.result(storage.deliveries().purge(NOW - 2 * day, 100))).isEqualTo(2);
    page = Await.result(storage.notifications().list(alice, null, 10, false));
    assertThat(page.deliveries().get(stillPending.id())).extracting(
            NotificationStore.DeliveryStatus::channel, NotificationStore.DeliveryStatus::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("webhook", "pending"));
    assertThat(page.deliveries().get(recent.id())).extracting(
            NotificationStore.DeliveryStatus::channel)
        .containsExactly("webhook");

    Rule keyed = rule(alice, 1, NOW - 10 * day);
    Rule fresh = rule(alice, 2, NOW);
    Await.result(storage.rules().create(keyed, "old-key", day, 10));
    Await.result(storage.rules().create(fresh, "new-key", day, 10));
    assertThat(Await.result(storage.rules().purgeKeys(NOW - 5 * day, 100))).isEqualTo(1);
    assertThat(Await.result(storage.rules().purgeKeys(NOW - 5 * day, 100))).isZero();
    // Asked with a TTL that never ends, a key still stored answers its rule; a purged one not.
    assertThat(Await.result(storage.rules().create(rule(alice, 3, NOW), "old-key", NOW, 10))
        .created()).isTrue();
    assertThat(Await.result(storage.rules().create(rule(alice, 4, NOW), "new-key", NOW, 10))
        .created()).isFalse();
    assertThat(Await.result(storage.rules().get(alice, keyed.id()))).as("the rule stays")
        .isNotNull();
  }

  /** A notification of {@code user} made at {@code createdAt}, queued on websocket and webhook. */
  Notification old(String user, String name, long createdAt) {
    Notification n = new Notification(Ids.next("ntf"), "purge:" + user + ":" + name, user, null,
        name, "b", new JsonObject(), createdAt, false);
    Await.result(storage.notifications().record(Firing.system(n, List.of("websocket", "webhook"))));
    return n;
  }

  @Test
  @DisplayName("keeps everything across closing and opening again")
  void reopen() {
    String alice = user();
    Rule rule = rule(alice, 100, NOW);
    Await.result(storage.rules().create(rule, null, 1_000, 10));
    Await.result(storage.close());
    storage = Await.result(Storage.open(vertx, config()));
    assertThat(Await.result(storage.rules().get(alice, rule.id()))).isEqualTo(rule);
  }

  private static List<DeliveryQueue.Delivery> mine(List<DeliveryQueue.Delivery> taken,
      String user) {
    return taken.stream().filter(d -> d.notification().user().equals(user)).toList();
  }
}
