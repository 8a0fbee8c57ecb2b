package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.NamespacePolicy.Access;
import io.tickwire.channels.NamespacePolicy.ClientPublish;
import io.tickwire.gateway.auth.ChannelAcl;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The configuration of protocol 1.1: client publish, claim access, autoSubscribe")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProtocolConfigTest {

  private static JsonObject minimal() {
    return new JsonObject()
        .put("auth", new JsonObject().put("hmacSecret", "0123456789abcdef"))
        .put("namespaces", new JsonObject()
            .put("system", new JsonObject().put("historySize", 0)
                .put("keyPattern", "announcements"))
            .put("desk", new JsonObject().put("access", "claim").put("claim", "desks")
                .put("clientPublish", "subscribers")));
  }

  private static GatewaySetup setup(Consumer<JsonObject> change) {
    JsonObject json = minimal();
    change.accept(json);
    return GatewaySetup.from(Section.root(json));
  }

  @Test
  @DisplayName("defaults: no client publish, 10 a second, 4 KiB, no autoSubscribe")
  void defaults() {
    GatewaySetup setup = setup(json -> { });
    NamespacePolicy system = setup.namespaces().get("system");
    assertThat(system.clientPublish()).isEqualTo(ClientPublish.NONE);
    assertThat(system.publishRate()).isEqualTo(10);
    assertThat(system.maxPublishBytes()).isEqualTo(4_096);
    assertThat(system.ephemeral()).isTrue();
    assertThat(system.claim()).isNull();
    NamespacePolicy desk = setup.namespaces().get("desk");
    assertThat(desk.access()).isEqualTo(Access.CLAIM);
    assertThat(desk.claim()).isEqualTo("desks");
    assertThat(desk.subscribersPublish()).isTrue();
    assertThat(setup.gateway().autoSubscribe()).isEmpty();
  }

  @Test
  @DisplayName("refuses bad values at start, naming the key")
  void refusals() {
    assertRefused(json -> desk(json).remove("claim"), "namespaces.desk.claim");
    assertRefused(json -> desk(json).put("claim", "no spaces"), "namespaces.desk.claim");
    assertRefused(json -> system(json).put("claim", "desks"), "namespaces.system.claim");
    assertRefused(json -> desk(json).put("clientPublish", "everyone"),
        "namespaces.desk.clientPublish");
    assertRefused(json -> desk(json).put("publishRate", 0), "namespaces.desk.publishRate");
    assertRefused(json -> desk(json).put("maxPublishBytes", 0),
        "namespaces.desk.maxPublishBytes");
    assertRefused(json -> desk(json).put("historySize", -1), "namespaces.desk.historySize");
    assertRefused(json -> autoSubscribe(json, "nope.x"), "gateway.autoSubscribe");
    assertRefused(json -> autoSubscribe(json, "system.other"), "gateway.autoSubscribe");
    assertRefused(json -> autoSubscribe(json, "desk.alpha"), "gateway.autoSubscribe");
    assertRefused(json -> autoSubscribe(json, "bad name"), "gateway.autoSubscribe");
    assertRefused(json -> json.put("gateway", new JsonObject().put("maxSubscriptions", 1)
        .put("autoSubscribe", new JsonArray().add("system.announcements").add("desk2.a")))
        .getJsonObject("namespaces").put("desk2", new JsonObject()), "gateway.autoSubscribe");
    assertThat(setup(json -> autoSubscribe(json, "system.announcements")).gateway()
        .autoSubscribe()).containsExactly("system.announcements");
  }

  @Test
  @DisplayName("access claim grants the keys the named claim lists, and only with a token")
  void claimAccess() {
    ChannelAcl acl = new ChannelAcl(setup(json -> { }).namespaces());
    Principal alice = new Principal("alice", Set.of(), Long.MAX_VALUE, Set.of(),
        Map.of("desks", Set.of("alpha")));
    assertThat(acl.check(alice, "desk.alpha").name()).isEqualTo("desk");
    assertThatThrownBy(() -> acl.check(alice, "desk.beta"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThatThrownBy(() -> acl.check(Principal.ANONYMOUS, "desk.alpha"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dev.json", "production.json"})
  @DisplayName("the shipped profiles subscribe every connection to system.announcements, an ephemeral public channel")
  void shippedProfiles(String file) throws Exception {
    JsonObject conf = new JsonObject(Files.readString(Path.of("../../conf", file)));
    conf.getJsonObject("auth").put("hmacSecret", "0123456789abcdef0123456789abcdef");
    GatewaySetup setup = GatewaySetup.from(Section.root(new JsonObject()
        .put("gateway", conf.getJsonObject("gateway")).put("auth", new JsonObject()
            .put("hmacSecret", "0123456789abcdef"))
        .put("namespaces", conf.getJsonObject("namespaces"))));
    assertThat(setup.gateway().autoSubscribe()).containsExactly("system.announcements");
    assertThat(setup.namespaces().get("system").ephemeral()).isTrue();
    if (file.equals("dev.json")) {
      NamespacePolicy desk = setup.namespaces().get("desk");
      assertThat(desk.access()).isEqualTo(Access.CLAIM);
      assertThat(desk.claim()).isEqualTo("desks");
      assertThat(desk.subscribersPublish()).isTrue();
      assertThat(desk.historySize()).isEqualTo(100);
    }
  }

  private static JsonObject desk(JsonObject json) {
    return json.getJsonObject("namespaces").getJsonObject("desk");
  }

  private static JsonObject system(JsonObject json) {
    return json.getJsonObject("namespaces").getJsonObject("system");
  }

  private static void autoSubscribe(JsonObject json, String channel) {
    json.put("gateway", new JsonObject().put("autoSubscribe", new JsonArray().add(channel)));
  }

  private static void assertRefused(Consumer<JsonObject> change, String key) {
    assertThatThrownBy(() -> setup(change)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(key);
  }
}
