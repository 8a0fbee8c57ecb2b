package io.tickwire.testkit.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The configuration a test node starts from, built in code: a gateway on a port the system
 * picks on 127.0.0.1, no per-address attempt rate (every test client connects from 127.0.0.1),
 * the server heartbeat slowed down so that it never interferes, the test secret with dev tokens
 * on, and the namespaces a test names, with the dev profile's policies. A module's own section
 * goes in whole with {@link #section}. Not thread-safe; build, then hand {@link #json()} on.
 */
public final class TestConfig {

  /** The HMAC secret test tokens are signed with. */
  public static final String SECRET = "test-secret-0123456789-abcdefghij";
  /** The API key of {@link #apiKey()}. */
  public static final String API_KEY = "test-key";
  /** Messages a namespace keeps for recovery: {@value}. */
  public static final int HISTORY_SIZE = 1000;
  /** How long a namespace keeps them: {@value} ms. */
  public static final long HISTORY_TTL_MS = 300_000;

  /** The dev profile's namespaces, by name. */
  private static final Map<String, Policy> DEV_NAMESPACES = Map.of(
      "prices", new Policy("public", "latest"),
      "market", new Policy("public", "latest"),
      "blocks", new Policy("public", "stream"),
      "tx", new Policy("public", "stream"),
      "wallet", new Policy("wallet", "stream"),
      "user", new Policy("owner", "stream"));

  private final JsonObject json = new JsonObject()
      .put("gateway", new JsonObject().put("host", "127.0.0.1").put("port", 0)
          .put("instances", 2).put("connectRatePerIp", 0))
      .put("heartbeat", new JsonObject().put("intervalMs", 600_000))
      .put("auth", new JsonObject().put("hmacSecret", SECRET).put("devTokens", true))
      .put("namespaces", new JsonObject());

  private TestConfig() {
  }

  /** The gateway's sections, without namespaces: two instances, the test secret, dev tokens. */
  public static TestConfig gateway() {
    return new TestConfig();
  }

  /** The gateway with every namespace of the dev profile and {@link #API_KEY}. */
  public static TestConfig dev() {
    return gateway().apiKey().namespaces("prices", "market", "blocks", "tx", "wallet", "user");
  }

  /** Adds the dev profile's namespaces of these names. */
  public TestConfig namespaces(String... names) {
    for (String name : names) {
      Policy policy = DEV_NAMESPACES.get(name);
      if (policy == null) {
        throw new IllegalArgumentException("no dev namespace " + name);
      }
      namespace(name, policy.access(), policy.mode());
    }
    return this;
  }

  /** Adds the namespace {@code name} with this access and mode and the usual history. */
  public TestConfig namespace(String name, String access, String mode) {
    json.getJsonObject("namespaces").put(name, new JsonObject().put("access", access)
        .put("mode", mode).put("historySize", HISTORY_SIZE).put("historyTtlMs", HISTORY_TTL_MS));
    return this;
  }

  /** Adds the namespace {@code name} with exactly the keys of {@code policy}. */
  public TestConfig namespace(String name, JsonObject policy) {
    json.getJsonObject("namespaces").put(name, policy.copy());
    return this;
  }

  /**
   * Adds the dev profile's namespaces of protocol 1.1: {@code desk} (access by the token's
   * {@code desks} claim, client publish by subscribers, history 100) and the public ephemeral
   * {@code system} (the one channel {@code system.announcements}), and subscribes every
   * connection to {@code system.announcements} ({@code gateway.autoSubscribe}).
   */
  public TestConfig desks() {
    namespace("desk", new JsonObject().put("access", "claim").put("claim", "desks")
        .put("mode", "stream").put("historySize", 100).put("historyTtlMs", HISTORY_TTL_MS)
        .put("keyPattern", "[A-Za-z0-9_-]{1,64}").put("clientPublish", "subscribers"));
    namespace("system", new JsonObject().put("access", "public").put("mode", "stream")
        .put("historySize", 0).put("keyPattern", "announcements"));
    return gateway("autoSubscribe", new JsonArray().add("system.announcements"));
  }

  /** Lets {@link #API_KEY} call the HTTP API. */
  public TestConfig apiKey() {
    json.put("api", new JsonObject().put("keys", new JsonArray().add(API_KEY)));
    return this;
  }

  /** Sets {@code key} of the {@code gateway} section. */
  public TestConfig gateway(String key, Object value) {
    json.getJsonObject("gateway").put(key, value);
    return this;
  }

  /** Puts the section {@code name} whole. */
  public TestConfig section(String name, JsonObject section) {
    json.put(name, section);
    return this;
  }

  /** The configuration; changes to it are the caller's. */
  public JsonObject json() {
    return json;
  }

  /** Who may subscribe to a namespace's channels, and how its messages are delivered. */
  private record Policy(String access, String mode) {
  }
}
