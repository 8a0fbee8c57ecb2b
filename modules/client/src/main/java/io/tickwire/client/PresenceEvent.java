package io.tickwire.client;

/**
 * A {@code join} or {@code leave} (protocol 1.1): another connection subscribed to, or left, a
 * channel of a {@code joinLeave} namespace this client is subscribed to. Not kept and not
 * recovered: after a reconnection, ask {@link TickwireClient#presence} again.
 *
 * @param channel the channel
 * @param client the connection that joined or left
 */
public record PresenceEvent(String channel, ClientRef client) {
}
