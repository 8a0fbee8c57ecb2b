package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannels;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.testkit.core.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Protocol 1.1 on one node: client publish, claim access, ephemeral namespaces")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientPublishTest {

  /** The frame types of protocol 1.0 a client that asks nothing new may see. */
  static final Set<String> PROTOCOL_1_0 = Set.of("welcome", "authed", "subscribed",
      "unsubscribed", "response", "pong", "message", "error");
  /** The desk namespace's publication limits in this test. */
  static final int RATE = 2;
  static final int MAX_BYTES = 256;
  /** Subscribe frames each followed at once by a publication to one of their channels. */
  static final int ROUNDS = 5;
  /** Channels of each of those subscribe frames. */
  static final int RACE_CHANNELS = 60;

  static GatewayFixture node;

  /** The node's own store, but the recovery of a channel whose key starts with "broken" fails. */
  static final class BrokenRecoveryStore extends ForwardingStore {

    private final Vertx vertx;

    BrokenRecoveryStore(Vertx vertx, long idempotencyTtlMs, LocalChannels held) {
      super(vertx, idempotencyTtlMs, held);
      this.vertx = vertx;
    }

    @Override
    public Future<ChannelStore.Recovery> recover(ChannelName channel, NamespacePolicy policy,
        Position since) {
      if (!channel.key().startsWith("broken")) {
        return super.recover(channel, policy, since);
      }
      // Later, so that a publication right behind the subscribe frame waits for it.
      Promise<ChannelStore.Recovery> failed = Promise.promise();
      vertx.setTimer(300, ignored -> failed.fail("the history is unreachable"));
      return failed.future();
    }
  }

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> {
      JsonObject extra = TestConfig.gateway().desks().json();
      json.getJsonObject("namespaces").mergeIn(extra.getJsonObject("namespaces"));
      json.getJsonObject("namespaces").getJsonObject("desk").put("publishRate", RATE)
          .put("maxPublishBytes", MAX_BYTES);
      json.getJsonObject("namespaces")
          .put("lobby", new JsonObject().put("access", "public").put("clientPublish",
              "subscribers").put("publishRate", ROUNDS * 2))
          .put("flash", new JsonObject().put("access", "public").put("mode", "stream")
              .put("historySize", 0));
      json.getJsonObject("gateway").mergeIn(extra.getJsonObject("gateway"));
    }, BrokenRecoveryStore::new);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A socket of {@code user} with the desks of {@code desks} (from {@code /dev/token}). */
  static TestSocket trader(String user, String desks) {
    String path = "/dev/token?sub=" + user + (desks == null ? "" : "&desks=" + desks);
    GatewayFixture.Response response = node.get(path);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return node.connect("?token=" + response.json().getString("token"));
  }

  static JsonObject publish(TestSocket socket, String channel, Object data) {
    return publish(socket, channel, data, null);
  }

  static JsonObject publish(TestSocket socket, String channel, Object data, String key) {
    String id = TestSocket.newId();
    JsonObject frame = new JsonObject().put("type", "publish").put("id", id)
        .put("channel", channel).put("data", data);
    if (key != null) {
      frame.put("idempotencyKey", key);
    }
    socket.send(frame);
    return socket.answer(id);
  }

  @Test
  @DisplayName("a subscriber's publication is answered published, sequenced with HTTP publishes, and delivered and recovered with from")
  void publishes() {
    TestSocket alice = trader("alice", "alpha,beta");
    TestSocket bob = trader("bob", "alpha");
    alice.subscribeAll("desk.alpha");
    bob.subscribeAll("desk.alpha");

    JsonObject first = node.publish("desk.alpha", new JsonObject().put("n", 1));
    JsonObject published = publish(alice, "desk.alpha", new JsonObject().put("n", 2));
    JsonObject third = node.publish("desk.alpha", new JsonObject().put("n", 3));
    assertThat(published.getString("type")).as(published.encode()).isEqualTo("published");
    assertThat(published.fieldNames())
        .containsExactlyInAnyOrder("type", "id", "channel", "seq", "epoch");
    assertThat(published.getString("channel")).isEqualTo("desk.alpha");
    assertThat(published.getLong("seq")).isEqualTo(first.getLong("seq") + 1);
    assertThat(third.getLong("seq")).isEqualTo(first.getLong("seq") + 2);
    assertThat(published.getString("epoch")).isEqualTo(first.getString("epoch"));

    List<JsonObject> received = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      received.add(bob.message("desk.alpha"));
    }
    assertThat(received).extracting(m -> m.getJsonObject("data").getInteger("n"))
        .containsExactly(1, 2, 3);
    assertThat(received).extracting(m -> m.getLong("seq")).containsExactly(
        first.getLong("seq"), first.getLong("seq") + 1, first.getLong("seq") + 2);
    assertThat(received.get(0).containsKey("from")).isFalse();
    assertThat(received.get(1).getJsonObject("from")).isEqualTo(new JsonObject()
        .put("user", "alice").put("session", alice.welcome.getString("session")));
    // The publisher, a subscriber too, gets its own message like everyone else.
    assertThat(alice.message("desk.alpha", data -> data.getInteger("n") == 2)
        .getJsonObject("from").getString("user")).isEqualTo("alice");

    TestSocket late = trader("carol", "alpha");
    late.subscribe(new JsonObject().put("desk.alpha", new JsonObject()
        .put("seq", first.getLong("seq")).put("epoch", first.getString("epoch"))), "desk.alpha");
    JsonObject replayed = late.message("desk.alpha");
    assertThat(replayed.getLong("seq")).isEqualTo(published.getLong("seq"));
    assertThat(replayed.getJsonObject("from").getString("user")).isEqualTo("alice");
    for (TestSocket socket : List.of(alice, bob, late)) {
      socket.close();
    }
  }

  @Test
  @DisplayName("a publication sent right behind its channel's subscribe comes after the subscription's starting point: the publisher receives it")
  void publishRightAfterSubscribe() {
    TestSocket alice = trader("alice", null);
    for (int round = 0; round < ROUNDS; round++) {
      // The channel published to is the last of a subscribe frame of many: its recovery is
      // asked for behind the others', and the publication right behind the frame reaches the
      // node while the channel's starting point is not fixed yet.
      List<String> channels = new ArrayList<>();
      for (int i = 0; i < RACE_CHANNELS; i++) {
        channels.add("lobby.race-" + round + "-" + i);
      }
      String channel = channels.get(RACE_CHANNELS - 1);
      String subscribeId = TestSocket.newId();
      String publishId = TestSocket.newId();
      alice.send(new JsonObject().put("type", "subscribe").put("id", subscribeId)
          .put("channels", new JsonArray(new ArrayList<>(channels))));
      alice.send(new JsonObject().put("type", "publish").put("id", publishId)
          .put("channel", channel).put("data", new JsonObject().put("round", round)));
      JsonObject subscribed = alice.answer(subscribeId);
      JsonObject published = alice.answer(publishId);
      assertThat(published.getString("type")).as(published.encode()).isEqualTo("published");
      JsonObject granted = subscribed.getJsonArray("channels").getJsonObject(RACE_CHANNELS - 1);
      assertThat(granted.getString("channel")).isEqualTo(channel);
      assertThat(published.getLong("seq")).as("round %d", round)
          .isGreaterThan(granted.getLong("seq"));
      JsonObject own = alice.message(channel);
      assertThat(own.getLong("seq")).isEqualTo(published.getLong("seq"));
      assertThat(own.getJsonObject("data").getInteger("round")).isEqualTo(round);
      assertThat(alice.unsubscribe(channels).getString("type"))
          .isEqualTo("unsubscribed");
    }
    alice.close();
  }

  @Test
  @DisplayName("a publication waiting for a subscription whose recovery then fails is refused forbidden, not published")
  void waitingForFailedRecovery() {
    TestSocket alice = trader("alice", null);
    String subscribeId = TestSocket.newId();
    String publishId = TestSocket.newId();
    alice.send(new JsonObject().put("type", "subscribe").put("id", subscribeId)
        .put("channels", new JsonArray().add("lobby.broken-1")));
    alice.send(new JsonObject().put("type", "publish").put("id", publishId)
        .put("channel", "lobby.broken-1").put("data", new JsonObject().put("n", 1)));
    JsonObject subscribed = alice.answer(subscribeId);
    assertThat(subscribed.getJsonArray("channels")).as(subscribed.encode()).isEmpty();
    assertThat(subscribed.getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("unavailable");
    JsonObject refused = alice.answer(publishId);
    assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
    assertThat(refused.getString("code")).isEqualTo("forbidden");
    alice.close();
  }

  @Test
  @DisplayName("forbidden without the claim, without a subscription, and in a namespace without client publish; unauthorized without a token")
  void refusals() {
    TestSocket outsider = trader("mallory", "beta");
    JsonObject subscribed = outsider.subscribe("desk.alpha");
    assertThat(subscribed.getJsonArray("channels")).isEmpty();
    assertThat(subscribed.getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("forbidden");
    assertRefused(publish(outsider, "desk.alpha", "hi"), "forbidden", "desk.alpha");

    TestSocket member = trader("dave", "gamma");
    assertRefused(publish(member, "desk.gamma", "before subscribing"), "forbidden",
        "desk.gamma");
    member.subscribeAll("tx.publish-none");
    assertRefused(publish(member, "tx.publish-none", "hi"), "forbidden", "tx.publish-none");
    assertRefused(publish(member, "nope.x", "hi"), "not_found", "nope.x");

    TestSocket anonymous = node.connect();
    anonymous.subscribeAll("lobby.main");
    assertRefused(publish(anonymous, "lobby.main", "hi"), "unauthorized", "lobby.main");

    TestSocket listener = trader("erin", "gamma");
    listener.subscribeAll("desk.gamma", "tx.publish-none", "lobby.main");
    assertThat(listener.drain()).as("nothing refused was published").isEmpty();
    for (TestSocket socket : List.of(outsider, member, anonymous, listener)) {
      socket.close();
    }
  }

  @Test
  @DisplayName("data over maxPublishBytes is too_large and more than publishRate a second is rate_limited, for that connection only")
  void limits() {
    TestSocket fast = trader("frank", "delta");
    TestSocket other = trader("grace", "delta");
    fast.subscribeAll("desk.delta");
    other.subscribeAll("desk.delta");

    // JSON "x…x" is the text and two quotes.
    assertRefused(publish(fast, "desk.delta", "x".repeat(MAX_BYTES - 1)), "too_large",
        "desk.delta");
    String id = TestSocket.newId();
    fast.send(new JsonObject().put("type", "publish").put("id", id).put("channel", "desk.delta")
        .put("data", "x".repeat(MAX_BYTES - 2)));
    List<String> answers = new ArrayList<>();
    answers.add(fast.answer(id).getString("type"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(TestSocket.newId());
      fast.send(new JsonObject().put("type", "publish").put("id", ids.get(i))
          .put("channel", "desk.delta").put("data", i));
    }
    List<JsonObject> burst = new ArrayList<>();
    for (String each : ids) {
      burst.add(fast.answer(each));
    }
    // The bucket holds RATE tokens: the first at the limit and the next one pass, the rest of
    // the burst (sent within milliseconds) is refused.
    assertThat(answers).containsExactly("published");
    assertThat(burst.get(0).getString("type")).isEqualTo("published");
    assertThat(burst.subList(1, 4)).allSatisfy(answer -> {
      assertThat(answer.getString("type")).isEqualTo("error");
      assertThat(answer.getString("code")).isEqualTo("rate_limited");
      assertThat(answer.getString("channel")).isEqualTo("desk.delta");
    });
    assertThat(publish(other, "desk.delta", "unaffected").getString("type"))
        .isEqualTo("published");

    List<Object> delivered = other.drain().stream().filter(f -> "message".equals(
        f.getString("type"))).map(f -> f.getValue("data")).toList();
    assertThat(delivered).containsExactly("x".repeat(MAX_BYTES - 2), 0, "unaffected");
    fast.close();
    other.close();
  }

  @Test
  @DisplayName("an idempotency key publishes once per user; the same key of another user is another publication")
  void idempotency() {
    TestSocket alice = trader("alice", "epsilon");
    TestSocket bob = trader("bob", "epsilon");
    alice.subscribeAll("desk.epsilon");
    bob.subscribeAll("desk.epsilon");
    JsonObject once = publish(alice, "desk.epsilon", "order 1", "k-1");
    JsonObject again = publish(alice, "desk.epsilon", "order 1 again", "k-1");
    JsonObject bobs = publish(bob, "desk.epsilon", "bob's", "k-1");
    assertThat(again.getLong("seq")).isEqualTo(once.getLong("seq"));
    assertThat(bobs.getLong("seq")).isEqualTo(once.getLong("seq") + 1);
    assertRefused(publish(alice, "desk.epsilon", "x", "k".repeat(129)), "bad_request",
        "desk.epsilon");
    List<Object> delivered = bob.drain().stream().filter(f -> "message".equals(
        f.getString("type"))).map(f -> f.getValue("data")).toList();
    assertThat(delivered).containsExactly("order 1", "bob's");
    alice.close();
    bob.close();
  }

  @Test
  @DisplayName("an ephemeral namespace sequences its messages but answers every since with recovered false")
  void ephemeral() {
    TestSocket socket = node.connect();
    JsonObject subscribed = socket.subscribeAll("flash.news");
    JsonObject one = node.publish("flash.news", "one");
    JsonObject two = node.publish("flash.news", "two");
    JsonObject message = socket.message("flash.news");
    assertThat(message.getLong("seq")).isEqualTo(one.getLong("seq"));
    assertThat(message.getString("epoch")).isEqualTo(subscribed.getJsonArray("channels")
        .getJsonObject(0).getString("epoch"));
    assertThat(socket.message("flash.news").getLong("seq")).isEqualTo(two.getLong("seq"));
    socket.unsubscribe(List.of("flash.news"));

    for (long since : new long[] {one.getLong("seq"), two.getLong("seq")}) {
      JsonObject resumed = socket.subscribe(new JsonObject().put("flash.news", new JsonObject()
          .put("seq", since).put("epoch", two.getString("epoch"))), "flash.news");
      JsonObject granted = resumed.getJsonArray("channels").getJsonObject(0);
      assertThat(granted.getBoolean("recovered")).as("since %d", since).isFalse();
      assertThat(granted.getLong("seq")).isEqualTo(two.getLong("seq"));
      assertThat(granted.getString("epoch")).isEqualTo(two.getString("epoch"));
      socket.unsubscribe(List.of("flash.news"));
    }
    assertThat(socket.drain()).as("nothing replayed").noneMatch(
        f -> "message".equals(f.getString("type")));
    socket.close();
  }

  @Test
  @DisplayName("a protocol 1.0 client that sends nothing new sees no new frame type while others publish")
  void protocolOneZero() {
    TestSocket old = trader("olga", "zeta");
    List<String> types = new ArrayList<>();
    old.tap(frame -> types.add(frame.getString("type")));
    old.subscribeAll("desk.zeta", "tx.one-zero");
    TestSocket publisher = trader("pete", "zeta");
    publisher.subscribeAll("desk.zeta");
    publish(publisher, "desk.zeta", "from a 1.1 client");
    node.publish("tx.one-zero", "from a backend");
    node.publish("system.announcements", "maintenance at noon");
    old.message("desk.zeta");
    old.message("tx.one-zero");
    old.message("system.announcements");
    old.unsubscribe(List.of("desk.zeta"));
    old.drain();
    assertThat(types).isNotEmpty();
    assertThat(Set.copyOf(types)).isSubsetOf(PROTOCOL_1_0);
    assertThat(old.welcome.getInteger("protocol")).isEqualTo(1);
    assertThat(old.welcome.getJsonArray("features").getList())
        .contains("publish", "autoSubscribe", "ephemeral");
    old.close();
    publisher.close();
  }

  static void assertRefused(JsonObject answer, String code, String channel) {
    assertThat(answer.getString("type")).as(answer.encode()).isEqualTo("error");
    assertThat(answer.getString("code")).as(answer.encode()).isEqualTo(code);
    assertThat(answer.getString("channel")).isEqualTo(channel);
  }
}
