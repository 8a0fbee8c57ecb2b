/** The Server-Sent Events fallback for read-only clients: {@code GET /sse?channels=a,b}. */
package io.tickwire.gateway.sse;
