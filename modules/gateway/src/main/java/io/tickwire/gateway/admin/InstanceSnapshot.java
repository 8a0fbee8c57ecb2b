package io.tickwire.gateway.admin;

import java.util.HashMap;
import java.util.Map;

/**
 * What one gateway instance (or a whole node, once merged) holds: its signed-in users with their
 * connections, its anonymous connections, and the last position it saw of each channel it fans
 * out. Built on the instance's event loop; not thread-safe, handed over whole.
 */
public final class InstanceSnapshot {

  /** One user's connections here: how many, the oldest one's start, their subscriptions. */
  public static final class Tally {
    int sessions;
    long since = Long.MAX_VALUE;
    int subscriptions;

    void add(int sessions, long since, int subscriptions) {
      this.sessions += sessions;
      this.since = Math.min(this.since, since);
      this.subscriptions += subscriptions;
    }
  }

  /** The newest message of a channel seen here. */
  public record Position(long seq, String epoch) {
  }

  final Map<String, Tally> users = new HashMap<>();
  final Map<String, Position> positions = new HashMap<>();
  int anonymous;
  int anonymousSubscriptions;

  /** Counts one connection: {@code user} null for an anonymous one. */
  public void connection(String user, long connectedAtMs, int subscriptions) {
    if (user == null) {
      anonymous++;
      anonymousSubscriptions += subscriptions;
      return;
    }
    users.computeIfAbsent(user, ignored -> new Tally()).add(1, connectedAtMs, subscriptions);
  }

  /** The newest position of {@code channel} seen here; the highest seq wins. */
  public void position(String channel, long seq, String epoch) {
    if (epoch == null) {
      return;
    }
    positions.merge(channel, new Position(seq, epoch), (a, b) -> b.seq() > a.seq() ? b : a);
  }

  /** Adds {@code other} into this one. */
  void merge(InstanceSnapshot other) {
    other.users.forEach((user, tally) -> users.computeIfAbsent(user, ignored -> new Tally())
        .add(tally.sessions, tally.since, tally.subscriptions));
    other.positions.forEach((channel, at) -> position(channel, at.seq(), at.epoch()));
    anonymous += other.anonymous;
    anonymousSubscriptions += other.anonymousSubscriptions;
  }
}
