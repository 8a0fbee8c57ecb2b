package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Namespaces;
import io.tickwire.gateway.auth.ChannelAcl;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A namespace's allow-list of keys")
class NamespaceKeysTest {

  @Nested
  @DisplayName("in configuration")
  class Configuration {

    @Test
    @DisplayName("is absent by default, so any key is allowed")
    void anyKeyByDefault() {
      Namespaces namespaces = Namespaces.from(Section.root(new JsonObject()
          .put("prices", new JsonObject().put("mode", "latest"))));
      assertThat(namespaces.get("prices").keys()).isNull();
      assertThat(namespaces.of(ChannelName.parse("prices.ANY-THING")).name()).isEqualTo("prices");
    }

    @Test
    @DisplayName("is read from namespaces.<ns>.keys as a list or a comma-separated string")
    void readsKeys() {
      Namespaces namespaces = Namespaces.from(Section.root(new JsonObject()
          .put("prices", new JsonObject().put("keys", new JsonArray().add("BTC-USD")))
          .put("market", new JsonObject().put("keys", "overview, summary"))));
      assertThat(namespaces.get("prices").keys()).containsExactly("BTC-USD");
      assertThat(namespaces.get("market").keys()).containsExactlyInAnyOrder("overview", "summary");
    }

    @Test
    @DisplayName("refuses a key that cannot be a channel key, naming the config key")
    void refusesBadKeys() {
      assertThatThrownBy(() -> Namespaces.from(Section.root(new JsonObject()
          .put("prices", new JsonObject().put("keys", new JsonArray().add("BTC USD"))))))
          .isInstanceOf(ConfigException.class).hasMessageContaining("namespaces.prices.keys")
          .hasMessageContaining("BTC USD");
    }

    @Test
    @DisplayName("keeps the five-parameter constructor meaning any key")
    void oldConstructor() {
      NamespacePolicy policy = new NamespacePolicy("prices", NamespacePolicy.Access.PUBLIC,
          NamespacePolicy.Mode.LATEST, 10, 1_000);
      assertThat(policy.keys()).isNull();
      assertThat(policy.allows("WHATEVER")).isTrue();
    }

