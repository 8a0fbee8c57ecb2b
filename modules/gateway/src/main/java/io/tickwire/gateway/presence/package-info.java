/**
 * Presence: who is subscribed to each channel of a namespace with {@code presence} or
 * {@code joinLeave}. A {@link io.tickwire.gateway.presence.PresenceRegistry} records the node's own
 * subscribers where every node sees them (node memory alone, a Hazelcast map in a cluster) and
 * feeds each node's {@link io.tickwire.gateway.presence.PresenceIndex}, which answers presence
 * requests from memory and tells the gateway instances who joined and left.
 */
package io.tickwire.gateway.presence;
