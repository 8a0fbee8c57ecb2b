package io.tickwire.gateway.config;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.tickwire.runtime.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code auth} section: how tokens are verified. At least one key source must be set.
 * Secrets are never logged ({@link #toString()} hides them).
 *
 * @param hmacSecret HS256 shared secret
 * @param publicKeyPem RS256 public key, PEM (SubjectPublicKeyInfo)
 * @param jwksUrl a JWKS document to fetch keys from (RS256); {@code https://}, or
 *     {@code http://} only with {@code jwksAllowHttp}
 * @param jwksRefreshMs how often the JWKS document is fetched again
 *     ({@value #DEFAULT_JWKS_REFRESH_MS})
 * @param jwksUnknownKidRefetchMs a token whose {@code kid} is not among the keys fetches the
 *     JWKS document again at once, but at most once per this interval
 *     ({@value #DEFAULT_JWKS_UNKNOWN_KID_REFETCH_MS})
 * @param jwksAllowHttp whether an {@code http://} JWKS URL is accepted, whose keys anyone on the
 *     path could replace; only the dev profile sets it ({@value #DEFAULT_JWKS_ALLOW_HTTP})
 * @param issuer the required {@code iss}, when set
 * @param audience the required {@code aud}, when set
 * @param leewaySec clock skew tolerated on {@code exp}/{@code nbf}
 * @param devTokens whether {@code GET /dev/token} exists (dev profile only)
 * @param devTokenTtlMs lifetime of dev tokens
 */
public record AuthConfig(String hmacSecret, String publicKeyPem, String jwksUrl,
    long jwksRefreshMs, long jwksUnknownKidRefetchMs, boolean jwksAllowHttp, String issuer,
    String audience, int leewaySec, boolean devTokens, long devTokenTtlMs) {

  public static final long DEFAULT_JWKS_REFRESH_MS = 600_000;
  public static final long DEFAULT_JWKS_UNKNOWN_KID_REFETCH_MS = 30_000;
  public static final boolean DEFAULT_JWKS_ALLOW_HTTP = false;
  public static final long DEFAULT_DEV_TOKEN_TTL_MS = 3_600_000;
  /** The HS256 secret of the dev profile ({@code conf/dev.json}): public, so dev only. */
  public static final String DEV_HMAC_SECRET = "tickwire-dev-secret-change-me-0123456789";

  public AuthConfig {
    if (hmacSecret == null && publicKeyPem == null && jwksUrl == null) {
      throw new ConfigException("auth", "no key to verify tokens with: set at least one of"
          + " auth.jwksUrl (TICKWIRE_AUTH_JWKS_URL), auth.hmacSecret (TICKWIRE_AUTH_HMAC_SECRET),"
          + " auth.publicKeyPem (TICKWIRE_AUTH_PUBLIC_KEY_PEM)");
    }
    if (hmacSecret != null && hmacSecret.length() < 16) {
      throw new ConfigException("auth.hmacSecret", "must be at least 16 characters");
    }
    if (devTokens && hmacSecret == null) {
      throw new ConfigException("auth.devTokens", "dev tokens need auth.hmacSecret");
    }
    if (jwksUrl != null) {
      checkJwksUrl(jwksUrl, jwksAllowHttp);
    }
  }

  private static void checkJwksUrl(String url, boolean allowHttp) {
    String scheme;
    try {
      URI uri = new URI(url);
      scheme = uri.getHost() == null || uri.getScheme() == null ? ""
          : uri.getScheme().toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      scheme = "";
    }
    if (scheme.equals("http") && !allowHttp) {
      throw new ConfigException("auth.jwksUrl", "must be an https:// URL: keys fetched over"
          + " http:// can be replaced by anyone on the way (auth.jwksAllowHttp allows it, for"
          + " the dev profile only), got '" + Urls.redact(url) + "'");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new ConfigException("auth.jwksUrl", "must be an https:// URL with a host, got '"
          + Urls.redact(url) + "'");
    }
  }

  public static AuthConfig from(Section section) {
    AuthConfig config = new AuthConfig(
        section.secret("hmacSecret", null),
        section.string("publicKeyPem", null),
        section.string("jwksUrl", null),
        section.longValue("jwksRefreshMs", DEFAULT_JWKS_REFRESH_MS, 1_000, 86_400_000),
        section.longValue("jwksUnknownKidRefetchMs", DEFAULT_JWKS_UNKNOWN_KID_REFETCH_MS, 1_000,
            86_400_000),
        section.bool("jwksAllowHttp", DEFAULT_JWKS_ALLOW_HTTP),
        section.string("issuer", null),
        section.string("audience", null),
        section.intValue("leewaySec", 0, 0, 3_600),
        section.bool("devTokens", false),
        section.longValue("devTokenTtlMs", DEFAULT_DEV_TOKEN_TTL_MS, 1_000, 86_400_000L * 30));
    section.done();
    return config;
  }

  /**
   * Refuses what only the dev profile may use: {@code /dev/token} and the dev secret, which is in
   * the repository and so signs tokens anyone can make, and an {@code http://} JWKS URL.
   *
   * @throws ConfigException naming the key
   */
  public void refuseDevSettings() {
    if (devTokens) {
      throw new ConfigException("auth.devTokens", "is on, which only the dev profile may do:"
          + " /dev/token signs a token for any user (set TICKWIRE_AUTH_DEV_TOKENS=false)");
    }
    if (DEV_HMAC_SECRET.equals(hmacSecret)) {
      throw new ConfigException("auth.hmacSecret", "is the dev profile's secret, which is public:"
          + " set TICKWIRE_AUTH_HMAC_SECRET to a secret of your own");
    }
    if (jwksAllowHttp) {
      throw new ConfigException("auth.jwksAllowHttp", "is on, which only the dev profile may do:"
          + " keys fetched over http:// can be replaced by anyone on the way"
          + " (use an https:// JWKS URL and set TICKWIRE_AUTH_JWKS_ALLOW_HTTP=false)");
    }
  }

  @Override
  public String toString() {
    return "AuthConfig[hmacSecret=" + (hmacSecret == null ? "unset" : "***")
        + ", publicKeyPem=" + (publicKeyPem == null ? "unset" : "set")
        + ", jwksUrl=" + (jwksUrl == null ? null : Urls.redact(jwksUrl))
        + ", issuer=" + issuer + ", audience=" + audience
        + ", devTokens=" + devTokens + "]";
  }
}
