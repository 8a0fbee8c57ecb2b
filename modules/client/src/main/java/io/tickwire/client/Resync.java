package io.tickwire.client;

/**
 * The server could not give back everything missed on {@code channel} while the client was away
 * (the history window was exceeded, or the server restarted and started a new epoch): it answered
 * {@code recovered: false} to a resubscription with {@code since}. On a stream channel, fetch a
 * fresh snapshot (a request method) and go on with the live messages that follow; on a
 * latest-mode channel the current value that follows is all that is needed.
 *
 * @param channel the channel
 * @param seq the channel's position when the subscription took effect; live messages are newer
 * @param epoch the channel's current epoch
 */
public record Resync(String channel, long seq, String epoch) {
}
