package io.tickwire.cluster;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Reads what a resuming subscriber must be sent first, on the member that owns the channel, by
 * the same rules as a single node's history: the messages after {@code since} when all of them
 * are still kept, else nothing for stream channels and the current value for latest ones. A
 * channel without an entry gets one here, with its epoch, so the epoch a subscriber is told is
 * the one the channel's messages will carry.
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
  private String created;

  RecoverProcessor(Long sinceSeq, String sinceEpoch, boolean latest, long historyTtlMs) {
    this.sinceSeq = sinceSeq;
    this.sinceEpoch = sinceEpoch;
    this.latest = latest;
    this.historyTtlMs = historyTtlMs;
  }

  @Override
  public Found process(Map.Entry<String, ChannelState> entry) {
    ChannelState state = entry.getValue();
    if (state == null) {
      // New, or lost with its partition: a new epoch either way (see ChannelState).
      state = new ChannelState(ChannelState.freshEpoch());
      created = state.epoch;
      entry.setValue(state);
    }
    long top = state.seq;
    long now = System.currentTimeMillis();
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
    return created == null ? null : new Created(created);
  }

  /** Creates the same empty entry on a backup. */
  private record Created(String epoch) implements EntryProcessor<String, ChannelState, Found> {

    @Override
    public Found process(Map.Entry<String, ChannelState> entry) {
      if (entry.getValue() == null) {
        entry.setValue(new ChannelState(epoch));
      }
      return null;
    }

    @Override
    public EntryProcessor<String, ChannelState, Found> getBackupProcessor() {
      return null;
    }
  }
}
