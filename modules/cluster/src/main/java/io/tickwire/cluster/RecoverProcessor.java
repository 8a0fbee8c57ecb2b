package io.tickwire.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Reads what a resuming subscriber must be sent first, on the member that owns the channel, by
 * the same rules as a single node's history: the messages after {@code since} when all of them
 * are still kept, else nothing for stream channels and the current value for latest ones. The
 * asking member holds the channel from now on (its lease is renewed here when under half of it
 * is left). A channel without an entry gets one here, with its epoch, so the epoch a subscriber
 * is told is the one the channel's messages will carry.
 */
final class RecoverProcessor
    implements EntryProcessor<String, ChannelState, RecoverProcessor.Found> {

  private static final long serialVersionUID = 1L;

  /** The answer. */
  record Found(long seq, String epoch, boolean recovered, List<ChannelState.Kept> messages)
      implements Serializable {
  }

  private final Long sinceSeq;
  private final String sinceEpoch;
  private final boolean latest;
  private final long historyTtlMs;
  private final String member;
  private final long leaseMs;
  private Held written;

  RecoverProcessor(Long sinceSeq, String sinceEpoch, boolean latest, long historyTtlMs,
      String member, long leaseMs) {
    this.sinceSeq = sinceSeq;
    this.sinceEpoch = sinceEpoch;
    this.latest = latest;
    this.historyTtlMs = historyTtlMs;
    this.member = member;
    this.leaseMs = leaseMs;
  }

  @Override
  public Found process(Map.Entry<String, ChannelState> entry) {
    ChannelState state = entry.getValue();
    long now = System.currentTimeMillis();
    if (state == null) {
      // New, or lost with its partition: a new epoch either way (see ChannelState).
      state = new ChannelState(ChannelState.freshEpoch());
      state.historyTtlMs = historyTtlMs;
    }
    if (entry.getValue() == null || state.heldUntil(member) < now + leaseMs / 2) {
      state.hold(member, now + leaseMs, now);
      ChannelState.store(entry, state, now);
      written = new Held(state.epoch, historyTtlMs, member, now + leaseMs);
    }
    long top = state.seq;
    if (sinceSeq != null && state.epoch.equals(sinceEpoch) && sinceSeq <= top
        && sinceSeq + 1 >= state.oldest(now, historyTtlMs)) {
      return new Found(top, state.epoch, true, state.after(sinceSeq, now, historyTtlMs));
    }
    List<ChannelState.Kept> current = latest && state.last != null
        ? List.of(state.last) : List.of();
    return new Found(top, state.epoch, false, current);
  }

  @Override
  public EntryProcessor<String, ChannelState, Found> getBackupProcessor() {
    return written;
  }

  /** Creates the same entry on a backup, or renews the same hold there. */
  private record Held(String epoch, long historyTtlMs, String member, long until)
      implements EntryProcessor<String, ChannelState, Found> {

    @Override
    public Found process(Map.Entry<String, ChannelState> entry) {
      ChannelState state = entry.getValue();
      if (state == null) {
        state = new ChannelState(epoch);
        state.historyTtlMs = historyTtlMs;
      }
      long now = System.currentTimeMillis();
      state.hold(member, until, now);
      ChannelState.store(entry, state, now);
      return null;
    }

    @Override
    public EntryProcessor<String, ChannelState, Found> getBackupProcessor() {
      return null;
    }
  }
}
