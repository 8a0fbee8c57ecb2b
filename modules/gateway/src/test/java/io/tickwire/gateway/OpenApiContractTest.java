package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.channels.LocalChannels;
import io.tickwire.channels.Publication;
import io.tickwire.gateway.api.HttpApi;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.tickwire.testkit.core.NodeFixture.Exchange;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The OpenAPI description of the HTTP API")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiContractTest {

  private static final int MAX_BODY_BYTES = 1_024;

  /**
   * A channel store whose publications fail by their data: "crash" with {@code internal},
   * "down" as a store that cannot be reached, "hang" never answer.
   */
  static final class FailingStore extends ForwardingStore {

    FailingStore(Vertx vertx, long idempotencyTtlMs, LocalChannels held) {
      super(vertx, idempotencyTtlMs, held);
    }

    @Override
    public Future<Published> publish(Publication publication) {
      Object data = publication.data();
      if ("crash".equals(data)) {
        return Future.failedFuture(new ProtocolException(ErrorCode.INTERNAL, "store crashed"));
      } else if ("down".equals(data)) {
        return Future.failedFuture(new IllegalStateException("store unreachable"));
      } else if ("hang".equals(data)) {
        return Promise.<Published>promise().future();
      }
      return super.publish(publication);
    }
  }

  /** Checks the exchanges of this class only, so that it can tell what they covered. */
  static ContractCheck contract;
  static GatewayFixture node;
  /** The last exchange checked. */
  static final AtomicReference<Exchange> last = new AtomicReference<>();

  @BeforeAll
  static void start() {
    contract = ContractCheck.shared().fresh();
    node = started(json -> {
      json.getJsonObject("api").put("maxBodyBytes", MAX_BODY_BYTES);
      json.getJsonObject("gateway").put("maxConnectionsPerUser", 1).put("requestTimeoutMs", 300);
      json.put("admin", new JsonObject().put("enabled", true).put("maxBodyBytes", MAX_BODY_BYTES)
          .put("announcementChannels", new JsonArray().add("tx.contract")));
      json.getJsonObject("api").put("maxBanSeconds", 60);
      json.getJsonObject("namespaces").put("room", new JsonObject().put("presence", true));
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static GatewayFixture started(Consumer<JsonObject> change) {
    GatewayFixture fixture = GatewayFixture.start(change, FailingStore::new);
    fixture.checkExchanges(exchange -> {
      last.set(exchange);
      contract.check(exchange);
    });
    return fixture;
  }

  @Test
  @DisplayName("is docs/openapi.yaml, served at /api/openapi.yaml without a key as application/yaml")
  void served() throws IOException {
    GatewayFixture.Response response = node.call(HttpMethod.GET, "/api/openapi.yaml", null, null);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/yaml");
    assertThat(response.body()).isEqualTo(Files.readString(Path.of("../../docs/openapi.yaml")));
    assertThat(contract.description.getString("openapi")).startsWith("3.1.");
    // A wrong key changes nothing: the description needs none.
    assertThat(node.call(HttpMethod.GET, "/api/openapi.yaml", "wrong", null).status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("states the limits the code enforces: batch, broadcast, channel name, idempotency key")
  void limits() {
    JsonObject schemas = contract.description.getJsonObject("components")
        .getJsonObject("schemas");
    assertThat(schemas.getJsonObject("PublishBatch").getInteger("maxItems"))
        .isEqualTo(HttpApi.MAX_BATCH);
    assertThat(schemas.getJsonObject("BatchAnswers").getInteger("maxItems"))
        .isEqualTo(HttpApi.MAX_BATCH);
    assertThat(schemas.getJsonObject("BroadcastRequest").getJsonObject("properties")
        .getJsonObject("channels").getInteger("maxItems"))
        .isEqualTo(HttpApi.MAX_BROADCAST_CHANNELS);
    assertThat(schemas.getJsonObject("ChannelName").getInteger("maxLength"))
        .isEqualTo(ChannelName.MAX_LENGTH);
    assertThat(schemas.getJsonObject("PublishRequest").getJsonObject("properties")
        .getJsonObject("idempotencyKey").getInteger("maxLength"))
        .isEqualTo(Publication.MAX_IDEMPOTENCY_KEY_LENGTH);
    // The answer to an over-long batch is the documented 400, and the one at the limit a 200.
    JsonArray full = new JsonArray();
    for (int i = 0; i < HttpApi.MAX_BATCH; i++) {
      full.add(new JsonObject().put("channel", "tx.limit").put("data", i));
    }
    // At 1,000 messages the body is over this node's api.maxBodyBytes: a node with room.
    try (GatewayFixture roomy = started(json -> { })) {
      assertThat(roomy.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY, full.encode())
          .status()).isEqualTo(200);
      full.add(new JsonObject().put("channel", "tx.limit").put("data", -1));
      assertThat(roomy.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY, full.encode())
          .status()).isEqualTo(400);
    }
  }

  @Test
  @DisplayName("matches every operation and every documented status the node answers")
  void everyOperationAndStatus() {
    String key = TestConfig.API_KEY;
    JsonObject message = new JsonObject().put("channel", "tx.contract").put("data", 1);
    post("/api/publish", message.encode(), 200);
    post("/api/publish", new JsonArray().add(message).add(new JsonObject().put("channel", "nope.x")
        .put("data", 2)).add(42).encode(), 200);
    post("/api/publish", message.copy().put("idempotencyKey", "k-1").encode(), 200);
    post("/api/publish", "{nope", 400);
    post("/api/publish", "[]", 400);
    assertThat(node.call(HttpMethod.POST, "/api/publish", null, message.encode()).status())
        .isEqualTo(401);
    post("/api/publish", message.copy().put("channel", "nope.x").encode(), 404);
    post("/api/publish", message.copy().put("data", "x".repeat(MAX_BODY_BYTES)).encode(), 413);
    post("/api/publish", message.copy().put("data", "crash").encode(), 500);
    post("/api/publish", message.copy().put("data", "down").encode(), 503);
    post("/api/publish", message.copy().put("data", "hang").encode(), 504);

    JsonObject broadcast = new JsonObject()
        .put("channels", new JsonArray().add("tx.contract-1").add("tx.contract-2")).put("data", 1);
    post("/api/broadcast", broadcast.encode(), 200);
    post("/api/broadcast", broadcast.copy().put("channels", new JsonArray()).encode(), 400);
    post("/api/broadcast", broadcast.copy().put("channels", new JsonArray().add("nope.x"))
        .encode(), 404);
    post("/api/broadcast", broadcast.copy().put("data", "x".repeat(MAX_BODY_BYTES)).encode(), 413);
    post("/api/broadcast", broadcast.copy().put("data", "crash").encode(), 500);
    post("/api/broadcast", broadcast.copy().put("data", "down").encode(), 503);
    post("/api/broadcast", broadcast.copy().put("data", "hang").encode(), 504);
    assertThat(node.call(HttpMethod.POST, "/api/broadcast", "wrong", broadcast.encode()).status())
        .isEqualTo(401);

    post("/api/users/carol/disconnect", null, 202);
    post("/api/users/carol/disconnect", "{\"banSeconds\":0}", 202);
    post("/api/users/carol/disconnect", "{\"banSeconds\":\"1\"}", 400);
    post("/api/users/carol/disconnect", "{\"banSeconds\":61}", 400);
    post("/api/users/carol/disconnect", "[1]", 400);
    post("/api/users/carol/disconnect", "{\"banSeconds\":" + "1".repeat(MAX_BODY_BYTES) + "}",
        413);
    post("/api/users/" + "c".repeat(129) + "/disconnect", null, 400);
    assertThat(node.call(HttpMethod.POST, "/api/users/carol/disconnect", null, null).status())
        .isEqualTo(401);
    assertThat(node.call(HttpMethod.GET, "/api/users/carol", key, null).status()).isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/api/users/" + "c".repeat(129), key, null).status())
        .isEqualTo(400);
    assertThat(node.call(HttpMethod.GET, "/api/users/carol", null, null).status()).isEqualTo(401);
    assertThat(node.call(HttpMethod.GET, "/api/channels", key, null).status()).isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/api/channels", null, null).status()).isEqualTo(401);
    assertThat(node.call(HttpMethod.GET, "/api/presence/room.a", key, null).status())
        .isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/api/presence/tx.contract", key, null).status())
        .isEqualTo(400);
    assertThat(node.call(HttpMethod.GET, "/api/presence/nope.x", key, null).status())
        .isEqualTo(404);
    assertThat(node.call(HttpMethod.GET, "/api/presence/room.a", null, null).status())
        .isEqualTo(401);
    assertThat(node.call(HttpMethod.GET, "/api/openapi.yaml", null, null).status()).isEqualTo(200);

    String token = node.token("carol", 600);
    SseClient stream = node.openSse("?channels=tx.contract&token=" + token, Map.of(), 200);
    stream.next("welcome");
    node.openSse("?channels=tx.contract&token=" + token, Map.of(), 429);
    stream.close();
    node.openSse("?channels=" + IntStream.range(0, 300).mapToObj(i -> "tx.c" + i)
        .collect(Collectors.joining(",")), Map.of(), 400);
    node.openSse("?channels=tx.contract&token=nonsense", Map.of(), 401);
    // A ban through the HTTP API refuses the user's streams with 403 until it ends.
    post("/api/users/grace/disconnect", "{\"banSeconds\":60}", 202);
    node.openSse("?channels=tx.contract&token=" + node.token("grace", 600), Map.of(), 403);

    // The admin console: its page, and each of its calls as an API key and as tokens.
    assertThat(node.request(HttpMethod.GET, "/admin/", null, null).status()).isEqualTo(200);
    admin(HttpMethod.GET, "/admin/api/session", null, 200);
    String adminToken = "Bearer " + Tokens.hs256(TestConfig.SECRET, new JsonObject()
        .put("sub", "olga").put("exp", System.currentTimeMillis() / 1000 + 600)
        .put("roles", new JsonArray().add("admin")));
    assertThat(node.request(HttpMethod.GET, "/admin/api/session", adminToken, null).status())
        .isEqualTo(200);
    assertThat(node.request(HttpMethod.GET, "/admin/api/session", null, null).status())
        .isEqualTo(401);
    assertThat(node.request(HttpMethod.GET, "/admin/api/overview", "Bearer " + token, null)
        .status()).isEqualTo(403);
    admin(HttpMethod.GET, "/admin/api/overview", null, 200);
    admin(HttpMethod.GET, "/admin/api/config", null, 200);
    admin(HttpMethod.POST, "/admin/api/users/heidi/disconnect", null, 202);
    admin(HttpMethod.POST, "/admin/api/users/heidi/disconnect", "{\"banSeconds\":5}", 202);
    admin(HttpMethod.POST, "/admin/api/users/heidi/disconnect", "{\"banSeconds\":-1}", 400);
    admin(HttpMethod.POST, "/admin/api/users/heidi/disconnect", "{\"banSeconds\":"
        + "1".repeat(MAX_BODY_BYTES) + "}", 413);
    admin(HttpMethod.POST, "/admin/api/publish", message.encode(), 200);
    admin(HttpMethod.POST, "/admin/api/publish", "{\"channel\":\"tx.contract\"}", 400);
    admin(HttpMethod.POST, "/admin/api/publish", message.copy().put("channel", "nope.x").encode(),
        404);
    admin(HttpMethod.POST, "/admin/api/publish", message.copy().put("data", "crash").encode(),
        500);
    admin(HttpMethod.POST, "/admin/api/publish", message.copy().put("data", "down").encode(),
        503);
    admin(HttpMethod.POST, "/admin/api/publish", message.copy().put("data", "hang").encode(),
        504);
    admin(HttpMethod.POST, "/admin/api/announce", "{\"text\":\"maintenance\"}", 200);
    admin(HttpMethod.POST, "/admin/api/announce", "{\"text\":\"hi\",\"channels\":"
        + "[\"tx.a\",\"tx.b\"]}", 200);
    admin(HttpMethod.POST, "/admin/api/announce", "{\"text\":\" \"}", 400);
    admin(HttpMethod.POST, "/admin/api/announce", "{\"text\":\"hi\",\"channels\":"
        + "[\"nope.x\"]}", 404);
    admin(HttpMethod.POST, "/admin/api/announce", new JsonObject()
        .put("text", "x".repeat(MAX_BODY_BYTES)).encode(), 413);

    assertThat(node.call(HttpMethod.GET, "/health/live", null, null).status()).isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/health/ready", null, null).status()).isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/health", null, null).status()).isEqualTo(200);
    node.node.ready().set(false);
    try {
      assertThat(node.call(HttpMethod.GET, "/health/ready", null, null).status()).isEqualTo(503);
      assertThat(node.call(HttpMethod.GET, "/health", null, null).status()).isEqualTo(503);
    } finally {
      node.node.ready().set(true);
    }
    assertThat(node.call(HttpMethod.GET, "/metrics", null, null).status()).isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/dev/token?sub=carol&wallets=0xab,0xcd", null, null)
        .status()).isEqualTo(200);
    assertThat(node.call(HttpMethod.GET, "/dev/token?sub=no%20spaces", null, null).status())
        .isEqualTo(400);
    assertThat(node.call(HttpMethod.GET, "/dev/demo", null, null).status()).isEqualTo(200);

    // Production-like: a management port, no dev routes.
    try (GatewayFixture production = started(json -> {
      json.put("ops", new JsonObject().put("enabled", true).put("host", "127.0.0.1")
          .put("port", 0));
      json.getJsonObject("auth").put("devTokens", false);
    })) {
      assertThat(production.call(HttpMethod.GET, "/metrics", null, null).status()).isEqualTo(404);
      assertThat(production.get(production.opsPort, "/metrics").status()).isEqualTo(200);
      assertThat(production.call(HttpMethod.GET, "/health", null, null).status()).isEqualTo(200);
      assertThat(production.get(production.opsPort, "/health").status()).isEqualTo(200);
      assertThat(production.call(HttpMethod.GET, "/dev/token?sub=carol", null, null).status())
          .isEqualTo(404);
      assertThat(production.call(HttpMethod.GET, "/dev/demo", null, null).status()).isEqualTo(404);
      // Off, as by default: the admin console's paths are 404s, even with a key.
      assertThat(production.request(HttpMethod.GET, "/admin/", null, null).status())
          .isEqualTo(404);
      for (String path : new String[] {"/admin/api/session", "/admin/api/overview",
          "/admin/api/config"}) {
        assertThat(production.call(HttpMethod.GET, path, key, null).status()).as(path)
            .isEqualTo(404);
      }
      for (String path : new String[] {"/admin/api/publish", "/admin/api/announce",
          "/admin/api/users/heidi/disconnect"}) {
        assertThat(production.call(HttpMethod.POST, path, key, "{}").status()).as(path)
            .isEqualTo(404);
      }
    }
    // Over admin.requestsPerSec: 429, before the credentials are looked at.
    try (GatewayFixture limited = started(json -> json.put("admin", new JsonObject()
        .put("enabled", true).put("requestsPerSec", 1)))) {
      int refused = 0;
      for (int i = 0; i < 4; i++) {
        int status = limited.call(HttpMethod.GET, "/admin/api/session", key, null).status();
        assertThat(status).isIn(200, 429);
        refused += status == 429 ? 1 : 0;
      }
      assertThat(refused).as("calls over the budget").isGreaterThanOrEqualTo(1);
    }

    Set<String> operations = new TreeSet<>();
    Set<String> statuses = new TreeSet<>();
    JsonObject paths = contract.description.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        operations.add(operation.getString("operationId"));
        statuses.addAll(operation.getJsonObject("responses").fieldNames());
      }
    }
    Set<String> seenOperations = new TreeSet<>();
    Set<String> seenStatuses = new TreeSet<>();
    for (String seen : contract.seen()) {
      seenOperations.add(seen.substring(0, seen.indexOf(' ')));
      seenStatuses.add(seen.substring(seen.indexOf(' ') + 1));
    }
    assertThat(seenOperations).as("operations exercised").isEqualTo(operations);
    assertThat(seenStatuses).as("documented statuses exercised").isEqualTo(statuses);
  }

  @Test
  @DisplayName("catches an answer with an undocumented field, status or content type, or a missing field")
  void catchesAnswersThatStray() {
    post("/api/publish", new JsonObject().put("channel", "tx.stray").put("data", 1).encode(), 200);
    Exchange real = last.get();
    JsonObject published = new JsonObject(real.responseBody());
    contract.check(real);

    assertRefused(answered(real, 200, published.copy().put("node", "n1").encode()),
        "does not match");
    JsonObject withoutSeq = published.copy();
    withoutSeq.remove("seq");
    assertRefused(answered(real, 200, withoutSeq.encode()), "does not match");
    assertRefused(answered(real, 200, published.copy().put("seq", "one").encode()),
        "does not match");
    assertRefused(answered(real, 409, new JsonObject().put("code", "conflict")
        .put("message", "taken").encode()), "not documented");
    assertRefused(answered(real, 404, new JsonObject().put("code", "bad_request")
        .put("message", "wrong code for the status").encode()), "does not match");
    Exchange html = new Exchange(real.method(), real.uri(), real.requestHeaders(),
        real.requestBody(), 200, MultiMap.caseInsensitiveMultiMap().add("content-type",
            "text/html"), real.responseBody());
    assertRefused(html, "content type");
    Exchange acceptedNonsense = new Exchange(real.method(), real.uri(), real.requestHeaders(),
        "{\"channel\":\"tx.stray\"}", 200, real.responseHeaders(), real.responseBody());
    assertRefused(acceptedNonsense, "refuses the request");
  }

  @Test
  @DisplayName("fails a test whose request has no operation in the description")
  void catchesUndocumentedRoutes() {
    assertThatThrownBy(() -> node.call(HttpMethod.GET, "/api/publish", TestConfig.API_KEY, null))
        .isInstanceOf(AssertionError.class).hasMessageContaining("no operation GET /api/publish");
    assertThatThrownBy(() -> node.call(HttpMethod.DELETE, "/api/channels", TestConfig.API_KEY,
        null)).isInstanceOf(AssertionError.class).hasMessageContaining("no operation");
  }

  /** An admin call with the API key, which must be answered {@code status}. */
  private static void admin(HttpMethod method, String path, String body, int status) {
    Exchange exchange = node.request(method, path, "ApiKey " + TestConfig.API_KEY, body);
    assertThat(exchange.status()).as("%s %s", path, exchange.responseBody()).isEqualTo(status);
  }

  private static void post(String path, String body, int status) {
    GatewayFixture.Response response = node.call(HttpMethod.POST, path, TestConfig.API_KEY, body);
    assertThat(response.status()).as("%s %s", path, response.body()).isEqualTo(status);
  }

  /** {@code real} with another answer. */
  private static Exchange answered(Exchange real, int status, String body) {
    return new Exchange(real.method(), real.uri(), real.requestHeaders(), real.requestBody(),
        status, real.responseHeaders(), body);
  }

  private static void assertRefused(Exchange exchange, String why) {
    assertThatThrownBy(() -> contract.check(exchange)).isInstanceOf(AssertionError.class)
        .hasMessageContaining(why);
  }
}
