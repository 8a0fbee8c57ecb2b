package io.tickwire.gateway;

import io.tickwire.channels.ChannelLog;
import io.tickwire.channels.LocalChannels;
import io.tickwire.runtime.Node;

/**
 * What every gateway instance of a node shares: configuration, meters, the authenticator, the
 * node-wide count of local subscribers per channel, the connection registry and the channel log
 * publications go through. All of it is thread-safe.
 */
record GatewayContext(GatewaySetup setup, Node node, GatewayMetrics metrics,
    Authenticator authenticator, LocalChannels channels, ConnectionRegistry connections,
    ChannelLog log) {

  GatewayConfig config() {
    return setup.gateway();
  }

  /** The clock skew tolerated on token expiry, as the verifier tolerates it. */
  long leewayMs() {
    return setup.auth().leewaySec() * 1000L;
  }
}
