package io.tickwire.cluster;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Reads what a resuming subscriber must be sent first, on the member that owns the channel, by
 * the same rules as a single node's history: the messages after {@code since} when all of them
 * are still kept, else nothing for stream channels and the current value for latest ones.
 */
final class RecoverProcessor
    implements EntryProcessor<String, ChannelState, RecoverProcessor.Found>, ReadOnly {

  private static final long serialVersionUID = 1L;

  /** The answer. */
  record Found(long seq, String epoch, boolean recovered, List<ChannelState.Kept> messages)
      implements Serializable {
  }

  private final Long sinceSeq;
  private final String sinceEpoch;
  private final boolean latest;
  private final long historyTtlMs;
  private final String clusterEpoch;

  RecoverProcessor(Long sinceSeq, String sinceEpoch, boolean latest, long historyTtlMs,
      String clusterEpoch) {
    this.sinceSeq = sinceSeq;
    this.sinceEpoch = sinceEpoch;
    this.latest = latest;
    this.historyTtlMs = historyTtlMs;
    this.clusterEpoch = clusterEpoch;
  }

  @Override
  public Found process(Map.Entry<String, ChannelState> entry) {
    ChannelState state = entry.getValue();
    String epoch = state == null ? clusterEpoch : state.epoch;
    long top = state == null ? 0 : state.seq;
    long now = System.currentTimeMillis();
    if (sinceSeq != null && epoch.equals(sinceEpoch) && sinceSeq <= top) {
      long oldest = state == null ? top + 1 : state.oldest(now, historyTtlMs);
      if (sinceSeq + 1 >= oldest) {
        return new Found(top, epoch, true,
            state == null ? List.of() : state.after(sinceSeq, now, historyTtlMs));
      }
    }
    List<ChannelState.Kept> current = latest && state != null && state.last != null
        ? List.of(state.last) : List.of();
    return new Found(top, epoch, false, current);
  }

  @Override
  public EntryProcessor<String, ChannelState, Found> getBackupProcessor() {
    return null;
  }
}
