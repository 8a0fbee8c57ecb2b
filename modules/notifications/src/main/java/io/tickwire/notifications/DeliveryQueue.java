package io.tickwire.notifications;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;

/**
 * The durable queue of deliveries: one per notification and channel, pending until delivered,
 * failed, skipped or cancelled. A delivery is taken with a lease, so a node that dies mid-attempt
 * leaves it to be tried again after the lease, and two dispatchers never hold the same delivery
 * at once. Futures complete on the caller's context.
 */
public interface DeliveryQueue {

  /** Pending: due at {@code next_attempt_at}. */
  String PENDING = "pending";
  /** Waiting for the user's quiet hours to end. */
  String WAITING = "waiting";
  String DELIVERED = "delivered";
  /** Given up after retries, or refused for good by the receiver. */
  String FAILED = "failed";
  /** Not sent: the channel is off, or the user muted everything. */
  String SKIPPED = "skipped";
  /** Dropped because the endpoint was disabled (it answered 410). */
  String CANCELLED = "cancelled";

  /** A taken delivery with its notification. */
  record Delivery(String id, String channel, long attempts, long queuedAt,
      Notification notification) {
  }

  /**
   * Takes up to {@code limit} deliveries due at {@code now} (pending or waiting), leasing each
   * until {@code now + leaseMs}.
   */
  default Future<List<Delivery>> claim(long now, int limit, long leaseMs) {
    return claim(now, limit, leaseMs, Firing.CHANNELS);
  }

  /** As {@link #claim(long, int, long)}, only deliveries on {@code channels}. */
  Future<List<Delivery>> claim(long now, int limit, long leaseMs, Collection<String> channels);

  /** Marks a delivery delivered after {@code attempts} attempts. */
  Future<Void> delivered(String id, long attempts, long now);

  /** Marks a delivery failed, skipped or cancelled for good. */
  Future<Void> finish(String id, String status, long attempts, String error, long now);

  /** Schedules another attempt at {@code at}. */
  Future<Void> retry(String id, long attempts, long at, String error, long now);

  /** Makes a delivery wait, without counting an attempt, until {@code until}. */
  Future<Void> waitUntil(String id, long until, long now);

  /** Gives leased deliveries back, due at {@code now} (a dispatcher stopping mid-attempt). */
  Future<Void> release(List<String> ids, long now);

  /** Makes the user's waiting deliveries due at {@code now}; answers how many. */
  Future<Long> wake(String user, long now);

  /** Cancels the user's unfinished deliveries on {@code channel}; answers how many. */
  Future<Long> cancel(String user, String channel, String reason, long now);

  /**
   * Deletes up to {@code limit} finished deliveries (delivered, failed, skipped, cancelled) last
   * changed before {@code finishedBefore}; their notifications stay. Answers how many.
   */
  Future<Long> purge(long finishedBefore, int limit);
}
