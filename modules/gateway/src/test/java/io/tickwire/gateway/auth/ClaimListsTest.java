package io.tickwire.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.config.AuthConfig;
import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.tickwire.testkit.core.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The claims a token's principal keeps for access 'claim'")
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClaimListsTest {

  static Vertx vertx;
  static Authenticator authenticator;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    authenticator = Await.result(Authenticator.create(vertx, AuthConfig.from(Section.root(
        new JsonObject().put("auth", new JsonObject().put("hmacSecret", TestConfig.SECRET)))
        .section("auth"))));
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  static JsonObject claims() {
    return new JsonObject().put("sub", "alice")
        .put("exp", System.currentTimeMillis() / 1000 + 600);
  }

  @Test
  @DisplayName("keeps arrays of strings by claim name, without wallets, roles, other types or empty and long values")
  void lists() {
    Principal principal = Await.result(authenticator.authenticate(Tokens.hs256(TestConfig.SECRET,
        claims().put("desks", new JsonArray().add("alpha").add("beta").add(7).add("")
                .add("x".repeat(129)))
            .put("team", "not a list").put("wallets", new JsonArray().add("0xab")))));
    assertThat(principal.claims()).containsOnlyKeys("desks");
    assertThat(principal.claims().get("desks")).containsExactlyInAnyOrder("alpha", "beta");
    assertThat(principal.claimLists("desks", "alpha")).isTrue();
    assertThat(principal.claimLists("desks", "gamma")).isFalse();
    assertThat(principal.claimLists("team", "not a list")).isFalse();
  }

  @Test
  @DisplayName("a token with many long lists leaves at most 16 claims of 256 values on the connection")
  void bounded() {
    JsonObject claims = claims();
    for (int c = 0; c < 40; c++) {
      JsonArray values = new JsonArray();
      for (int v = 0; v < 1_000; v++) {
        values.add("v" + v);
      }
      claims.put("list" + c, values);
    }
    Principal principal = Await.result(authenticator.authenticate(
        Tokens.hs256(TestConfig.SECRET, claims)));
    assertThat(principal.claims()).hasSize(Authenticator.MAX_LIST_CLAIMS);
    assertThat(principal.claims().values())
        .allSatisfy(values -> assertThat(values).hasSize(Authenticator.MAX_LIST_VALUES));
  }
}
