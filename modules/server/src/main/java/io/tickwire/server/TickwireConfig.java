package io.tickwire.server;

import io.tickwire.cluster.ClusterConfig;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.runtime.Section;
import io.tickwire.transactions.TransactionsConfig;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The whole configuration of a node, validated before anything deploys: {@code node} (its id),
 * {@code cluster} and each module's sections. Unknown keys anywhere are refused.
 *
 * @param nodeId the node's id, announced to clients; a random one when {@code node.id} is empty
 * @param cluster whether and how the node joins a cluster
 * @param gateway the gateway module's sections
 * @param transactions the transaction monitor's section
 */
public record TickwireConfig(String nodeId, ClusterConfig cluster, GatewaySetup gateway,
    TransactionsConfig transactions) {

  /**
   * Validates {@code json}.
   *
   * @throws io.tickwire.runtime.ConfigException naming the first bad key
   */
  public static TickwireConfig from(JsonObject json) {
    Section root = Section.root(json);
    Section node = root.section("node");
    String nodeId = node.string("id", null);
    node.done();
    ClusterConfig cluster = ClusterConfig.from(root.section("cluster"));
    GatewaySetup gateway = GatewaySetup.from(root);
    TransactionsConfig transactions = TransactionsConfig.from(root.section("transactions"));
    root.done();
    return new TickwireConfig(nodeId == null
        ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId, cluster, gateway,
        transactions);
  }
}
