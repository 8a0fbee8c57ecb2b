package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.testkit.DropProxy;
import io.tickwire.testkit.TestGateway;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Java client speaks protocol 1.1 with a real node")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolElevenTest {

  static TestGateway node;

  final List<TickwireClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    JsonObject desks = TestConfig.gateway().desks().json();
    node = TestGateway.start(json -> {
      desks.getJsonObject("namespaces").forEach(entry ->
          json.getJsonObject("namespaces").put(entry.getKey(), entry.getValue()));
      json.getJsonObject("namespaces").getJsonObject("desk").put("presence", true)
          .put("joinLeave", true);
      json.getJsonObject("namespaces").put("lobby", new JsonObject().put("access", "public")
          .put("clientPublish", "subscribers"));
      json.getJsonObject("gateway").put("autoSubscribe",
          desks.getJsonObject("gateway").getJsonArray("autoSubscribe"));
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(client -> Await.result(client.close()));
  }

  /** A connected client of {@code user} (anonymous when null), member of desks alpha to delta. */
  TickwireClient connect(String user, Format format) {
    return connect(user, format, node.port);
  }

  TickwireClient connect(String user, Format format, int port) {
    ClientOptions options = new ClientOptions().setHost("127.0.0.1").setPort(port)
        .setBackoffBaseMs(20).setBackoffCapMs(200).setPingIntervalMs(0).setFormat(format);
    if (user != null) {
      options.setTokenSupplier(TokenSupplier.of(Tokens.hs256(TestConfig.SECRET,
          new JsonObject().put("sub", user).put("exp", System.currentTimeMillis() / 1000 + 600)
              .put("desks", new JsonArray().add("alpha").add("beta").add("gamma")
                  .add("delta")))));
    }
    TickwireClient client = TickwireClient.create(options);
    clients.add(client);
    Await.result(client.connect());
    return client;
  }

  static <T> BlockingQueue<T> queue() {
    return new LinkedBlockingQueue<>();
  }

  @Test
  @DisplayName("publish: answered with seq and epoch, received by every subscriber with from")
  void publishRoundTrip() {
    TickwireClient alice = connect("alice", Format.JSON);
    TickwireClient bob = connect("bob", Format.JSON);
    assertThat(alice.features()).contains("publish", "presence", "joinLeave", "msgpack");
    BlockingQueue<TickwireMessage> atAlice = queue();
    BlockingQueue<TickwireMessage> atBob = queue();
    alice.onMessage("desk.alpha", atAlice::add);
    bob.onMessage(atBob::add);
    Await.result(alice.subscribe("desk.alpha"));
    Await.result(bob.subscribe("desk.alpha"));

    Published first = Await.result(alice.publish("desk.alpha", new JsonObject().put("text", "hi")));
    assertThat(first.channel()).isEqualTo("desk.alpha");
    assertThat(first.seq()).isPositive();
    assertThat(first.epoch()).isNotBlank();
    TickwireMessage received = Await.next(atBob, "bob's message");
    assertThat(received.seq()).isEqualTo(first.seq());
    assertThat(received.epoch()).isEqualTo(first.epoch());
    assertThat(received.json()).isEqualTo(new JsonObject().put("text", "hi"));
    assertThat(received.from()).isEqualTo(new ClientRef(alice.session(), "alice"));
    assertThat(Await.next(atAlice, "alice's own message").from().session())
        .isEqualTo(alice.session());

    Published keyed = Await.result(bob.publish("desk.alpha", "second", "k-1"));
    assertThat(keyed.seq()).isEqualTo(first.seq() + 1);
    assertThat(Await.result(bob.publish("desk.alpha", "again", "k-1"))).isEqualTo(keyed);
    assertThat(Await.next(atBob, "bob's own message").data()).isEqualTo("second");

    // A message from the HTTP API has no publisher.
    node.publish("desk.alpha", new JsonObject().put("text", "from a backend"));
    TickwireMessage backend = Await.next(atBob, "the backend's message");
    assertThat(backend.seq()).isEqualTo(keyed.seq() + 1);
    assertThat(backend.from()).isNull();
  }

  @Test
  @DisplayName("a refused publication fails its future and leaves the subscription alone")
  void refusedPublication() {
    TickwireClient alice = connect("alice", Format.JSON);
    BlockingQueue<ProtocolException> errors = queue();
    alice.onError(errors::add);
    Await.result(alice.subscribe("desk.beta", "tx.refused"));
    assertThatThrownBy(() -> Await.result(alice.publish("desk.gamma", "not subscribed")))
        .rootCause().isInstanceOf(ProtocolException.class)
        .extracting(cause -> ((ProtocolException) cause).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThatThrownBy(() -> Await.result(alice.publish("tx.refused", "no client publish")))
        .rootCause().extracting(cause -> ((ProtocolException) cause).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThatThrownBy(() -> Await.result(alice.publish("desk.beta", "x".repeat(5_000))))
        .rootCause().extracting(cause -> ((ProtocolException) cause).code())
        .isEqualTo(ErrorCode.TOO_LARGE);
    assertThatThrownBy(() -> Await.result(alice.publish("desk.beta", null)))
        .rootCause().extracting(cause -> ((ProtocolException) cause).code())
        .isEqualTo(ErrorCode.BAD_REQUEST);
    // Still subscribed to both: a publication to tx.refused through the API arrives.
    BlockingQueue<TickwireMessage> messages = queue();
    alice.onMessage(messages::add);
    JsonObject published = node.publish("tx.refused", "still here");
    assertThat(Await.next(messages, "message").seq()).isEqualTo(published.getLong("seq"));
    assertThat(Await.result(alice.publish("desk.beta", "fine")).seq()).isPositive();
    assertThat(errors).isEmpty();
  }

  @Test
  @DisplayName("presence lists the subscribers; join and leave follow them")
  void presenceJoinLeave() {
    TickwireClient alice = connect("alice", Format.JSON);
    TickwireClient bob = connect("bob", Format.MSGPACK);
    BlockingQueue<PresenceEvent> joins = queue();
    BlockingQueue<PresenceEvent> leaves = queue();
    BlockingQueue<PresenceEvent> anyJoin = queue();
    alice.onJoin("desk.gamma", joins::add);
    alice.onLeave("desk.gamma", leaves::add);
    alice.onJoin(anyJoin::add);
    Await.result(alice.subscribe("desk.gamma"));
    Await.result(bob.subscribe("desk.gamma"));

    PresenceEvent join = Await.next(joins, "join");
    assertThat(join).isEqualTo(new PresenceEvent("desk.gamma",
        new ClientRef(bob.session(), "bob")));
    assertThat(Await.next(anyJoin, "join on every channel")).isEqualTo(join);

    Presence presence = Await.result(bob.presence("desk.gamma"));
    assertThat(presence.channel()).isEqualTo("desk.gamma");
    assertThat(presence.count()).isEqualTo(2);
    assertThat(presence.users()).isEqualTo(2);
    assertThat(presence.clients()).extracting(Presence.Client::session)
        .containsExactly(alice.session(), bob.session());
    assertThat(presence.userNames()).containsExactly("alice", "bob");
    assertThat(presence.clients()).allSatisfy(client -> {
      assertThat(client.node()).isNotBlank();
      assertThat(client.joinedAt()).isPositive();
    });

    Await.result(bob.unsubscribe("desk.gamma"));
    assertThat(Await.next(leaves, "leave")).isEqualTo(join);
    assertThat(Await.result(alice.presence("desk.gamma")).count()).isEqualTo(1);
    assertThatThrownBy(() -> Await.result(alice.presence("tx.nopresence")))
        .rootCause().extracting(cause -> ((ProtocolException) cause).code())
        .isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  @DisplayName("announcements arrive without a subscribe, not on the listeners of every channel")
  void announcements() {
    TickwireClient anonymous = connect(null, Format.JSON);
    TickwireClient packed = connect(null, Format.MSGPACK);
    assertThat(anonymous.autoSubscriptions()).containsExactly("system.announcements");
    BlockingQueue<TickwireMessage> announced = queue();
    BlockingQueue<TickwireMessage> packedAnnounced = queue();
    BlockingQueue<TickwireMessage> everything = queue();
    anonymous.onAnnouncement(announced::add);
    packed.onAnnouncement(packedAnnounced::add);
    anonymous.onMessage(everything::add);
    Await.result(anonymous.subscribe("tx.after"));

    JsonObject sent = node.publish("system.announcements",
        new JsonObject().put("text", "maintenance at 22:00"));
    TickwireMessage announcement = Await.next(announced, "announcement");
    assertThat(announcement.channel()).isEqualTo("system.announcements");
    assertThat(announcement.seq()).isEqualTo(sent.getLong("seq"));
    assertThat(announcement.json().getString("text")).isEqualTo("maintenance at 22:00");
    assertThat(Await.next(packedAnnounced, "announcement over MessagePack"))
        .isEqualTo(announcement);
    node.publish("tx.after", "next");
    assertThat(Await.next(everything, "message").channel()).isEqualTo("tx.after");
  }

  @Test
  @DisplayName("a MessagePack client receives the same messages as a JSON client")
  void msgpackSameAsJson() {
    TickwireClient json = connect("alice", Format.JSON);
    TickwireClient packed = connect("bob", Format.MSGPACK);
    assertThat(json.format()).isEqualTo(Format.JSON);
    assertThat(packed.format()).isEqualTo(Format.MSGPACK);
    BlockingQueue<TickwireMessage> atJson = queue();
    BlockingQueue<TickwireMessage> atPacked = queue();
    json.onMessage(atJson::add);
    packed.onMessage(atPacked::add);
    Await.result(json.subscribe("desk.delta"));
    Await.result(packed.subscribe("desk.delta"));

    JsonObject rich = new JsonObject().put("text", "çà € 📈").put("price", 64210.5)
        .put("qty", 20).put("big", Long.MAX_VALUE).put("neg", -7).put("ok", true)
        .putNull("none").put("list", new JsonArray().add(1).add("two").add(new JsonObject()
            .put("three", 3.25)));
    node.publish("desk.delta", rich);
    Published fromPacked = Await.result(packed.publish("desk.delta", rich, "same-1"));
    Await.result(json.publish("desk.delta", new JsonArray().add("from json")));
    for (int i = 0; i < 3; i++) {
      TickwireMessage viaJson = Await.next(atJson, "JSON message " + i);
      TickwireMessage viaPacked = Await.next(atPacked, "MessagePack message " + i);
      assertThat(viaPacked).isEqualTo(viaJson);
    }
    assertThat(fromPacked.seq()).isPositive();
    assertThat(Await.result(packed.presence("desk.delta")).count()).isEqualTo(2);
  }

  @Test
  @DisplayName("after a dropped connection: MessagePack again, announcements once, publish works")
  void afterReconnect() {
    Vertx vertx = Vertx.vertx();
    DropProxy proxy = DropProxy.start(vertx, node.port);
    try {
      TickwireClient alice = connect("alice", Format.MSGPACK, proxy.port());
      Events events = Events.of(alice);
      BlockingQueue<TickwireMessage> announced = queue();
      alice.onAnnouncement(announced::add);
      Await.result(alice.subscribe("desk.beta"));
      node.publish("system.announcements", "before");
      assertThat(Await.next(announced, "first announcement").data()).isEqualTo("before");
      String before = alice.session();

      proxy.drop();
      events.state(ConnectionState.RECONNECTING);
      events.state(ConnectionState.CONNECTED);
      assertThat(alice.session()).isNotEqualTo(before);
      assertThat(alice.format()).isEqualTo(Format.MSGPACK);
      assertThat(alice.features()).contains("publish", "msgpack");
      assertThat(alice.autoSubscriptions()).containsExactly("system.announcements");

      node.publish("system.announcements", "after");
      assertThat(Await.next(announced, "announcement after the reconnection").data())
          .isEqualTo("after");
      Published published = Await.result(alice.publish("desk.beta", "back"));
      TickwireMessage own = events.message();
      assertThat(own.seq()).isEqualTo(published.seq());
      assertThat(own.from().session()).isEqualTo(alice.session());
      assertThat(announced).isEmpty();
    } finally {
      proxy.close();
      Await.result(vertx.close());
    }
  }

  @Test
  @DisplayName("a publication made right after a subscribe, before it is answered, reaches its publisher")
  void publishRightAfterSubscribe() {
    TickwireClient alice = connect("alice", Format.MSGPACK);
    BlockingQueue<TickwireMessage> messages = queue();
    alice.onMessage(messages::add);
    // The channel published to is the last of many subscribed at once: its starting point is
    // fixed behind the others', while the publication is already on its way.
    String[] channels = new String[60];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = "lobby.right-after-" + i;
    }
    String channel = channels[channels.length - 1];
    Future<SubscribeResult> subscribed = alice.subscribe(channels);
    Published published = Await.result(alice.publish(channel, "mine"));
    assertThat(Await.result(subscribed).granted()).hasSize(channels.length);
    TickwireMessage own = Await.next(messages, "the publisher's own message");
    assertThat(own.channel()).isEqualTo(channel);
    assertThat(own.seq()).isEqualTo(published.seq());
    assertThat(own.from().session()).isEqualTo(alice.session());
  }

  @Test
  @DisplayName("format MSGPACK falls back to JSON with a server that selects no subprotocol")
  void msgpackFallsBack() {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
          .webSocketHandler(ws -> {
            ws.writeTextMessage(new JsonObject().put("type", "welcome").put("session", "s-1")
                .put("node", "old").put("protocol", 1).put("heartbeatMs", 15000).encode());
            ws.textMessageHandler(text -> {
              JsonObject frame = new JsonObject(text);
              if ("ping".equals(frame.getString("type"))) {
                ws.writeTextMessage(new JsonObject().put("type", "pong")
                    .put("id", frame.getString("id")).put("ts", 1).encode());
              }
            });
          });
      int port = Await.result(server.listen(0)).actualPort();
      TickwireClient client = TickwireClient.create(new ClientOptions().setHost("127.0.0.1")
          .setPort(port).setPingIntervalMs(0).setMaxAttempts(2).setFormat(Format.MSGPACK));
      clients.add(client);
      Await.result(client.connect());
      assertThat(client.format()).isEqualTo(Format.JSON);
      assertThat(client.features()).isEmpty();
      assertThat(client.autoSubscriptions()).isEmpty();
      assertThat(Await.result(client.ping())).isNotNegative();
    } finally {
      Await.result(vertx.close());
    }
  }
}
