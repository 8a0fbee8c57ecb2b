package io.tickwire.gateway;

import io.tickwire.runtime.Section;

/**
 * Everything the gateway module reads from conf: sections {@code gateway}, {@code heartbeat},
 * {@code auth}, {@code api}, {@code namespaces} and {@code demo}. Immutable and validated on
 * construction.
 */
public record GatewaySetup(GatewayConfig gateway, HeartbeatConfig heartbeat, AuthConfig auth,
    ApiConfig api, Namespaces namespaces, DemoConfig demo) {

  /** Reads the gateway's sections from the configuration root. */
  public static GatewaySetup from(Section root) {
    return new GatewaySetup(GatewayConfig.from(root.section("gateway")),
        HeartbeatConfig.from(root.section("heartbeat")),
        AuthConfig.from(root.section("auth")),
        ApiConfig.from(root.section("api")),
        Namespaces.from(root.section("namespaces")),
        DemoConfig.from(root.section("demo")));
  }

  /** The same setup with other namespaces (for example with the allowed keys filled in). */
  public GatewaySetup withNamespaces(Namespaces replaced) {
    return new GatewaySetup(gateway, heartbeat, auth, api, replaced, demo);
  }
}
