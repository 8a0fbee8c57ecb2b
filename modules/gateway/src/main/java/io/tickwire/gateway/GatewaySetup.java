package io.tickwire.gateway;

import io.tickwire.channels.Namespaces;
import io.tickwire.gateway.config.AdminConfig;
import io.tickwire.gateway.config.ApiConfig;
import io.tickwire.gateway.config.AuthConfig;
import io.tickwire.gateway.config.DemoConfig;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.config.HeartbeatConfig;
import io.tickwire.gateway.config.OpsConfig;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;

/**
 * Everything the gateway module reads from conf: sections {@code gateway}, {@code heartbeat},
 * {@code auth}, {@code api}, {@code namespaces}, {@code demo}, {@code ops} and {@code admin}. Immutable and
 * validated on construction.
 */
public record GatewaySetup(GatewayConfig gateway, HeartbeatConfig heartbeat, AuthConfig auth,
    ApiConfig api, Namespaces namespaces, DemoConfig demo, OpsConfig ops, AdminConfig admin) {

  /**
   * Checks {@code gateway.autoSubscribe} against the namespaces: each a channel of a configured
   * public namespace whose keys it matches, and no more than a connection may hold.
   */
  public GatewaySetup {
    List<String> auto = gateway.autoSubscribe();
    if (auto.size() > gateway.maxSubscriptions()) {
      throw new ConfigException("gateway.autoSubscribe", "lists " + auto.size()
          + " channels, more than gateway.maxSubscriptions (" + gateway.maxSubscriptions() + ")");
    }
    for (String channel : auto) {
      NamespacePolicy policy;
      try {
        policy = namespaces.of(ChannelName.parse(channel));
      } catch (ProtocolException e) {
        throw new ConfigException("gateway.autoSubscribe", "'" + channel
            + "' is not a channel of a configured namespace: " + e.getMessage());
      }
      if (policy.access() != NamespacePolicy.Access.PUBLIC) {
        throw new ConfigException("gateway.autoSubscribe", "'" + channel
            + "' is not in a public namespace: every connection, with or without a token, is "
            + "subscribed to it");
      }
    }
  }

  /** Reads the gateway's sections from the configuration root. */
  public static GatewaySetup from(Section root) {
    return new GatewaySetup(GatewayConfig.from(root.section("gateway")),
        HeartbeatConfig.from(root.section("heartbeat")),
        AuthConfig.from(root.section("auth")),
        ApiConfig.from(root.section("api")),
        Namespaces.from(root.section("namespaces")),
        DemoConfig.from(root.section("demo")),
        OpsConfig.from(root.section("ops")),
        AdminConfig.from(root.section("admin")));
  }

  /**
   * Refuses the settings only the dev profile may use: dev tokens, the dev secret, the dev API
   * key or a short one. The launcher calls it for every other profile.
   *
   * @throws io.tickwire.runtime.ConfigException naming the key
   */
  public void refuseDevSettings() {
    auth.refuseDevSettings();
    api.refuseDevSettings();
  }

  /** The same setup with other namespaces (for example with the allowed keys filled in). */
  public GatewaySetup withNamespaces(Namespaces replaced) {
    return new GatewaySetup(gateway, heartbeat, auth, api, replaced, demo, ops, admin);
  }
}
