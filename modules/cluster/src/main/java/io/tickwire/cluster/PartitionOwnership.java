package io.tickwire.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.tickwire.runtime.Ownership;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ownership by Hazelcast partition: a key belongs to the member that owns the key's partition,
 * the same member that sequences a channel of that name. When a member leaves or dies its
 * partitions move to the survivors (their backups become owners), and listeners are told once
 * the move is done, so a new owner starts after the old one stopped being the owner.
 *
 * <p>A member that leaves on purpose first says so ({@link #leave()}): from then on it owns
 * nothing, its own listeners stop its work, and only then do its partitions move, so two
 * members never work on one key.
 */
final class PartitionOwnership implements Ownership {

  private final HazelcastInstance hazelcast;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean leaving;

  PartitionOwnership(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
      @Override
      public void migrationStarted(MigrationState state) {
      }

      @Override
      public void migrationFinished(MigrationState state) {
        changed();
      }

      @Override
      public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
      }

      @Override
      public void replicaMigrationFailed(ReplicaMigrationEvent event) {
      }
    });
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        changed();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        changed();
      }
    });
  }

  @Override
  public boolean owns(String key) {
    if (leaving || !hazelcast.getLifecycleService().isRunning()) {
      return false;
    }
    Partition partition = hazelcast.getPartitionService().getPartition(key);
    return partition.getOwner() != null && partition.getOwner().localMember();
  }

  @Override
  public Share share() {
    if (!hazelcast.getLifecycleService().isRunning()) {
      return new Share(0, 0);
    }
    int total = 0;
    int owned = 0;
    for (Partition partition : hazelcast.getPartitionService().getPartitions()) {
      total++;
      if (!leaving && partition.getOwner() != null && partition.getOwner().localMember()) {
        owned++;
      }
    }
    return new Share(owned, total);
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** From now on this member owns nothing; its listeners are told at once. */
  void leave() {
    leaving = true;
    changed();
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }
}
