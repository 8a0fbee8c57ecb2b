package io.tickwire.runtime;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Deploys verticles one after the other and undeploys them in reverse order, so a service never
 * outlives what it depends on. Use from one thread at a time.
 */
public final class Deployments {

  private final Vertx vertx;
  private final Deque<String> ids = new ArrayDeque<>();

  public Deployments(Vertx vertx) {
    this.vertx = vertx;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Deploys {@code instances} instances made by {@code verticle}; remembers it for undeploy. */
  public Future<String> deploy(Supplier<? extends Deployable> verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances))
        .onSuccess(ids::push);
  }

  /** Undeploys everything, the last deployed first. Never fails; failures are skipped. */
  public Future<Void> undeployAll() {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    String id = ids.pop();
    return vertx.undeploy(id).otherwiseEmpty().compose(ignored -> undeployAll());
  }
}
