package io.tickwire.testkit.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs for tests, so tests do not trust the code they test to make them. */
public final class Tokens {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  /** A token for {@code user} that expires in {@code ttlSeconds}, with {@code wallets}. */
  public static String hs256(String secret, String user, long ttlSeconds, String... wallets) {
    return hs256(secret, new JsonObject().put("sub", user)
        .put("exp", System.currentTimeMillis() / 1000 + ttlSeconds)
        .put("wallets", new JsonArray(List.of((Object[]) wallets))));
  }

  /** A token of {@code claims}, signed with {@code secret}. */
  public static String hs256(String secret, JsonObject claims) {
    String signingInput = part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "."
        + part(claims);
    return signingInput + "." + B64.encodeToString(hmac(secret, signingInput));
  }

  /** An RS256 token whose header names the key id {@code kid}. */
  public static String rs256(PrivateKey key, String kid, JsonObject claims) {
    String signingInput = part(new JsonObject().put("alg", "RS256").put("typ", "JWT")
        .put("kid", kid)) + "." + part(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.UTF_8));
      return signingInput + "." + B64.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JWK of an RSA public key for a JWKS document, with its key id. */
  public static JsonObject jwk(RSAPublicKey key, String kid) {
    return new JsonObject().put("kty", "RSA").put("n", unsigned(key.getModulus()))
        .put("e", unsigned(key.getPublicExponent())).put("kid", kid).put("alg", "RS256")
        .put("use", "sig");
  }

  /** A JWK integer: big-endian bytes without the sign byte, base64url. */
  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return B64.encodeToString(bytes);
  }

  /** A token of {@code claims} with algorithm {@code none} and no signature. */
  public static String unsigned(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
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
