package io.tickwire.gateway;

import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * Cheap request methods of the node itself, for clients to check the request path and for the
 * benchmarks: {@code system.time} answers {@code {ts, node}}; {@code system.echo} answers the
 * request's data. Consumes {@code tickwire.rpc.system.time} and {@code tickwire.rpc.system.echo}.
 * No config; single instance.
 */
public final class SystemMethodsVerticle extends VerticleBase {

  private final String nodeId;

  public SystemMethodsVerticle(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    return Future.all(
        Methods.register(vertx, "system.time", call -> Future.succeededFuture(
            new JsonObject().put("ts", System.currentTimeMillis()).put("node", nodeId)))
            .completion(),
        Methods.register(vertx, "system.echo", call -> Future.succeededFuture(call.data()))
            .completion());
  }
}
