package io.tickwire.notifications;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Durable notifications. Futures complete on the caller's context; implementations never block
 * it.
 */
public interface NotificationStore {

  /** How one delivery of a notification stands. */
  record DeliveryStatus(String channel, String status, long attempts, long nextAttemptAt,
      String error) {
  }

  /** A page of notifications, newest first, with their deliveries. */
  record Page(List<Notification> notifications, Map<String, List<DeliveryStatus>> deliveries,
      long unread, String next) {
  }

  /**
   * Records a firing in one transaction: the notification, the rule's firing state (only while
   * the rule is still active) and a pending delivery per channel. Answers the notification, or
   * {@code null} when this firing was recorded before or its rule is no longer active — so a
   * firing recorded twice makes one notification.
   */
  Future<Notification> record(Firing firing);

  /**
   * A page of the user's notifications, newest first.
   *
   * @param before only notifications older than this id ({@code null}: from the newest)
   * @param unreadOnly only unread ones
   */
  Future<Page> list(String user, String before, int limit, boolean unreadOnly);

  /**
   * Marks notifications read: the one with {@code id}, or with {@code upTo} every one up to and
   * including that id. Answers how many changed.
   */
  Future<Long> ack(String user, String id, boolean upTo);

  /** How many of the user's notifications are unread. */
  Future<Long> unread(String user);

  /**
   * Deletes up to {@code limit} notifications created before {@code createdBefore}, each with
   * all its deliveries, leaving those with a delivery still pending or waiting. Answers how
   * many notifications it deleted.
   */
  Future<Long> purge(long createdBefore, int limit);
}
