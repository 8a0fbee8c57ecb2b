package io.tickwire.gateway.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who a connection is: the token's subject, wallets and roles, and when the token expires.
 * {@link #ANONYMOUS} for connections without a token.
 *
 * @param user the token's {@code sub}, or {@code null} when anonymous
 * @param wallets the token's {@code wallets} claim, lower-cased
 * @param expiresAt the token's {@code exp} in ms since the epoch ({@link Long#MAX_VALUE} when anonymous)
 * @param roles the token's {@code roles} claim (for example {@code admin}, see
 *     {@code admin.role})
 * @param claims the token's other claims that are arrays of strings, by claim name, for
 *     namespaces with access {@code claim} (bounded by the authenticator)
 */
public record Principal(String user, Set<String> wallets, long expiresAt, Set<String> roles,
    Map<String, Set<String>> claims) {

  public static final Principal ANONYMOUS = new Principal(null, Set.of(), Long.MAX_VALUE);

  public Principal {
    wallets = Set.copyOf(wallets);
    roles = Set.copyOf(roles);
    Map<String, Set<String>> copy = new HashMap<>();
    claims.forEach((name, values) -> copy.put(name, Set.copyOf(values)));
    claims = Map.copyOf(copy);
  }

  /** A principal without other claims. */
  public Principal(String user, Set<String> wallets, long expiresAt, Set<String> roles) {
    this(user, wallets, expiresAt, roles, Map.of());
  }

  /** A principal without roles. */
  public Principal(String user, Set<String> wallets, long expiresAt) {
    this(user, wallets, expiresAt, Set.of());
  }

  /** Whether the token's claim {@code claim} (an array of strings) lists {@code value}. */
  public boolean claimLists(String claim, String value) {
    return claims.getOrDefault(claim, Set.of()).contains(value);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean anonymous() {
    return user == null;
  }

  public boolean ownsWallet(String address) {
    return wallets.contains(address.toLowerCase(Locale.ROOT));
  }

  /** The wallets as the comma-separated header forwarded with requests. */
  public String walletsHeader() {
    return String.join(",", wallets);
  }
}
