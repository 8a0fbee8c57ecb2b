/**
 * The fan-out: one event-bus consumer per channel with local subscribers on a gateway instance,
 * and each channel message written to every subscriber (WebSocket session or SSE stream) as the
 * bytes the channel log encoded once.
 */
package io.tickwire.gateway.fanout;
