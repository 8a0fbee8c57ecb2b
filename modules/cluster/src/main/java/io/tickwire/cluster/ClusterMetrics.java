package io.tickwire.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The member's view of the cluster as meters: {@code tickwire.cluster.members} (members this
 * one sees), {@code tickwire.cluster.partitions.owned} (Hazelcast partitions it owns: the
 * channels it sequences and the keys — symbols, rule partitions, the chain — it works on) and
 * {@code tickwire.cluster.migrations} (partition ownership moves, by outcome, as Hazelcast
 * reports them to this member's listener). Gauges are read at scrape time from Hazelcast's
 * local view: no network call.
 */
final class ClusterMetrics {

  private ClusterMetrics() {
  }

  static void install(HazelcastInstance hazelcast, MeterRegistry registry) {
    Gauge.builder("tickwire.cluster.members", hazelcast,
            instance -> instance.getLifecycleService().isRunning()
                ? instance.getCluster().getMembers().size() : 0)
        .description("Cluster members this member sees, itself included").register(registry);
    Gauge.builder("tickwire.cluster.partitions.owned", hazelcast, ClusterMetrics::owned)
        .description("Hazelcast partitions this member owns").register(registry);
    Counter completed = migrations(registry, "completed");
    Counter failed = migrations(registry, "failed");
    hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {
      }

      @Override
      public void migrationFinished(MigrationState state) {
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        // Replica 0 is the owner; the others are backups.
        if (event.getReplicaIndex() == 0) {
          completed.increment();
        }
      }

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        if (event.getReplicaIndex() == 0) {
          failed.increment();
        }
      }
    });
  }

  private static Counter migrations(MeterRegistry registry, String outcome) {
    return Counter.builder("tickwire.cluster.migrations")
        .description("Partition ownership migrations reported to this member, by outcome")
        .tag("outcome", outcome).register(registry);
  }

  private static double owned(HazelcastInstance hazelcast) {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return 0;
    }
    int owned = 0;
    for (Partition partition : hazelcast.getPartitionService().getPartitions()) {
      if (partition.getOwner() != null && partition.getOwner().localMember()) {
        owned++;
      }
    }
    return owned;
  }
}
