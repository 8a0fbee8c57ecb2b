package io.tickwire.cluster;

import io.tickwire.gateway.GatewayNode;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.tickwire.runtime.Nodes;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.TestSocket;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Clustered tickwire nodes in this JVM, each a Hazelcast member on loopback. */
final class TestCluster implements AutoCloseable {

  static final String SECRET = "cluster-test-secret-0123456789";
  /** The members' {@code cluster.identitySecret}. */
  static final String IDENTITY_SECRET = "cluster-test-identity-secret-0123456789";
  /** Gateway instances per member. */
  static final int GATEWAY_INSTANCES = 2;

  /** One member: its cluster node, its gateway port and a WebSocket client. */
  static final class Member {
    final ClusterNode cluster;
    final Node node;
    final Deployments deployments;
    final int port;
    final WebSocketClient ws;
    final ChannelPublisher publisher;
    final io.vertx.core.http.HttpClient http;
    boolean stopped;

    Member(ClusterNode cluster, Node node, Deployments deployments, int port) {
      this.cluster = cluster;
      this.node = node;
      this.deployments = deployments;
      this.port = port;
      this.ws = cluster.vertx().createWebSocketClient();
      this.publisher = new ChannelPublisher(cluster.vertx());
      this.http = cluster.vertx().createHttpClient();
    }

    /** An HTTP call to this member's API; answers status and body. */
    JsonObject call(io.vertx.core.http.HttpMethod method, String path) {
      return await(onEventLoop(() -> http.request(new io.vertx.core.http.RequestOptions()
              .setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path)
              .putHeader("Authorization", "ApiKey cluster-key"))
          .compose(request -> request.send().compose(response -> response.body()
              .map(body -> new JsonObject().put("status", response.statusCode())
                  .put("body", body.toString()))))));
    }

    /** Runs an asynchronous chain on this member's event loop, so no step misses an event. */
    <T> Future<T> onEventLoop(java.util.function.Supplier<Future<T>> chain) {
      io.vertx.core.Context context = cluster.vertx().getOrCreateContext();
      return Future.future(promise -> context.runOnContext(ignored ->
          chain.get().onComplete(promise)));
    }

    TestSocket connect(String query) {
      return await(onEventLoop(() -> ws.connect(new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(port).setURI("/ws" + query)).map(TestSocket::new)));
    }

    ChannelPublisher.Published publish(String channel, Object data) {
      return await(publisher.publish(channel, data));
    }

    /** Stops as the launcher does: hands off its work, closes sockets with 1001, leaves. */
    void stop() throws Exception {
      stopped = true;
      cluster.handOff();
      deployments.undeployAll().await(30, TimeUnit.SECONDS);
      cluster.close();
    }

    /** Dies without a word: the member vanishes from the cluster. */
    void kill() {
      stopped = true;
      cluster.hazelcast().getLifecycleService().terminate();
      cluster.vertx().close();
    }
  }

  final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
  final List<Integer> ports;
  /** Each member's fixed event-bus port. */
  final List<Integer> eventBusPorts;
  /** Keys added to every member's cluster section (e.g. {@code eventBusTls}). */
  final JsonObject extra;
  final List<Member> members = new ArrayList<>();

  TestCluster(int size) {
    this(size, new JsonObject());
  }

  TestCluster(int size, JsonObject extra) {
    this.extra = extra;
    ports = new ArrayList<>();
    eventBusPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
      eventBusPorts.add(freePort());
    }
    // Members start one after the other, so the first need not wait long for others to appear.
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
    for (int i = 0; i < size; i++) {
      members.add(startMember(i));
    }
    settle(30);
  }

  /** Waits until every live member's partitions and backups are in place. */
  void settle(int seconds) {
    for (Member member : members) {
      if (!member.stopped) {
        assertSafe(member.cluster.hazelcast().getPartitionService()
            .forceLocalMemberToBeSafe(seconds, TimeUnit.SECONDS));
      }
    }
  }

  private static void assertSafe(boolean safe) {
    if (!safe) {
      throw new AssertionError("the cluster's partitions did not settle in time");
    }
  }

  /** The cluster section of member {@code index}. */
  ClusterConfig config(int index) {
    List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
    return ClusterConfig.from(Section.root(new JsonObject().put("cluster",
        new JsonObject().put("enabled", true).put("name", name).put("port", ports.get(index))
            .put("members", new JsonArray(addresses)).put("heartbeatMs", 1000)
            .put("memberTimeoutMs", 3000).put("eventBusPort", eventBusPorts.get(index))
            .put("identitySecret", IDENTITY_SECRET).mergeIn(extra.copy())))
        .section("cluster"));
  }

  Member startMember(int index) {
    ClusterConfig config = config(index);
    Node node = Nodes.node("node-" + index);
    ClusterNode cluster = ClusterNode.start(node, new VertxOptions(), config);
    Deployments deployments = new Deployments(cluster.vertx());
    int port = await(GatewayNode.deploy(deployments, setup(), node, cluster.channelStore(),
        cluster.connectionRegistry()));
    node.ready().set(true);
    return new Member(cluster, node, deployments, port);
  }

  static GatewaySetup setup() {
    JsonObject namespace = new JsonObject().put("historySize", 1000).put("historyTtlMs", 300000);
    return GatewaySetup.from(Section.root(new JsonObject()
        .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
            .put("instances", GATEWAY_INSTANCES).put("maxConnectionsPerUser", 2)
            .put("connectRatePerIp", 0))
        .put("heartbeat", new JsonObject().put("intervalMs", 600_000))
        .put("auth", new JsonObject().put("hmacSecret", SECRET).put("devTokens", true))
        .put("api", new JsonObject().put("keys", new JsonArray().add("cluster-key")))
        .put("namespaces", new JsonObject()
            .put("prices", namespace.copy().put("access", "public").put("mode", "latest"))
            .put("tx", namespace.copy().put("access", "public").put("mode", "stream"))
            .put("user", namespace.copy().put("access", "owner").put("mode", "stream")))));
  }

  static String token(String user) {
    return Tokens.hs256(SECRET, new JsonObject().put("sub", user)
        .put("exp", System.currentTimeMillis() / 1000 + 600));
  }

  Member member(int index) {
    return members.get(index);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (Member member : members) {
      if (!member.stopped) {
        member.stop();
      }
    }
  }
}
