package io.tickwire.gateway;

import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannelStore;
import io.tickwire.gateway.admin.AdminSources;
import io.tickwire.gateway.endpoint.LocalConnectionRegistry;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.MeteredVertx;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A real tickwire gateway node on loopback for tests: its own metered Vert.x, every gateway
 * verticle deployed on a free port, and the clients of {@link NodeFixture}. Every HTTP exchange
 * made through it is checked against docs/openapi.yaml ({@link ContractCheck}).
 */
final class GatewayFixture extends NodeFixture {

  final NodeContext node;
  final Deployments deployments;
  final GatewaySetup setup;
  /** The management port, or -1 when {@code ops.enabled} is off. */
  final int opsPort;

  private GatewayFixture(NodeContext node, Deployments deployments, GatewaySetup setup,
      GatewayModule.Ports ports) {
    super(deployments.vertx(), ports.http(), deployments::undeployAll);
    this.node = node;
    this.deployments = deployments;
    this.setup = setup;
    this.opsPort = ports.ops();
  }

  /** The configuration tests start from: the dev namespaces and the test API key. */
  static JsonObject config() {
    return TestConfig.dev().json();
  }

  static GatewayFixture start() {
    return start(config -> { });
  }

  /** Starts a node with the test configuration changed by {@code change}. */
  static GatewayFixture start(Consumer<JsonObject> change) {
    return start(change, LocalChannelStore::new);
  }

  /** Starts a node with a channel store of the test's. */
  static GatewayFixture start(Consumer<JsonObject> change, ChannelStore.Factory store) {
    return start(change, store, false);
  }

  /**
   * Starts a node whose admin console shows the test configuration, changed by {@code change},
   * as the node's loaded configuration.
   */
  static GatewayFixture startShowingConfig(Consumer<JsonObject> change) {
    return start(change, LocalChannelStore::new, true);
  }

  private static GatewayFixture start(Consumer<JsonObject> change, ChannelStore.Factory store,
      boolean showConfig) {
    JsonObject json = config();
    change.accept(json);
    GatewaySetup setup = GatewaySetup.from(Section.root(json));
    NodeContext node = NodeContext.create("test-" + UUID.randomUUID().toString().substring(0, 6));
    Deployments deployments = new Deployments(MeteredVertx.start(node, new VertxOptions()));
    AdminSources sources = showConfig ? new AdminSources(Ownership.single(), json)
        : AdminSources.single();
    GatewayModule.Ports ports = deploy(deployments.vertx(), () -> GatewayModule.start(deployments,
        setup, node, store, (owner, max) -> new LocalConnectionRegistry(max), sources));
    node.ready().set(true);
    GatewayFixture fixture = new GatewayFixture(node, deployments, setup, ports);
    fixture.checkExchanges(exchange -> ContractCheck.shared().check(exchange));
    return fixture;
  }

  /**
   * Opens {@code /sse} + {@code query}; answers the reader once the status is known, which must
   * be {@code expectedStatus}. A refusal's body is read at once; a stream's is the reader's.
   */
  SseClient openSse(String query, Map<String, String> headers, int expectedStatus) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
        .setPort(port).setURI("/sse" + query);
    headers.forEach(options::putHeader);
    // The chain runs on an event loop, so the reader's handler is set before any chunk arrives.
    SseClient client = Await.result(onEventLoop(() -> http.request(options)
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200
            ? Future.succeededFuture(new SseClient(response))
            : response.body().map(body -> new SseClient(response, body.toString())))));
    MultiMap sent = MultiMap.caseInsensitiveMultiMap();
    headers.forEach(sent::add);
    checked(new Exchange(HttpMethod.GET, options.getURI(), sent, null,
        client.response.statusCode(),
        MultiMap.caseInsensitiveMultiMap().addAll(client.response.headers()), client.refusal));
    if (client.response.statusCode() != expectedStatus) {
      throw new AssertionError("expected HTTP " + expectedStatus + " from /sse" + query + ", got "
          + client.response.statusCode());
    }
    return client;
  }

  /**
   * An HTTP call with {@code Authorization: authorization} when not null and a JSON body (or
   * none), checked like {@link #call}; answers the whole exchange, headers included.
   */
  Exchange request(HttpMethod method, String path, String authorization, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(port).setURI(path);
    MultiMap sent = MultiMap.caseInsensitiveMultiMap();
    if (body != null) {
      sent.add("content-type", "application/json");
    }
    if (authorization != null) {
      sent.add("Authorization", authorization);
    }
    options.setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(sent));
    Exchange exchange = Await.result(onEventLoop(() -> http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(buffer -> new Exchange(method, path, sent,
            body, response.statusCode(),
            MultiMap.caseInsensitiveMultiMap().addAll(response.headers()), buffer.toString())))));
    checked(exchange);
    return exchange;
  }

  /** A token signed with the test secret. */
  String token(String user, long ttlSeconds, String... wallets) {
    return Tokens.hs256(TestConfig.SECRET, user, ttlSeconds, wallets);
  }
}
