package io.tickwire.client;

import io.vertx.core.Future;

/**
 * Gives the token (a JWT) a {@link TickwireClient} presents. It is called before every connect and
 * before the current token expires (the new one is sent in an {@code auth} frame, without
 * reconnecting). It is called on the client's event loop and must not block: return a future
 * (for example of {@code vertx.executeBlocking(...)}) when the token comes from somewhere slow. A
 * {@code null} token connects anonymously.
 */
@FunctionalInterface
public interface TokenSupplier {

  Future<String> token();

  /** Always the same token: it is never refreshed, so the connection ends when it expires. */
  static TokenSupplier of(String token) {
    return () -> Future.succeededFuture(token);
  }
}
