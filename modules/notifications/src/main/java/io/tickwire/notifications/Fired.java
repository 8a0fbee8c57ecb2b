package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;

/**
 * One firing of a rule, as the indexes report it.
 *
 * @param rule the rule that fired
 * @param number its firing count including this one
 * @param firingId the firing's identity: recording the same firing twice creates one
 *     notification
 * @param ts the event time of the firing (ms since the epoch)
 * @param facts what made it fire (price, previous price, level, change, balance, hash, …)
 */
public record Fired(Rule rule, long number, String firingId, long ts, JsonObject facts) {
}
