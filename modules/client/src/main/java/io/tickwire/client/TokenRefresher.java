package io.tickwire.client;

import io.tickwire.protocol.ClientFrame;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * Keeps the open connection's token valid without reconnecting: {@code tokenRefreshLeadMs}
 * before the token expires (at most half its remaining life), asks the {@link TokenSupplier} for
 * a new one and sends it in an {@code auth} frame, then waits for the new token's expiry in turn.
 * A token without an expiry, or no supplier, means no refresh. A supplier that fails or a token
 * the server refuses is logged, and the connection goes on until the server closes it
 * (4001). Confined to the client's event loop.
 */
final class TokenRefresher {

  private static final System.Logger LOG = System.getLogger(TokenRefresher.class.getName());

  private final Vertx vertx;
  private final Executor loop;
  private final Connection connection;
  private final Calls calls;
  private final ClientOptions options;
  private long timer = -1;

  /** @param loop runs a task on the client's event loop (at once when already there) */
  TokenRefresher(Vertx vertx, Executor loop, Connection connection, Calls calls,
      ClientOptions options) {
    this.vertx = vertx;
    this.loop = loop;
    this.connection = connection;
    this.calls = calls;
    this.options = options;
  }

  /** A connection opened with {@code token} (or {@code null}): refresh it before it expires. */
  void start(String token) {
    schedule(Jwt.expiresAtMs(token));
  }

  /** The connection is gone: no refresh. */
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void schedule(long expiresAtMs) {
    stop();
    if (expiresAtMs < 0 || options.getTokenSupplier() == null) {
      return;
    }
    long remaining = expiresAtMs - System.currentTimeMillis();
    long lead = Math.min(options.getTokenRefreshLeadMs(), Math.max(0, remaining / 2));
    timer = vertx.setTimer(Math.max(1, remaining - lead), ignored -> {
      timer = -1;
      refresh();
    });
  }

  private void refresh() {
    int current = connection.generation();
    options.getTokenSupplier().token().onComplete(result -> loop.execute(() -> {
      if (current != connection.generation() || !connection.isOpen()) {
        return;
      }
      if (result.failed() || result.result() == null) {
        LOG.log(System.Logger.Level.WARNING, "token refresh failed: {0}",
            result.failed() ? Connection.describe(result.cause()) : "the supplier gave no token");
        return;
      }
      String next = result.result();
      calls.call("a", id -> new ClientFrame.Auth(id, next).toJson(), options.getRequestTimeoutMs())
          .onSuccess(authed -> schedule(authed.getLong("expiresAt", Jwt.expiresAtMs(next))))
          .onFailure(failure -> LOG.log(System.Logger.Level.WARNING,
              "token refresh refused: {0}", failure.getMessage()));
    }));
  }
}
