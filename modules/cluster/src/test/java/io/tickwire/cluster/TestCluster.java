package io.tickwire.cluster;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.gateway.admin.AdminSources;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.LoopbackPorts;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Clustered tickwire nodes in this JVM, each a Hazelcast member on loopback. */
final class TestCluster implements AutoCloseable {

  /** The members' {@code cluster.identitySecret}. */
  static final String IDENTITY_SECRET = "cluster-test-identity-secret-0123456789";
  /** Gateway instances per member. */
  static final int GATEWAY_INSTANCES = 2;

  /** One member: its cluster node, its gateway and the clients of {@link NodeFixture}. */
  static final class Member extends NodeFixture {
    final ClusterMember cluster;
    final NodeContext node;
    final Deployments deployments;
    final ChannelPublisher publisher;
    boolean stopped;

    /** A member on {@code cluster}'s Vert.x; {@link #close()} hands its work off first. */
    Member(ClusterMember cluster, NodeContext node, Deployments deployments, int port) {
      super(cluster.vertx(), port, () -> {
        cluster.handOff();
        return deployments.undeployAll();
      });
      this.cluster = cluster;
      this.node = node;
      this.deployments = deployments;
      this.publisher = new ChannelPublisher(cluster.vertx());
    }

    /** A call to this member's HTTP API without a body. */
    Response call(HttpMethod method, String path) {
      return call(method, path, TestConfig.API_KEY, null);
    }

    /** Publishes as a service does, through the event bus. */
    ChannelPublisher.Published publishOnBus(String channel, Object data) {
      return Await.result(publisher.publish(channel, data));
    }

    /** Stops as the launcher does: hands off its work, closes sockets with 1001, leaves. */
    void stop() {
      stopped = true;
      close();
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
  /** Edits each member's gateway configuration. */
  final Consumer<JsonObject> change;

  TestCluster(int size) {
    this(size, new JsonObject());
  }

  TestCluster(int size, JsonObject extra) {
    this(size, size, extra, json -> { });
  }

  /**
   * Room for {@code size} members, of which the first {@code started} start now (the others with
   * {@link #join}); {@code change} edits every member's gateway configuration.
   */
  TestCluster(int size, int started, JsonObject extra, Consumer<JsonObject> change) {
    this.extra = extra;
    this.change = change;
    ports = new ArrayList<>();
    eventBusPorts = new ArrayList<>();
    // The member ports first, then the event-bus ports.
    int[] free = LoopbackPorts.free(2 * size);
    for (int i = 0; i < size; i++) {
      ports.add(free[i]);
      eventBusPorts.add(free[size + i]);
    }
    // Members start one after the other, so the first need not wait long for others to appear.
    System.setProperty("hazelcast.wait.seconds.before.join", "1");
    for (int i = 0; i < started; i++) {
      members.add(startMember(i));
    }
    settle(30);
  }

  /** Starts member {@code index}, the next one not started, and waits for the cluster to settle. */
  Member join(int index) {
    if (index != members.size()) {
      throw new IllegalArgumentException("member " + members.size() + " is the next to start");
    }
    Member member = startMember(index);
    members.add(member);
    settle(30);
    return member;
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
    return ClusterConfig.from(Section.root(new JsonObject().put("cluster", clusterJson(index)))
        .section("cluster"));
  }

  /** The cluster section of member {@code index}, as JSON (for a member in another JVM). */
  JsonObject clusterJson(int index) {
    List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
    return new JsonObject().put("enabled", true).put("name", name).put("port", ports.get(index))
        .put("members", new JsonArray(addresses)).put("heartbeatMs", 1000)
        .put("memberTimeoutMs", 3000).put("eventBusPort", eventBusPorts.get(index))
        .put("identitySecret", IDENTITY_SECRET).mergeIn(extra.copy());
  }

  Member startMember(int index) {
    ClusterConfig config = config(index);
    NodeContext node = NodeContext.create("node-" + index);
    ClusterMember cluster = ClusterMember.start(node, new VertxOptions(), config);
    Deployments deployments = new Deployments(cluster.vertx());
    JsonObject json = config();
    change.accept(json);
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    int port = NodeFixture.deploy(cluster.vertx(), () -> GatewayModule.start(deployments,
        setup, node, cluster.channelStore(), cluster.connectionRegistry(),
        new AdminSources(cluster.ownership(), json), cluster.presenceRegistry())
        .map(GatewayModule.Ports::http));
    node.ready().set(true);
    return new Member(cluster, node, deployments, port);
  }

  /** Every member's gateway configuration, before {@link #change}. */
  static JsonObject config() {
    return TestConfig.gateway().gateway("instances", GATEWAY_INSTANCES)
        .gateway("maxConnectionsPerUser", 2).apiKey().namespaces("prices", "tx", "user").json();
  }

  static String token(String user) {
    return Tokens.hs256(TestConfig.SECRET, user, 600);
  }

  Member member(int index) {
    return members.get(index);
  }

  @Override
  public void close() {
    for (Member member : members) {
      if (!member.stopped) {
        member.stop();
      }
    }
  }
}
