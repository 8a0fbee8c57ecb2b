/**
 * The WebSocket endpoint: the gateway verticle (one per event loop), the sessions it accepts,
 * the route of each inbound frame after the middleware chain, the heartbeat, admission at the
 * edge, and the WebSocket's Netty pipeline stages (the encoded frame, coalesced flushes, the
 * compression threshold and inflation bound), with the Vert.x internals they need confined to
 * {@link io.tickwire.gateway.endpoint.VertxInternals}.
 */
package io.tickwire.gateway.endpoint;
