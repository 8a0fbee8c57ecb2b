package io.tickwire.cluster;

import io.tickwire.protocol.ChannelMessage;

/**
 * Where the owner of a channel hands each new message for fan-out, in seq order. Each member
 * keeps its sink in its Hazelcast user context under {@link #KEY}; entry processors look it up
 * on the member they run on.
 */
@FunctionalInterface
interface FanoutSink {

  String KEY = "tickwire.fanout";

  void publish(ChannelMessage message);
}
