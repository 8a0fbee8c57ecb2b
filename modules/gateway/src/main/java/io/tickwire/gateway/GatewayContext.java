package io.tickwire.gateway;

import io.tickwire.channels.ChannelLog;
import io.tickwire.channels.LocalChannels;
import io.tickwire.gateway.admin.AdminBoard;
import io.tickwire.gateway.auth.Authenticator;
import io.tickwire.gateway.auth.Bans;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.endpoint.ConnectionRegistry;
import io.tickwire.gateway.endpoint.PackedFrames;
import io.tickwire.gateway.presence.LocalPresenceRegistry;
import io.tickwire.gateway.presence.PresenceIndex;
import io.tickwire.gateway.presence.PresenceRegistry;
import io.tickwire.runtime.NodeContext;

/**
 * What every gateway instance of a node shares: configuration, meters, the authenticator, the
 * node-wide count of local subscribers per channel, the connection registry, the channel log
 * publications go through, the users banned for a while, what the admin console gathers from
 * the instances, the MessagePack form of channel messages (packed once per node), and who is in
 * the channels of tracked namespaces (the index read by presence requests and the registry the
 * node's subscribers are recorded in). All of it is thread-safe.
 */
public record GatewayContext(GatewaySetup setup, NodeContext node, GatewayMetrics metrics,
    Authenticator authenticator, LocalChannels channels, ConnectionRegistry connections,
    ChannelLog log, Bans bans, AdminBoard admin, PackedFrames packer, PresenceIndex presence,
    PresenceRegistry presenceRegistry) {

  /** A context whose MessagePack frames are packed by a table of its own. */
  public GatewayContext(GatewaySetup setup, NodeContext node, GatewayMetrics metrics,
      Authenticator authenticator, LocalChannels channels, ConnectionRegistry connections,
      ChannelLog log, Bans bans, AdminBoard admin, PresenceIndex presence,
      PresenceRegistry presenceRegistry) {
    this(setup, node, metrics, authenticator, channels, connections, log, bans, admin,
        new PackedFrames(metrics.msgpackEncoded()), presence, presenceRegistry);
  }

  /** A context whose presence is this node's alone. */
  public GatewayContext(GatewaySetup setup, NodeContext node, GatewayMetrics metrics,
      Authenticator authenticator, LocalChannels channels, ConnectionRegistry connections,
      ChannelLog log, Bans bans, AdminBoard admin) {
    this(setup, node, metrics, authenticator, channels, connections, log, bans, admin,
        new PresenceIndex(setup.namespaces()));
  }

  private GatewayContext(GatewaySetup setup, NodeContext node, GatewayMetrics metrics,
      Authenticator authenticator, LocalChannels channels, ConnectionRegistry connections,
      ChannelLog log, Bans bans, AdminBoard admin, PresenceIndex presence) {
    this(setup, node, metrics, authenticator, channels, connections, log, bans, admin, presence,
        new LocalPresenceRegistry(presence));
  }

  /** A context with no user banned and an empty admin board. */
  public GatewayContext(GatewaySetup setup, NodeContext node, GatewayMetrics metrics,
      Authenticator authenticator, LocalChannels channels, ConnectionRegistry connections,
      ChannelLog log) {
    this(setup, node, metrics, authenticator, channels, connections, log, new Bans(),
        new AdminBoard());
  }

  public GatewayConfig config() {
    return setup.gateway();
  }

  /** The clock skew tolerated on token expiry, as the verifier tolerates it. */
  public long leewayMs() {
    return setup.auth().leewaySec() * 1000L;
  }
}
