package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** {@link DeliveryQueue} in SQL. */
final class SqlDeliveries implements DeliveryQueue {

  private final Db db;

  SqlDeliveries(Db db) {
    this.db = db;
  }

  @Override
  public Future<List<Delivery>> claim(long now, int limit, long leaseMs,
      Collection<String> channels) {
    List<Object> select = new ArrayList<>(List.of(PENDING, WAITING, now));
    select.addAll(channels);
    select.add((long) limit);
    return db.tx(conn -> db.run(conn, "SELECT id FROM deliveries WHERE status IN (?, ?)"
                + " AND next_attempt_at <= ? AND channel IN (" + Db.placeholders(channels.size())
                + ") ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED", select.toArray())
        .compose(rows -> {
          List<Object> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getString("id")));
          if (ids.isEmpty()) {
            return Future.succeededFuture(List.<Delivery>of());
          }
          String in = Db.placeholders(ids.size());
          List<Object> lease = new ArrayList<>(List.of(PENDING, now + leaseMs, now));
          lease.addAll(ids);
          return db.run(conn, "UPDATE deliveries SET status = ?, next_attempt_at = ?,"
                  + " updated_at = ? WHERE id IN (" + in + ")", lease.toArray())
              .compose(ignored -> db.run(conn, "SELECT d.id AS delivery_id, d.channel,"
                  + " d.attempts, d.created_at AS queued_at, " + SqlNotifications.COLUMNS
                  + " FROM deliveries d JOIN notifications n ON n.id = d.notification_id"
                  + " WHERE d.id IN (" + in + ") ORDER BY d.next_attempt_at, d.id",
                  ids.toArray()))
              .map(taken -> {
                List<Delivery> deliveries = new ArrayList<>();
                for (Row row : taken) {
                  deliveries.add(new Delivery(row.getString("delivery_id"),
                      row.getString("channel"), row.getLong("attempts"),
                      row.getLong("queued_at"), SqlNotifications.notification(row)));
                }
                return deliveries;
              });
        }));
  }

  @Override
  public Future<Void> delivered(String id, long attempts, long now) {
    return finish(id, DELIVERED, attempts, null, now);
  }

  @Override
  public Future<Void> finish(String id, String status, long attempts, String error, long now) {
    return db.run("UPDATE deliveries SET status = ?, attempts = ?, last_error = ?, updated_at = ?"
        + " WHERE id = ?", status, attempts, error, now, id).mapEmpty();
  }

  @Override
  public Future<Void> retry(String id, long attempts, long at, String error, long now) {
    return db.run("UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?,"
        + " last_error = ?, updated_at = ? WHERE id = ? AND status = ?", PENDING, attempts, at,
        error, now, id, PENDING).mapEmpty();
  }

  @Override
  public Future<Void> waitUntil(String id, long until, long now) {
    return db.run("UPDATE deliveries SET status = ?, next_attempt_at = ?, updated_at = ?"
        + " WHERE id = ? AND status = ?", WAITING, until, now, id, PENDING).mapEmpty();
  }

  @Override
  public Future<Void> release(List<String> ids, long now) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Object> params = new ArrayList<>(List.of(now, now, PENDING));
    params.addAll(ids);
    return db.run("UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE status = ?"
        + " AND id IN (" + Db.placeholders(ids.size()) + ")", params.toArray()).mapEmpty();
  }

  @Override
  public Future<Long> wake(String user, long now) {
    return db.run("UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE user_id = ?"
        + " AND status = ? AND next_attempt_at > ?", now, now, user, WAITING, now)
        .map(rows -> (long) rows.rowCount());
  }

  @Override
  public Future<Long> purge(long finishedBefore, int limit) {
    return db.run("DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries"
        + " WHERE status IN (?, ?, ?, ?) AND updated_at < ? ORDER BY updated_at LIMIT ?)",
        DELIVERED, FAILED, SKIPPED, CANCELLED, finishedBefore, (long) limit)
        .map(rows -> (long) rows.rowCount());
  }

  @Override
  public Future<Long> cancel(String user, String channel, String reason, long now) {
    return db.run("UPDATE deliveries SET status = ?, last_error = ?, updated_at = ?"
        + " WHERE user_id = ? AND channel = ? AND status IN (?, ?)", CANCELLED, reason, now,
        user, channel, PENDING, WAITING).map(rows -> (long) rows.rowCount());
  }
}
