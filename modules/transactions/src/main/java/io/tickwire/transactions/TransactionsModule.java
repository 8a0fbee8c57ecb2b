package io.tickwire.transactions;

import io.tickwire.runtime.OwnedDeployment;
import io.tickwire.runtime.Ownership;
import io.tickwire.runtime.SharedDocuments;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.vertx.core.Future;
import java.util.List;

/** Deploys the transactions module on a node: one {@link TransactionsVerticle}, if enabled. */
public final class TransactionsModule {

  /** The ownership key of the chain subscription: one member follows the chain. */
  public static final String CHAIN_KEY = "transactions.chain";

  private TransactionsModule() {
  }

  /**
   * Deploys the monitor after the gateway's verticles (it publishes through their channel log).
   *
   * @param demoWallets the demo user's wallets, for the simulated chain
   * @return the deployment id, or {@code null} when {@code transactions.enabled} is off
   */
  public static Future<String> deploy(Deployments deployments, TransactionsConfig config,
      NodeContext node, List<String> demoWallets) {
    return deploy(deployments, config, node, demoWallets, Ownership.single(), null);
  }

  /**
   * Deploys the monitor so that it runs on one node of a cluster at a time: the owner of
   * {@link #CHAIN_KEY}, which follows the chain and keeps the watch list in {@code documents}
   * (the cluster's); when that node leaves or dies, the next owner takes over from the list and
   * catches up block by block.
   *
   * @param documents where the watch list is kept, or {@code null} for the local file
   */
  public static Future<String> deploy(Deployments deployments, TransactionsConfig config,
      NodeContext node, List<String> demoWallets, Ownership ownership, SharedDocuments documents) {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    return deployments.deploy(() -> new OwnedDeployment(ownership, CHAIN_KEY,
        () -> new TransactionsVerticle(config, demoWallets, node, documents)), 1);
  }
}
