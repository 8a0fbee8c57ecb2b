package io.tickwire.gateway;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens with Vert.x Auth JWT: HS256 with a shared secret, RS256 with a PEM public key,
 * or RS256 with keys from a JWKS URL fetched at start and every {@code jwksRefreshMs}. Unsigned
 * tokens ({@code alg: none}), bad signatures, wrong issuer or audience, tokens without subject or
 * expiry and expired tokens are refused with {@code unauthorized}. Thread-safe: one instance
 * serves every gateway of a node; verification is done once per token, never per message.
 */
final class Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

  private final Vertx vertx;
  private final AuthConfig config;
  private final JWTAuth signer;
  private volatile JWTAuth verifier;
  private long refreshTimer = -1;
  private HttpClient http;

  private Authenticator(Vertx vertx, AuthConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.signer = config.hmacSecret() == null ? null : JWTAuth.create(vertx,
        new JWTAuthOptions().addPubSecKey(hmacKey(config)));
  }

  /** Builds the authenticator; with a JWKS URL, the first fetch must succeed. */
  static Future<Authenticator> create(Vertx vertx, AuthConfig config) {
    Authenticator authenticator = new Authenticator(vertx, config);
    if (config.jwksUrl() == null) {
      authenticator.verifier = JWTAuth.create(vertx, authenticator.options(List.of()));
      return Future.succeededFuture(authenticator);
    }
    authenticator.http = vertx.createHttpClient();
    return authenticator.fetchJwks().map(keys -> {
      authenticator.verifier = JWTAuth.create(vertx, authenticator.options(keys));
      authenticator.refreshTimer = vertx.setPeriodic(config.jwksRefreshMs(),
          ignored -> authenticator.refresh());
      return authenticator;
    });
  }

  /** Verifies a token. Fails with {@code unauthorized} and the reason. */
  Future<Principal> authenticate(String token) {
    return verifier.authenticate(new TokenCredentials(token))
        .recover(failure -> Future.failedFuture(new ProtocolException(ErrorCode.UNAUTHORIZED,
            "invalid token: " + reason(failure))))
        .map(this::principal);
  }

  /** Signs a dev token (dev profile only). */
  String devToken(String user, List<String> wallets) {
    if (!config.devTokens() || signer == null) {
      throw new IllegalStateException("dev tokens are disabled");
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256").setSubject(user)
        .setExpiresInSeconds((int) (config.devTokenTtlMs() / 1000));
    if (config.issuer() != null) {
      options.setIssuer(config.issuer());
    }
    if (config.audience() != null) {
      options.setAudience(List.of(config.audience()));
    }
    return signer.generateToken(new JsonObject().put("wallets", new JsonArray(wallets)), options);
  }

  void close() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    if (http != null) {
      http.close();
    }
  }

  private Principal principal(User user) {
    // The verified payload; Vert.x keeps exp and iat among the user's attributes.
    JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String subject) || subject.isEmpty() || subject.length() > 128) {
      throw new ProtocolException(ErrorCode.UNAUTHORIZED, "invalid token: no usable 'sub' claim");
    }
    Object exp = claims.getValue("exp", user.attributes().getValue("exp"));
    if (!(exp instanceof Number expiry)) {
      throw new ProtocolException(ErrorCode.UNAUTHORIZED, "invalid token: no 'exp' claim");
    }
    return new Principal(subject, wallets(claims.getValue("wallets")),
        expiry.longValue() * 1000);
  }

  private static Set<String> wallets(Object claim) {
    Set<String> wallets = new HashSet<>();
    if (claim instanceof JsonArray array) {
      array.forEach(item -> {
        if (item instanceof String address && !address.isBlank()) {
          wallets.add(address.trim().toLowerCase(Locale.ROOT));
        }
      });
    } else if (claim instanceof String list) {
      for (String address : list.split(",")) {
        if (!address.isBlank()) {
          wallets.add(address.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return wallets;
  }

  private JWTAuthOptions options(List<JsonObject> jwks) {
    JWTOptions jwt = new JWTOptions().setLeeway(config.leewaySec());
    if (config.issuer() != null) {
      jwt.setIssuer(config.issuer());
    }
    if (config.audience() != null) {
      jwt.setAudience(List.of(config.audience()));
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwt);
    if (config.hmacSecret() != null) {
      options.addPubSecKey(hmacKey(config));
    }
    if (config.publicKeyPem() != null) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
          .setBuffer(config.publicKeyPem()));
    }
    jwks.forEach(options::addJwk);
    return options;
  }

  private static PubSecKeyOptions hmacKey(AuthConfig config) {
    return new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.hmacSecret());
  }

  private Future<List<JsonObject>> fetchJwks() {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setAbsoluteURI(config.jwksUrl()).setTimeout(10_000))
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200 ? response.body()
            : Future.failedFuture("JWKS URL answered " + status(response)))
        .map(body -> {
          List<JsonObject> keys = new ArrayList<>();
          body.toJsonObject().getJsonArray("keys", new JsonArray()).forEach(key -> {
            if (key instanceof JsonObject jwk && "RSA".equals(jwk.getString("kty"))) {
              keys.add(jwk.containsKey("alg") ? jwk : jwk.copy().put("alg", "RS256"));
            }
          });
          if (keys.isEmpty()) {
            throw new IllegalStateException("JWKS document has no RSA key");
          }
          return keys;
        });
  }

  private void refresh() {
    fetchJwks().onSuccess(keys -> verifier = JWTAuth.create(vertx, options(keys)))
        .onFailure(failure -> LOG.warn("JWKS refresh from {} failed, keeping the old keys: {}",
            config.jwksUrl(), failure.getMessage()));
  }

  private static String status(HttpClientResponse response) {
    return response.statusCode() + " " + response.statusMessage();
  }

  private static String reason(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
