package io.tickwire.gateway.ops;

import io.tickwire.runtime.NodeContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.IntSupplier;

/**
 * Health and metrics: {@code /health/live}, {@code /health/ready}, {@code /health} (with the
 * details modules contribute through {@link io.tickwire.runtime.HealthDetails}, URLs redacted),
 * {@code /metrics}. Without a management port ({@code ops.enabled} false) the public port serves
 * them all; with one, the public port serves only {@link #mountSummary the probes and a summary}
 * and the management port ({@link OpsVerticle}) the rest.
 */
public final class OpsRoutes {

  private OpsRoutes() {
  }

  /** Every route: the public port without a management port, or the management port. */
  public static void mount(Router router, NodeContext node, IntSupplier localConnections) {
    mountProbes(router, node);
    router.get("/health").handler(rc -> json(rc, node, summary(node)
        .put("node", node.id())
        .put("connections", localConnections.getAsInt())
        .put("details", node.health().toJson())));
    router.get("/metrics").handler(rc -> rc.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(node.registry().scrape()));
  }

  /**
   * The public port beside a management port: the probes, and {@code /health} as status and
   * checks only (no node id, connection count or details). {@code /metrics} is not served.
   */
  public static void mountSummary(Router router, NodeContext node) {
    mountProbes(router, node);
    router.get("/health").handler(rc -> json(rc, node, summary(node)));
  }

  private static void mountProbes(Router router, NodeContext node) {
    router.get("/health/live").handler(rc -> rc.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("status", "UP").encode()));
    router.get("/health/ready").handler(rc -> json(rc, node,
        new JsonObject().put("status", status(node))));
  }

  private static JsonObject summary(NodeContext node) {
    return new JsonObject().put("status", status(node))
        .put("checks", new JsonObject().put("live", "UP").put("ready", status(node)));
  }

  private static String status(NodeContext node) {
    return node.isReady() ? "UP" : "DOWN";
  }

  private static void json(RoutingContext rc, NodeContext node, JsonObject body) {
    rc.response().setStatusCode(node.isReady() ? 200 : 503)
        .putHeader("content-type", "application/json").end(body.encode());
  }
}
