package io.tickwire.gateway.ops;

import io.tickwire.gateway.config.OpsConfig;
import io.tickwire.runtime.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The management port: {@code /metrics}, the detailed {@code /health} and the probes, on
 * {@code ops.host}:{@code ops.port}, apart from the public port. Consumes and produces no
 * event-bus address. Config: {@code ops}, and {@code gateway.httpIdleTimeoutMs} as the idle
 * timeout of its connections. One instance per node, on its own event loop.
 */
public final class OpsVerticle extends VerticleBase {

  private final OpsConfig config;
  private final long idleTimeoutMs;
  private final NodeContext node;
  private final IntSupplier localConnections;
  private HttpServer server;

  public OpsVerticle(OpsConfig config, long idleTimeoutMs, NodeContext node,
      IntSupplier localConnections) {
    this.config = config;
    this.idleTimeoutMs = idleTimeoutMs;
    this.node = node;
    this.localConnections = localConnections;
  }

  /** The port it listens on (after start). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, node, localConnections);
    // Nothing here is long-lived: a plain idle timeout bounds a slow or silent client.
    server = vertx.createHttpServer(new HttpServerOptions()
            .setIdleTimeout((int) idleTimeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
        .requestHandler(router);
    return server.listen(config.port(), config.host());
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }
}
