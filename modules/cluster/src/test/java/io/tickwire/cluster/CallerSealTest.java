package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.RequestHeaders;
import io.tickwire.runtime.Methods;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.LoopbackPorts;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two members and a rogue: a clustered Vert.x that joined the Hazelcast cluster (it knows the
 * cluster name and reaches the ports, as anyone inside the cluster network can) but not the
 * identity secret. The method under test is served by member 1 alone, so every call from member
 * 0 or from the rogue crosses the event bus.
 */
@DisplayName("The caller's seal on requests between members")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallerSealTest {

  static final String METHOD = "test.whoami";

  static TestCluster cluster;
  static Rogue rogue;
  /** What the method's handler was called with. */
  static final Queue<JsonObject> calls = new ConcurrentLinkedQueue<>();

  /** A clustered Vert.x on a Hazelcast member of the cluster, without tickwire's seal. */
  record Rogue(HazelcastInstance hazelcast, Vertx vertx) {

    static Rogue join(TestCluster cluster) {
      Config config = HazelcastConfigs.build(cluster.config(0));
      config.getNetworkConfig().setPort(LoopbackPorts.free());
      HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
      Vertx vertx = Await.result(Vertx.builder()
          .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered());
      return new Rogue(hazelcast, vertx);
    }

    /** Sends a request as the gateway would, with any headers; answers the failure code. */
    int refusal(JsonObject body, MultiMap headers) {
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(10_000).setHeaders(headers);
      Throwable failure = Await.failure(vertx.eventBus().request(Addresses.method(METHOD), body,
          options));
      if (failure instanceof ReplyException refused) {
        return refused.failureCode();
      }
      throw new AssertionError("no answer: " + failure, failure);
    }

    void close() {
      Await.result(vertx.close());
      hazelcast.shutdown();
    }
  }

  @BeforeAll
  static void start() {
    cluster = new TestCluster(2);
    Await.result(Methods.register(cluster.member(1).cluster.vertx(), METHOD, call -> {
      calls.add(new JsonObject().put("user", call.user()).put("session", call.session())
          .put("wallets", new JsonArray(List.copyOf(call.wallets()))).put("data", call.data()));
      return Future.succeededFuture(new JsonObject().put("user", call.user())
          .put("data", call.data()));
    }).completion());
    rogue = Rogue.join(cluster);
  }

  @AfterAll
  static void stop() throws Exception {
    if (rogue != null) {
      rogue.close();
    }
    cluster.close();
  }

  static MultiMap claim(String user) {
    return MultiMap.caseInsensitiveMultiMap().add(RequestHeaders.USER, user)
        .add(RequestHeaders.SESSION, "s-rogue");
  }

  @Test
  @DisplayName("let a user's request through the gateway reach a service on another member with the user, session, wallets and body as the gateway saw them")
  void gatewayCallerReachesService() {
    String token = Tokens.hs256(TestConfig.SECRET, new JsonObject()
        .put("sub", "alice").put("wallets", new JsonArray().add("0xAbC"))
        .put("exp", System.currentTimeMillis() / 1000 + 600));
    TestSocket socket = cluster.member(0).connect("?token=" + token);
    // What must encode to the same bytes after the trip through the clustered codec.
    JsonObject data = new JsonObject().put("price", 1.5).put("tiny", 1e-300).put("big", 1e300)
        .put("long", 12_345_678_901_234L).put("huge", new java.math.BigInteger(
            "123456789012345678901234567890")).put("text", "é \u2028 \"quoted\" \\ \u0001 ✓")
        .put("nested", new JsonArray().add(new JsonObject().put("a", (Object) null)).add(-0.0))
        .put("empty", new JsonObject());
    calls.clear();
    JsonObject response = socket.request(METHOD, data);
    assertThat(response.getString("type")).isEqualTo("response");
    assertThat(response.getJsonObject("data").getString("user")).isEqualTo("alice");
    JsonObject call = calls.poll();
    assertThat(call.getString("user")).isEqualTo("alice");
    assertThat(call.getString("session")).isNotBlank();
    assertThat(call.getJsonArray("wallets")).containsExactly("0xabc");
    assertThat(call.getJsonObject("data").getDouble("price")).isEqualTo(1.5);
    assertThat(call.getJsonObject("data").getString("text")).isEqualTo(data.getString("text"));
    socket.close();
  }

  @Test
  @DisplayName("refuse with unauthorized a request that claims a user from a party without the secret, before any handler sees it")
  void refuseUnsealed() {
    calls.clear();
    double refusedBefore = refused();
    assertThat(rogue.refusal(new JsonObject(), claim("alice"))).isEqualTo(401);
    // Anonymous is no way round: every request to a method needs a seal.
    assertThat(rogue.refusal(new JsonObject(), MultiMap.caseInsensitiveMultiMap())).isEqualTo(401);
    // Nor is a publish, which a handler would serve without a reply.
    rogue.vertx.eventBus().publish(Addresses.method(METHOD), new JsonObject(),
        new DeliveryOptions().setHeaders(claim("alice")));
    assertThat(rogue.refusal(new JsonObject(), claim("alice"))).isEqualTo(401);
    assertThat(calls).isEmpty();
    assertThat(refused() - refusedBefore).isEqualTo(4);
  }

  @Test
  @DisplayName("refuse a seal made with another secret, a seal moved to another user or body, and one issued outside the window")
  void refuseForgedAndReplayed() {
    calls.clear();
    JsonObject body = new JsonObject().put("webhook", "https://victim.example/hook");
    CallerSeal wrongKey = new CallerSeal("another-secret-of-enough-length-0123456789",
        System::currentTimeMillis);
    MultiMap forged = claim("alice");
    forged.set(RequestHeaders.SEAL, wrongKey.seal(Addresses.method(METHOD), forged, body));
    assertThat(rogue.refusal(body, forged)).isEqualTo(401);

    // A seal a member made for bob's request (as one read off a plain event bus would be).
    CallerSeal member = new CallerSeal(TestCluster.IDENTITY_SECRET, System::currentTimeMillis);
    MultiMap bobs = claim("bob");
    String bobSeal = member.seal(Addresses.method(METHOD), bobs, body);
    MultiMap asAlice = claim("alice").set(RequestHeaders.SEAL, bobSeal);
    assertThat(rogue.refusal(body, asAlice)).isEqualTo(401);
    MultiMap otherBody = claim("bob").set(RequestHeaders.SEAL, bobSeal);
    assertThat(rogue.refusal(body.copy().put("webhook", "https://evil.example/"), otherBody))
        .isEqualTo(401);

    CallerSeal old = new CallerSeal(TestCluster.IDENTITY_SECRET,
        () -> System.currentTimeMillis() - CallerSeal.WINDOW_MS - 5_000);
    MultiMap stale = claim("bob");
    stale.set(RequestHeaders.SEAL, old.seal(Addresses.method(METHOD), stale, body));
    assertThat(rogue.refusal(body, stale)).isEqualTo(401);
    assertThat(calls).isEmpty();

    // The same seal, unchanged and in time, is served: what TLS on the event bus is for.
    MultiMap replay = claim("bob").set(RequestHeaders.SEAL, bobSeal);
    JsonObject served = Await.result(rogue.vertx.eventBus().<JsonObject>request(
        Addresses.method(METHOD), body, new DeliveryOptions().setHeaders(replay)
            .setSendTimeout(10_000))).body();
    assertThat(served.getJsonObject("data").getString("user")).isEqualTo("bob");
  }

  /** Requests member 1 refused so far. */
  private static double refused() {
    var counter = cluster.member(1).node.registry().find("tickwire.cluster.seal.refused")
        .counter();
    return counter == null ? 0 : counter.count();
  }
}
