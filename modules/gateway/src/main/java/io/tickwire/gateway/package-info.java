/**
 * The gateway module: clients' WebSockets and SSE streams, the HTTP API, and the fan-out of
 * channel messages to them. {@link io.tickwire.gateway.GatewayModule} deploys it on a node (after
 * the node's channel log, module channels); {@link io.tickwire.gateway.GatewaySetup} is its
 * configuration. By concern: {@code endpoint} (the WebSocket endpoint and its sessions),
 * {@code fanout} (one consumer per channel, written to every local subscriber),
 * {@code middleware} (the inbound frame chain), {@code sse}, {@code api} (the HTTP API),
 * {@code ops} (health and metrics), {@code auth} (tokens and channel access) and
 * {@code config} (the typed configuration sections).
 */
package io.tickwire.gateway;
