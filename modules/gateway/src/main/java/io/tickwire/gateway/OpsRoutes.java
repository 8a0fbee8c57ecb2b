package io.tickwire.gateway;

import io.tickwire.runtime.Node;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.IntSupplier;

/**
 * Health and metrics: {@code /health/live}, {@code /health/ready}, {@code /health} (with the
 * details modules contribute through {@link io.tickwire.runtime.HealthDetails}), {@code /metrics}.
 */
final class OpsRoutes {

  private OpsRoutes() {
  }

  static void mount(Router router, Node node, IntSupplier localConnections) {
    router.get("/health/live").handler(rc -> rc.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
    router.get("/health/ready").handler(rc -> rc.response()
        .setStatusCode(node.isReady() ? 200 : 503)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", node.isReady() ? "UP" : "DOWN").encode()));
    router.get("/health").handler(rc -> rc.response()
        .setStatusCode(node.isReady() ? 200 : 503)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", node.isReady() ? "UP" : "DOWN")
            .put("node", node.id())
            .put("checks", new JsonObject().put("live", "UP")
                .put("ready", node.isReady() ? "UP" : "DOWN"))
            .put("connections", localConnections.getAsInt())
            .put("details", node.health().toJson()).encode()));
    router.get("/metrics").handler(rc -> rc.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(node.registry().scrape()));
  }
}
