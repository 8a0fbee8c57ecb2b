/**
 * The inbound frame chain of a WebSocket: logging, rate limit, validation, authentication and
 * access control, each a stage whose whole contract is {@link
 * io.tickwire.gateway.middleware.Middleware}.
 */
package io.tickwire.gateway.middleware;
