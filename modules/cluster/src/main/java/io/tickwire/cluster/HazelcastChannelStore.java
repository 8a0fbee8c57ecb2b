package io.tickwire.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tickwire.channels.ChannelStore;
import io.tickwire.channels.LocalChannels;
import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Publication;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel histories kept by the cluster: one entry per channel in a Hazelcast map with
 * synchronous backups. Every publication runs on the member that owns the channel's partition,
 * which assigns the seq and fans the message out in order, so seq and epoch are the same on
 * every node and a client may resume on any node. Each channel's epoch is set when its entry is
 * created and changes only when the entry is lost (every copy of its partition gone, or the
 * whole cluster), see {@link ChannelState}.
 *
 * <p>Bounds: a member holds the channels it has subscribers of, from their first recovery,
 * with a lease of {@code holdLeaseMs} it renews every third of it and ends when its last local
 * subscriber leaves. An entry with no hold, no history younger than its namespace's
 * {@code historyTtlMs} and no idempotency answer is removed at once, or, when its last holder
 * died, by its time-to-live. {@link #retained()} counts the entries this member owns.
 *
 * <p>Threading: called on the channel log's event loop; Hazelcast calls complete back on it.
 */
public final class HazelcastChannelStore implements ChannelStore {

  /** How long a member's hold on a channel lasts unless it renews it: one minute. */
  public static final long DEFAULT_HOLD_LEASE_MS = 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastChannelStore.class);

  private final Context context;
  private final HazelcastInstance hazelcast;
  private final IMap<String, ChannelState> channels;
  private final long idempotencyTtlMs;
  private final LocalChannels held;
  private final String member;
  private final long holdLeaseMs;
  private long renewAt;

  HazelcastChannelStore(Vertx vertx, HazelcastInstance hazelcast, long idempotencyTtlMs,
      LocalChannels held, long holdLeaseMs) {
    this.context = vertx.getOrCreateContext();
    this.hazelcast = hazelcast;
    this.channels = hazelcast.getMap(HazelcastConfigs.CHANNELS_MAP);
    this.idempotencyTtlMs = idempotencyTtlMs;
    this.held = held;
    this.member = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.holdLeaseMs = holdLeaseMs;
    this.renewAt = System.currentTimeMillis() + holdLeaseMs / 3;
  }

  @Override
  public Future<Published> publish(Publication publication) {
    NamespacePolicy policy = publication.policy();
    AppendProcessor append = new AppendProcessor(publication.dataJson(),
        publication.from() == null ? null : publication.from().toJson().encode(),
        policy.historySize(), policy.historyTtlMs(), publication.idempotencyKey(),
        idempotencyTtlMs);
    String name = publication.channel().toString();
    return Future.fromCompletionStage(channels.submitToKey(name, append), context)
        .map(appended -> new Published(name, appended.seq(), appended.epoch()));
  }

  @Override
  public Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since) {
    // An ephemeral namespace keeps nothing to recover from: every resume is a fresh start.
    Position from = policy.ephemeral() ? null : since;
    RecoverProcessor read = new RecoverProcessor(from == null ? null : from.seq(),
        from == null ? null : from.epoch(), policy.latest(), policy.historyTtlMs(), member,
        holdLeaseMs);
    String name = channel.toString();
    return Future.fromCompletionStage(channels.submitToKey(name, read), context)
        .map(found -> {
          List<ChannelMessage> messages = new ArrayList<>(found.messages().size());
          for (ChannelState.Kept kept : found.messages()) {
            messages.add(new ChannelMessage(name, kept.seq(), found.epoch(), kept.ts(),
                kept.frame()));
          }
          return new Recovery(found.seq(), found.epoch(), found.recovered(), messages);
        });
  }

  @Override
  public void release(String channel) {
    if (!hazelcast.getLifecycleService().isRunning()) {
      // Handed off: this member's holds end with their leases.
      return;
    }
    try {
      channels.submitToKey(channel, new ReleaseProcessor(member))
          .whenComplete((ignored, failure) -> {
            if (failure != null) {
              released(channel, failure);
            }
          });
    } catch (RuntimeException e) {
      released(channel, e);
    }
  }

  private static void released(String channel, Throwable failure) {
    // The entry's time-to-live ends this member's hold instead.
    LOG.debug("release failed channel={}: {}", channel, failure.getMessage());
  }

  @Override
  public void expire() {
    // Windows are trimmed on every append and filtered by age on every read; entries end by
    // their time-to-live. What is left to do here: renew this member's holds in time.
    if (!hazelcast.getLifecycleService().isRunning()) {
      return;
    }
    long now = System.currentTimeMillis();
    if (now >= renewAt) {
      renewAt = now + holdLeaseMs / 3;
      Set<String> holding = held.channels();
      if (!holding.isEmpty()) {
        channels.submitToKeys(holding, new RenewProcessor(member, now + holdLeaseMs))
            .whenComplete((ignored, failure) -> {
              if (failure != null) {
                LOG.warn("renewing the hold on {} channels failed: {}", holding.size(),
                    failure.getMessage());
              }
            });
      }
    }
  }

  /** Read when the gauge is, off the channel log's event loop: local statistics, no call out. */
  @Override
  public int retained() {
    return hazelcast.getLifecycleService().isRunning()
        ? (int) channels.getLocalMapStats().getOwnedEntryCount() : 0;
  }
}
