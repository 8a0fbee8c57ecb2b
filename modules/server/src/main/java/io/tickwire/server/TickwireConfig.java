package io.tickwire.server;

import io.tickwire.gateway.GatewaySetup;
import io.tickwire.notifications.NotificationsConfig;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The whole configuration of a node, validated before anything deploys: {@code node} (its id)
 * and each module's sections. Unknown keys anywhere are refused.
 *
 * @param nodeId the node's id, announced to clients; a random one when {@code node.id} is empty
 * @param gateway the gateway module's sections
 * @param notifications the notifications module's section
 */
public record TickwireConfig(String nodeId, GatewaySetup gateway,
    NotificationsConfig notifications) {

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
    GatewaySetup gateway = GatewaySetup.from(root);
    NotificationsConfig notifications = NotificationsConfig.from(root);
    root.done();
    return new TickwireConfig(nodeId == null
        ? "node-" + UUID.randomUUID().toString().substring(0, 8) : nodeId, gateway,
        notifications);
  }
}
