package io.tickwire.gateway;

import io.tickwire.runtime.Node;

/**
 * What every gateway instance of a node shares: configuration, meters, the authenticator and
 * the node-wide count of local subscribers per channel. All of it is thread-safe.
 */
record GatewayContext(GatewaySetup setup, Node node, GatewayMetrics metrics,
    Authenticator authenticator, LocalChannels channels) {

  GatewayConfig config() {
    return setup.gateway();
  }

  /** The clock skew tolerated on token expiry, as the verifier tolerates it. */
  long leewayMs() {
    return setup.auth().leewaySec() * 1000L;
  }
}
