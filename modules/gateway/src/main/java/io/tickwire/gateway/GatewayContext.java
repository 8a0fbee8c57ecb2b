package io.tickwire.gateway;

import io.tickwire.runtime.Node;

/**
 * What every gateway instance of a node shares: configuration, meters, the authenticator, the
 * node-wide count of local subscribers per channel and the connection registry. All of it is
 * thread-safe.
 */
record GatewayContext(GatewaySetup setup, Node node, GatewayMetrics metrics,
    Authenticator authenticator, LocalChannels channels, ConnectionRegistry connections) {

  GatewayConfig config() {
    return setup.gateway();
  }

  /** The clock skew tolerated on token expiry, as the verifier tolerates it. */
  long leewayMs() {
    return setup.auth().leewaySec() * 1000L;
  }
}
