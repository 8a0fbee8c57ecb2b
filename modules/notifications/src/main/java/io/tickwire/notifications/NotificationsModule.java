package io.tickwire.notifications;

import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Deploys the notifications module on a node, in dependency order: the storage, the delivery
 * dispatcher, the rule evaluator, then the request methods (so no rule is accepted before it
 * can be evaluated), then the retention job. {@link Deployments#undeployAll()} takes them down in reverse, the storage
 * last. Needs the gateway's channel log on the node (or cluster) to publish on
 * {@code user.<id>}.
 */
public final class NotificationsModule {

  private NotificationsModule() {
  }

  /** Deploys everything. */
  public static Future<Void> deploy(Deployments deployments, NotificationsConfig config,
      NodeContext node) {
    return deploy(deployments, config, node, Ownership.single());
  }

  /**
   * Deploys with the node's ownership: in a cluster each member evaluates the rules of the users
   * it owns (the storage must then be shared: PostgreSQL, or on one machine the embedded file with
   * {@code storage.shared}).
   */
  public static Future<Void> deploy(Deployments deployments, NotificationsConfig config,
      NodeContext node, Ownership ownership) {
    return deploy(deployments, config, node, ownership, UnaryOperator.identity(),
        HostResolver::system);
  }

  /**
   * Deploys with the opened storage seen through {@code around} (tests put faults in it) and
   * webhook hosts looked up by the resolver {@code resolvers} makes (tests answer for names of
   * their own).
   */
  static Future<Void> deploy(Deployments deployments, NotificationsConfig config, NodeContext node,
      Ownership ownership, UnaryOperator<Storage> around,
      Function<Vertx, HostResolver> resolvers) {
    StoreVerticle store = new StoreVerticle(config.storage());
    return deployments.deploy(() -> store, 1)
        .compose(id -> {
          Storage storage = around.apply(store.storage());
          return deployments.deploy(
                  () -> new DispatchVerticle(config, storage, node.registry(), resolvers), 1)
              .compose(ignored -> deployments.deploy(
                  () -> new EvaluatorVerticle(config, storage, node.registry(), ownership), 1))
              .compose(ignored -> deployments.deploy(
                  () -> new AlertsVerticle(config, storage), 1))
              .compose(ignored -> deployments.deploy(
                  () -> new InboxVerticle(config, storage, resolvers), 1))
              .compose(ignored -> deployments.deploy(
                  () -> new RetentionVerticle(config, storage, node.registry(), ownership), 1));
        })
        .mapEmpty();
  }
}
