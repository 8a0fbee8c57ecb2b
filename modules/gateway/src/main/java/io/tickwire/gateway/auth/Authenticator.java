package io.tickwire.gateway.auth;

import io.tickwire.gateway.config.AuthConfig;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.Urls;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens with Vert.x Auth JWT: HS256 with a shared secret, RS256 with a PEM public key,
 * or RS256 with keys from a JWKS URL fetched at start and every {@code jwksRefreshMs}, and at
 * once when a token names a key id ({@code kid}) the keys lack — the identity provider rotated
 * its keys — but at most once per {@code jwksUnknownKidRefetchMs}, however many such tokens
 * come (tokens waiting meanwhile share that one fetch). Unsigned
 * tokens ({@code alg: none}), bad signatures, wrong issuer or audience, tokens without subject or
 * expiry and expired tokens are refused with {@code unauthorized}. Thread-safe: one instance
 * serves every gateway of a node; verification is done once per token, never per message.
 */
public final class Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  /** The longest token header read for its {@code kid}. */
  private static final int MAX_HEADER_CHARS = 4_096;

  private final Vertx vertx;
  private final AuthConfig config;
  private final JWTAuth signer;
  private volatile JWTAuth verifier;
  private volatile Set<String> kids = Set.of();
  private long refreshTimer = -1;
  private HttpClient http;
  /** Guarded by {@code this}: the refetch for an unknown kid under way, and when it began. */
  private Future<Void> refetching;
  private long refetchedAt = Long.MIN_VALUE;

  private Authenticator(Vertx vertx, AuthConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.signer = config.hmacSecret() == null ? null : JWTAuth.create(vertx,
        new JWTAuthOptions().addPubSecKey(hmacKey(config)));
  }

  /** The token of a request: {@code ?token=} first, then {@code Authorization: Bearer}. */
  public static String token(HttpServerRequest request) {
    String query = request.getParam("token");
    if (query != null && !query.isEmpty()) {
      return query;
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return null;
  }

  /** Builds the authenticator; with a JWKS URL, the first fetch must succeed. */
  public static Future<Authenticator> create(Vertx vertx, AuthConfig config) {
    Authenticator authenticator = new Authenticator(vertx, config);
    if (config.jwksUrl() == null) {
      authenticator.verifier = JWTAuth.create(vertx, authenticator.options(List.of()));
      return Future.succeededFuture(authenticator);
    }
    authenticator.http = vertx.createHttpClient();
    return authenticator.fetchJwks().map(keys -> {
      authenticator.install(keys);
      authenticator.refreshTimer = vertx.setPeriodic(config.jwksRefreshMs(),
          ignored -> authenticator.refresh());
      return authenticator;
    });
  }

  /**
   * Verifies a token. Fails with {@code unauthorized} and the reason. Completes on the caller's
   * context, also when it waited for a JWKS refetch.
   */
  public Future<Principal> authenticate(String token) {
    String kid = config.jwksUrl() == null ? null : kid(token);
    if (kid == null || kids.contains(kid)) {
      return verify(token);
    }
    Context caller = vertx.getOrCreateContext();
    Promise<Principal> verified = Promise.promise();
    refetch().onComplete(ignored -> caller.runOnContext(run -> verify(token)
        .onComplete(verified)));
    return verified.future();
  }

  private Future<Principal> verify(String token) {
    return verifier.authenticate(new TokenCredentials(token))
        .recover(failure -> Future.failedFuture(new ProtocolException(ErrorCode.UNAUTHORIZED,
            "invalid token: " + reason(failure))))
        .map(this::principal);
  }

  /** Signs a dev token (dev profile only). */
  String devToken(String user, List<String> wallets) {
    return devToken(user, wallets, List.of());
  }

  /** Signs a dev token with a {@code desks} claim too, when {@code desks} is not empty. */
  String devToken(String user, List<String> wallets, List<String> desks) {
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
    JsonObject claims = new JsonObject().put("wallets", new JsonArray(wallets));
    if (!desks.isEmpty()) {
      claims.put("desks", new JsonArray(desks));
    }
    return signer.generateToken(claims, options);
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
        expiry.longValue() * 1000, roles(claims.getValue("roles")), lists(claims));
  }

  /** Claims kept for access {@code claim}: at most this many… */
  static final int MAX_LIST_CLAIMS = 16;
  /** …each with at most this many values of at most 128 characters. */
  static final int MAX_LIST_VALUES = 256;

  /**
   * The token's claims that are arrays of strings (other than {@code wallets} and
   * {@code roles}), for namespaces whose access is {@code claim}: at most
   * {@value #MAX_LIST_CLAIMS} of them, {@value #MAX_LIST_VALUES} values each; longer values and
   * any beyond are left out, so a token cannot make the node keep much per connection.
   */
  private static Map<String, Set<String>> lists(JsonObject claims) {
    Map<String, Set<String>> lists = new HashMap<>();
    for (Map.Entry<String, Object> claim : claims) {
      if (lists.size() >= MAX_LIST_CLAIMS) {
        break;
      }
      if (claim.getKey().equals("wallets") || claim.getKey().equals("roles")
          || claim.getKey().length() > 64 || !(claim.getValue() instanceof JsonArray array)) {
        continue;
      }
      Set<String> values = new HashSet<>();
      for (Object item : array) {
        if (item instanceof String value && !value.isEmpty() && value.length() <= 128
            && values.size() < MAX_LIST_VALUES) {
          values.add(value);
        }
      }
      lists.put(claim.getKey(), values);
    }
    return lists;
  }

  /** The {@code roles} claim: an array of names (at most 32 kept, each at most 64 characters). */
  private static Set<String> roles(Object claim) {
    if (!(claim instanceof JsonArray array) || array.isEmpty()) {
      return Set.of();
    }
    Set<String> roles = new HashSet<>();
    for (Object item : array) {
      if (item instanceof String role && !role.isBlank() && role.length() <= 64
          && roles.size() < 32) {
        roles.add(role);
      }
    }
    return roles;
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

  /** Takes fetched keys: the verifier and the key ids it knows. */
  private void install(List<JsonObject> keys) {
    Set<String> known = new HashSet<>();
    keys.forEach(key -> {
      if (key.getValue("kid") instanceof String id) {
        known.add(id);
      }
    });
    verifier = JWTAuth.create(vertx, options(keys));
    kids = Set.copyOf(known);
  }

  /**
   * Fetches the keys again for an unknown kid, unless one such fetch began less than
   * {@code jwksUnknownKidRefetchMs} ago; completes (never fails) when the keys are in place or
   * the fetch is refused or failed.
   */
  private synchronized Future<Void> refetch() {
    if (refetching != null) {
      return refetching;
    }
    long now = System.nanoTime();
    if (refetchedAt != Long.MIN_VALUE
        && now - refetchedAt < config.jwksUnknownKidRefetchMs() * 1_000_000) {
      return Future.succeededFuture();
    }
    refetchedAt = now;
    LOG.info("a token names a key id the JWKS keys lack: fetching {} again",
        Urls.redact(config.jwksUrl()));
    Future<Void> fetch = fetchJwks().<Void>map(keys -> {
      install(keys);
      return null;
    }).otherwise(failure -> {
      LOG.warn("JWKS fetch from {} failed, keeping the old keys: {}",
          Urls.redact(config.jwksUrl()), failure.getMessage());
      return null;
    });
    refetching = fetch;
    fetch.onComplete(ignored -> {
      synchronized (this) {
        refetching = null;
      }
    });
    return fetch;
  }

  /** The {@code kid} of a token's header, or {@code null} when it has none or is no JWT. */
  private static String kid(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || dot > MAX_HEADER_CHARS) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder()
          .decode(token.substring(0, dot)), StandardCharsets.UTF_8));
      return header.getValue("kid") instanceof String id ? id : null;
    } catch (RuntimeException e) {
      // Not a JWT header: verification refuses it with the reason.
      return null;
    }
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
    fetchJwks().onSuccess(this::install)
        .onFailure(failure -> LOG.warn("JWKS refresh from {} failed, keeping the old keys: {}",
            Urls.redact(config.jwksUrl()), failure.getMessage()));
  }

  private static String status(HttpClientResponse response) {
    return response.statusCode() + " " + response.statusMessage();
  }

  private static String reason(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
