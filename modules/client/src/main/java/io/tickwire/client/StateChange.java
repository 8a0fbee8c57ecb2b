package io.tickwire.client;

/**
 * A change of connection state, as listeners of {@link TickwireClient#onState} see it.
 *
 * @param state the new state
 * @param previous the state before
 * @param attempt for {@link ConnectionState#RECONNECTING}: which attempt in a row is next (from
 *     1); 0 otherwise
 * @param delayMs for {@link ConnectionState#RECONNECTING}: how long the client waits before that
 *     attempt; 0 otherwise
 * @param closeCode the WebSocket close code that ended the last connection, or 0 when none applies
 *     (a failed connect, a client-side close)
 * @param reason why, in words, for {@link ConnectionState#RECONNECTING} and
 *     {@link ConnectionState#DISCONNECTED}; empty otherwise
 */
public record StateChange(ConnectionState state, ConnectionState previous, int attempt,
    long delayMs, int closeCode, String reason) {
}
