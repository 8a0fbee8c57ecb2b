package io.tickwire.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import java.io.Serializable;
import java.util.Map;
import java.util.UUID;

/**
 * Appends one message to a channel, on the member that owns the channel's partition: the next
 * seq, the frame encoded once, the history window, the idempotency key (remembered per channel),
 * the entry's time-to-live, then the hand-over to the member's {@link OwnerFanout}. Hazelcast
 * runs the processors of one partition one at a time, so seqs are assigned and published in
 * order; the backups replay the exact message.
 */
final class AppendProcessor
    implements EntryProcessor<String, ChannelState, AppendProcessor.Appended>,
    HazelcastInstanceAware {

  private static final long serialVersionUID = 1L;

  /** Where the message landed. */
  record Appended(long seq, String epoch) implements Serializable {
  }

  private final String operation = UUID.randomUUID().toString();
  private final String dataJson;
  /** The {@code from} object of a client's publication as JSON, or {@code null}. */
  private final String fromJson;
  private final int historySize;
  private final long historyTtlMs;
  private final String idempotencyKey;
  private final long idempotencyTtlMs;
  private ChannelState.Kept appended;
  private String epoch;
  private transient HazelcastInstance hazelcast;

  AppendProcessor(String dataJson, String fromJson, int historySize, long historyTtlMs,
      String idempotencyKey, long idempotencyTtlMs) {
    this.dataJson = dataJson;
    this.fromJson = fromJson;
    this.historySize = historySize;
    this.historyTtlMs = historyTtlMs;
    this.idempotencyKey = idempotencyKey;
    this.idempotencyTtlMs = idempotencyTtlMs;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  @Override
  public Appended process(Map.Entry<String, ChannelState> entry) {
    OwnerFanout fanout = OwnerFanout.of(hazelcast);
    if (fanout == null) {
      // This member is still starting: refuse rather than keep a message nobody is told of.
      throw new ProtocolException(ErrorCode.UNAVAILABLE, "channel owner is starting, try again");
    }
    // No entry: the channel is new, or its history was lost with its partition; either way a new
    // epoch, so no position in a lost history can be taken for one in this one.
    ChannelState state = entry.getValue() == null
        ? new ChannelState(ChannelState.freshEpoch()) : entry.getValue();
    long now = System.currentTimeMillis();
    // Hazelcast runs an operation again on the new owner when the old one died before
    // answering; the backup already holds what the first run appended.
    long retried = state.appended(operation);
    if (retried >= 0) {
      // Its fan-out may have died with the old owner: hand it on again (gateways drop a seq
      // they already sent).
      state.kept(retried).ifPresent(kept -> fanout.publish(new ChannelMessage(entry.getKey(),
          kept.seq(), state.epoch, kept.ts(), kept.frame())));
      return new Appended(retried, state.epoch);
    }
    if (idempotencyKey != null) {
      long earlier = state.remembered(idempotencyKey, now);
      if (earlier >= 0) {
        return new Appended(earlier, state.epoch);
      }
    }
    ChannelMessage message = ChannelMessage.ofEncoded(entry.getKey(), state.seq + 1, state.epoch,
        now, dataJson, fromJson);
    appended = new ChannelState.Kept(message.seq(), message.ts(), message.frame());
    epoch = state.epoch;
    state.append(appended, historySize, historyTtlMs, idempotencyKey, idempotencyTtlMs,
        operation);
    ChannelState.store(entry, state, now);
    fanout.publish(message);
    return new Appended(message.seq(), state.epoch);
  }

  @Override
  public EntryProcessor<String, ChannelState, Appended> getBackupProcessor() {
    return appended == null ? null : new Backup(appended, epoch, historySize, historyTtlMs,
        idempotencyKey, idempotencyTtlMs, operation);
  }

  /** Replays an append on a backup: the same message, no fan-out. */
  private record Backup(ChannelState.Kept kept, String epoch, int historySize, long historyTtlMs,
      String idempotencyKey, long idempotencyTtlMs, String operation)
      implements EntryProcessor<String, ChannelState, Appended> {

    @Override
    public Appended process(Map.Entry<String, ChannelState> entry) {
      ChannelState state = entry.getValue() == null ? new ChannelState(epoch) : entry.getValue();
      state.append(kept, historySize, historyTtlMs, idempotencyKey, idempotencyTtlMs, operation);
      ChannelState.store(entry, state, System.currentTimeMillis());
      return null;
    }

    @Override
    public EntryProcessor<String, ChannelState, Appended> getBackupProcessor() {
      return null;
    }
  }
}
