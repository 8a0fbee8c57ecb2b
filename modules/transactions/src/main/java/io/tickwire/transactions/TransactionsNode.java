package io.tickwire.transactions;

import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.Node;
import io.vertx.core.Future;
import java.util.List;

/** Deploys the transactions module on a node: one {@link TransactionsVerticle}, if enabled. */
public final class TransactionsNode {

  private TransactionsNode() {
  }

  /**
   * Deploys the monitor after the gateway's verticles (it publishes through their channel log).
   *
   * @param demoWallets the demo user's wallets, for the simulated chain
   * @return the deployment id, or {@code null} when {@code transactions.enabled} is off
   */
  public static Future<String> deploy(Deployments deployments, TransactionsConfig config,
      Node node, List<String> demoWallets) {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    return deployments.deploy(() -> new TransactionsVerticle(config, demoWallets, node), 1);
  }
}
