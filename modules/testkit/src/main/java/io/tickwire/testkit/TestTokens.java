package io.tickwire.testkit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made HS256 tokens, so that tests do not trust the code they test to make them. */
public final class TestTokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private TestTokens() {
  }

  /** A token for {@code user} that expires in {@code ttlSeconds}, with {@code wallets}. */
  public static String hs256(String secret, String user, long ttlSeconds, String... wallets) {
    JsonObject claims = new JsonObject().put("sub", user)
        .put("exp", System.currentTimeMillis() / 1000 + ttlSeconds)
        .put("wallets", new JsonArray(List.of(wallets)));
    String signingInput = part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "."
        + part(claims);
    return signingInput + "." + B64.encodeToString(hmac(secret, signingInput));
  }

  private static String part(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String secret, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