    @Test
    @DisplayName("can be filled by another module and then refuses other keys with not_found and the channel")
    void withKeys() {
      Namespaces namespaces = new Namespaces(Map.of("prices", new NamespacePolicy("prices",
          NamespacePolicy.Access.PUBLIC, NamespacePolicy.Mode.LATEST, 10, 1_000)))
          .withKeys("prices", List.of("BTC-USD", "ETH-USD"));
      assertThat(namespaces.of(ChannelName.parse("prices.ETH-USD")).allows("ETH-USD")).isTrue();
      assertThatThrownBy(() -> namespaces.of(ChannelName.parse("prices.btc-usd")))
          .isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.channel()).isEqualTo("prices.btc-usd");
            assertThat(e.getMessage()).contains("btc-usd");
          });
      assertThatThrownBy(() -> namespaces.withKeys("market", List.of("overview")))
          .isInstanceOf(ConfigException.class).hasMessageContaining("namespaces.market");
    }

    @Test
    @DisplayName("is enforced by the channel ACL before the namespace's access rule")
    void aclRefusesUnknownKeys() {
      ChannelAcl acl = new ChannelAcl(new Namespaces(Map.of("prices", new NamespacePolicy(
          "prices", NamespacePolicy.Access.PUBLIC, NamespacePolicy.Mode.LATEST, 10, 1_000,
          java.util.Set.of("BTC-USD")))));
      assertThat(acl.check(Principal.ANONYMOUS, "prices.BTC-USD").name()).isEqualTo("prices");
      assertThatThrownBy(() -> acl.check(Principal.ANONYMOUS, "prices.NOPE-USD"))
          .isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.channel()).isEqualTo("prices.NOPE-USD");
          });
    }
  }

  @Nested
  @DisplayName("pattern, namespaces.<ns>.keyPattern,")
  class KeyPattern {

    @Test
    @DisplayName("refuses a key of another shape with bad_request and the channel, before the listed keys")
    void refusesOtherShapes() {
      Namespaces namespaces = Namespaces.from(Section.root(new JsonObject()
          .put("tx", new JsonObject().put("keyPattern", "0x[0-9a-f]{4}"))))
          .withKeys("tx", List.of("0xabcd", "0x0000"));
      assertThat(namespaces.of(ChannelName.parse("tx.0xabcd")).name()).isEqualTo("tx");
      assertThatThrownBy(() -> namespaces.of(ChannelName.parse("tx.0xABCD")))
          .isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.channel()).isEqualTo("tx.0xABCD");
            assertThat(e.getMessage()).contains("0x[0-9a-f]{4}");
          });
      // The right shape, but not listed.
      assertThatThrownBy(() -> namespaces.of(ChannelName.parse("tx.0x1234")))
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    @DisplayName("is checked at start: a bad expression, or a listed key that does not match, names the key")
    void checkedAtStart() {
      assertThatThrownBy(() -> Namespaces.from(Section.root(new JsonObject()
          .put("tx", new JsonObject().put("keyPattern", "0x[0-9")))))
          .isInstanceOf(ConfigException.class).hasMessageContaining("tx.keyPattern")
          .hasMessageContaining("not a regular expression");
      assertThatThrownBy(() -> Namespaces.from(Section.root(new JsonObject()
          .put("prices", new JsonObject().put("keyPattern", "[A-Z]+-[A-Z]+")
              .put("keys", new JsonArray().add("BTC-USD").add("btc"))))))
          .isInstanceOf(ConfigException.class).hasMessageContaining("namespaces.prices.keys")
          .hasMessageContaining("'btc'");
      assertThatThrownBy(() -> Namespaces.from(Section.root(new JsonObject()
          .put("prices", new JsonObject().put("keyPattern", "[A-Z]+-[A-Z]+"))))
          .withKeys("prices", List.of("nope")))
          .isInstanceOf(ConfigException.class).hasMessageContaining("keyPattern");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev.json", "production.json"})
    @DisplayName("is set in the shipped profiles for tx, wallet, prices, market and blocks")
    void shippedProfiles(String file) throws Exception {
      JsonObject conf = new JsonObject(Files.readString(Path.of("../../conf", file)));
      Namespaces namespaces = Namespaces.from(Section.root(conf.getJsonObject("namespaces")));
      String hash = "0x" + "ab".repeat(32);
      String wallet = "0x" + "cd".repeat(20);
      for (String good : List.of("tx." + hash, "wallet." + wallet, "prices.BTC-USD",
          "market.overview", "blocks", "user.alice")) {
        assertThat(namespaces.of(ChannelName.parse(good))).as(good).isNotNull();
      }
      for (String bad : List.of("tx.anything", "tx." + hash.toUpperCase().replace("0X", "0x"),
          "tx." + hash + "0", "wallet." + hash, "wallet.0xabc", "prices.btc-usd", "prices.X",
          "market.other", "blocks.x")) {
        assertThatThrownBy(() -> namespaces.of(ChannelName.parse(bad))).as(bad)
            .isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
      }
    }
  }

  @Nested
  @DisplayName("on a running node")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Endpoint {

    GatewayFixture node;

    @BeforeAll
    void start() {
      node = GatewayFixture.start(json -> json.getJsonObject("namespaces").getJsonObject("prices")
          .put("keys", new JsonArray().add("BTC-USD").add("ETH-USD")));
    }

    @AfterAll
    void stop() {
      node.close();
    }

    @Test
    @DisplayName("answers a subscription to an unlisted key with not_found and grants listed keys")
    void subscribe() {
      TestSocket socket = node.connect();
      String id = TestSocket.newId();
      socket.send(new JsonObject().put("type", "subscribe").put("id", id).put("channels",
          new JsonArray().add("prices.BTC-USD").add("prices.DOGE-USD").add("tx.0xanything")));
      JsonObject subscribed = socket.next("subscribed");
      assertThat(subscribed.getString("id")).isEqualTo(id);
      assertThat(subscribed.getJsonArray("channels").stream()
          .map(granted -> ((JsonObject) granted).getString("channel")).toList())
          .containsExactly("prices.BTC-USD", "tx.0xanything");
      assertThat(subscribed.getJsonArray("errors").stream().map(JsonObject.class::cast))
          .extracting(frame -> frame.getString("channel") + ":" + frame.getString("code"))
          .containsExactly("prices.DOGE-USD:not_found");
      socket.close();
    }

    @Test
    @DisplayName("refuses to publish to an unlisted key with not_found and publishes to listed ones")
    void publish() {
      GatewayFixture.Response refused = node.call(HttpMethod.POST, "/api/publish", TestConfig.API_KEY,
          new JsonObject().put("channel", "prices.DOGE-USD").put("data", 1).encode());
      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.json().getString("code")).isEqualTo("not_found");
      assertThat(refused.json().getString("message")).contains("prices.DOGE-USD");
      assertThat(node.publish("prices.ETH-USD", new JsonObject().put("price", 1))
          .getLong("seq")).isPositive();
    }
  }
}
