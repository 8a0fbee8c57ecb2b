/** The server HTTP API for backends under {@code /api}, and the JSON errors of HTTP answers. */
package io.tickwire.gateway.api;
