package io.tickwire.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.Supplier;

/**
 * Runs a verticle on whichever node owns a key, for work that must happen once in a cluster
 * (following the chain): deploys it when this node becomes the owner and undeploys it when it
 * stops being the owner. Alone, a node owns everything and the verticle simply runs.
 *
 * <p>Threading: ownership changes are handed to this verticle's event loop, and one deploy or
 * undeploy runs at a time; the state is checked again when it is done.
 */
public final class OwnedDeployment extends VerticleBase {

  private final Ownership ownership;
  private final String key;
  private final Supplier<? extends Deployable> verticle;
  private String child;
  private boolean busy;

  public OwnedDeployment(Ownership ownership, String key,
      Supplier<? extends Deployable> verticle) {
    this.ownership = ownership;
    this.key = key;
    this.verticle = verticle;
  }

  /** Whether the verticle runs on this node now. */
  public boolean running() {
    return child != null;
  }

  @Override
  public Future<?> start() {
    ownership.onChange(() -> context.runOnContext(ignored -> reconcile()));
    return reconcile();
  }

  @Override
  public Future<?> stop() {
    String running = child;
    child = null;
    return running == null ? Future.succeededFuture() : vertx.undeploy(running);
  }

  private Future<Void> reconcile() {
    if (busy) {
      return Future.succeededFuture();
    }
    boolean owner = ownership.owns(key);
    Future<Void> step;
    if (owner && child == null) {
      busy = true;
      step = vertx.deployVerticle(verticle, new DeploymentOptions())
          .onSuccess(id -> child = id).mapEmpty();
    } else if (!owner && child != null) {
      busy = true;
      String running = child;
      child = null;
      step = vertx.undeploy(running);
    } else {
      return Future.succeededFuture();
    }
    return step.eventually(() -> {
      busy = false;
      // Ownership may have moved again meanwhile.
      return ownership.owns(key) == (child != null) ? Future.succeededFuture() : reconcile();
    });
  }
}
