package io.tickwire.notifications;

import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.vertx.core.Future;

/**
 * Deploys the notifications module on a node, in dependency order: the storage, the delivery
 * dispatcher, the rule evaluator, then the request methods (so no rule is accepted before it
 * can be evaluated). {@link Deployments#undeployAll()} takes them down in reverse, the storage
 * last. Needs the gateway's channel log on the node (or cluster) to publish on
 * {@code user.<id>}.
 */
public final class NotificationsNode {

  private NotificationsNode() {
  }

  /** Deploys everything. */
  public static Future<Void> deploy(Deployments deployments, NotificationsConfig config,
      Node node) {
    return deploy(deployments, config, node, Ownership.single());
  }

  /**
   * Deploys with the node's ownership: in a cluster each member evaluates the rules of the users
   * it owns (the storage must then be shared: PostgreSQL, or on one machine the embedded file with
   * {@code storage.shared}).
   */
  public static Future<Void> deploy(Deployments deployments, NotificationsConfig config,
      Node node, Ownership ownership) {
    StoreVerticle store = new StoreVerticle(config.storage());
    return deployments.deploy(() -> store, 1)
        .compose(id -> deployments.deploy(
            () -> new DispatchVerticle(config, store.storage(), node.registry()), 1))
        .compose(id -> deployments.deploy(
            () -> new EvaluatorVerticle(config, store.storage(), node.registry(), ownership), 1))
        .compose(id -> deployments.deploy(() -> new AlertsVerticle(config, store.storage()), 1))
        .compose(id -> deployments.deploy(() -> new InboxVerticle(config, store.storage()), 1))
        .mapEmpty();
  }
}
