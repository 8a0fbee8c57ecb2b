package io.tickwire.cluster;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * A member no longer has a subscriber of a channel: its hold ends, and the entry is removed when
 * nothing else keeps it (no history, no idempotency answer, no other member's hold). The same
 * processor runs on the backups.
 */
final class ReleaseProcessor implements EntryProcessor<String, ChannelState, Void> {

  private static final long serialVersionUID = 1L;

  private final String member;

  ReleaseProcessor(String member) {
    this.member = member;
  }

  @Override
  public Void process(Map.Entry<String, ChannelState> entry) {
    ChannelState state = entry.getValue();
    if (state != null) {
      long now = System.currentTimeMillis();
      state.release(member, now);
      ChannelState.store(entry, state, now);
    }
    return null;
  }

  @Override
  public EntryProcessor<String, ChannelState, Void> getBackupProcessor() {
    return this;
  }
}
