package io.tickwire.runtime;

/**
 * Which member of a cluster does the work of a key (a price symbol, the chain subscription, a
 * partition of alert rules), so that each is done by exactly one member at a time. A single
 * node owns everything. Thread-safe.
 */
public interface Ownership {

  /** Whether this node owns {@code key} now. */
  boolean owns(String key);

  /**
   * Calls {@code listener} whenever ownership may have changed (a member joined or left, a
   * partition moved). It runs on a cluster thread: hand the work to the verticle's context and
   * re-check the keys there.
   */
  void onChange(Runnable listener);

  /**
   * How much of the key space this node owns now: {@code owned} of {@code total} partitions; a
   * single node owns 1 of 1. For the admin console: cheap enough to call once a second.
   */
  default Share share() {
    return new Share(1, 1);
  }

  /** A node's part of the key space: {@code owned} of {@code total} partitions. */
  record Share(int owned, int total) {
  }

  /** Everything is owned here, and that never changes. */
  static Ownership single() {
    return new Ownership() {
      @Override
      public boolean owns(String key) {
        return true;
      }

      @Override
      public void onChange(Runnable listener) {
      }
    };
  }
}
