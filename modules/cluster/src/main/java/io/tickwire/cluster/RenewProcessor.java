package io.tickwire.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Renews a member's hold on channels it still has subscribers of, sent for all of them at once
 * every third of the lease. A channel without an entry is left without one: its state was
 * dropped or lost, and its subscribers' next recovery starts it again. The same processor runs
 * on the backups (it carries nothing per entry).
 */
final class RenewProcessor implements EntryProcessor<String, ChannelState, Void> {

  private static final long serialVersionUID = 1L;

  private final String member;
  private final long until;

  RenewProcessor(String member, long until) {
    this.member = member;
    this.until = until;
  }

  @Override
  public Void process(Map.Entry<String, ChannelState> entry) {
    ChannelState state = entry.getValue();
    if (state != null) {
      long now = System.currentTimeMillis();
      state.hold(member, until, now);
      ChannelState.store(entry, state, now);
    }
    return null;
  }

  @Override
  public EntryProcessor<String, ChannelState, Void> getBackupProcessor() {
    return this;
  }
}
