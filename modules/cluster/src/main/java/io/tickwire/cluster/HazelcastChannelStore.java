package io.tickwire.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tickwire.gateway.ChannelStore;
import io.tickwire.gateway.NamespacePolicy;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Channel histories kept by the cluster: one entry per channel in a Hazelcast map with
 * synchronous backups. Every publication runs on the member that owns the channel's partition,
 * which assigns the seq and fans the message out in order, so seq and epoch are the same on
 * every node and a client may resume on any node. Each channel's epoch is set when its entry is
 * created and changes only when the entry is lost (every copy of its partition gone, or the
 * whole cluster), see {@link ChannelState}.
 *
 * <p>Threading: called on the channel log's event loop; Hazelcast calls complete back on it.
 */
public final class HazelcastChannelStore implements ChannelStore {

  private final Context context;
  private final IMap<String, ChannelState> channels;
  private final long idempotencyTtlMs;

  HazelcastChannelStore(Vertx vertx, HazelcastInstance hazelcast, long idempotencyTtlMs) {
    this.context = vertx.getOrCreateContext();
    this.channels = hazelcast.getMap(HazelcastConfigs.CHANNELS_MAP);
    this.idempotencyTtlMs = idempotencyTtlMs;
  }

  @Override
  public Future<Published> publish(ChannelName channel, NamespacePolicy policy, Object data,
      String idempotencyKey) {
    AppendProcessor append = new AppendProcessor(Json.encode(data), policy.historySize(),
        policy.historyTtlMs(), idempotencyKey, idempotencyTtlMs);
    String name = channel.toString();
    return Future.fromCompletionStage(channels.submitToKey(name, append), context)
        .map(appended -> new Published(name, appended.seq(), appended.epoch()));
  }

  @Override
  public Future<Recovery> recover(ChannelName channel, NamespacePolicy policy, Position since) {
    RecoverProcessor read = new RecoverProcessor(since == null ? null : since.seq(),
        since == null ? null : since.epoch(), policy.latest(), policy.historyTtlMs());
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
  public void expire() {
    // Windows are trimmed on every append and filtered by age on every read.
  }
}
