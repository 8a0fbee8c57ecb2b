package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link NotificationStore} in SQL. */
final class SqlNotifications implements NotificationStore {

  static final String COLUMNS =
      "n.id, n.firing_id, n.user_id, n.rule_id, n.title, n.body, n.payload, n.created_at, n.is_read";

  /** Rolls a transaction back without it being a failure. */
  private static final class Duplicate extends RuntimeException {
    Duplicate() {
      super("already recorded", null, false, false);
    }
  }

  private final Db db;

  SqlNotifications(Db db) {
    this.db = db;
  }

  @Override
  public Future<Notification> record(Firing firing) {
    Notification n = firing.notification();
    return db.<Notification>tx(conn -> db.run(conn, "INSERT INTO notifications (id, firing_id,"
                + " user_id, rule_id, title, body, payload, created_at, is_read)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", n.id(),
            n.firingId(), n.user(), n.ruleId(), n.title(), n.body(), n.data().encode(),
            n.createdAt(), false)
        .compose(inserted -> {
          if (inserted.rowCount() == 0) {
            return Future.failedFuture(new Duplicate());
          }
          return n.ruleId() == null || firing.ruleState() == null ? Future.succeededFuture()
              : updateRule(conn, firing);
        })
        .compose(ignored -> enqueue(conn, firing))
        .map(n))
        .recover(failure -> failure instanceof Duplicate ? Future.succeededFuture(null)
            : Future.failedFuture(failure));
  }

  private Future<Void> updateRule(SqlConnection conn, Firing firing) {
    Notification n = firing.notification();
    return db.run(conn, "UPDATE rules SET state = ?, fire_count = GREATEST(fire_count, ?),"
            + " last_fired_at = ?, updated_at = ? WHERE id = ? AND state = ?",
            firing.ruleState().wire(), firing.fireCount(), firing.lastFiredAt(), n.createdAt(),
            n.ruleId(), RuleState.ACTIVE.wire())
        .compose(updated -> updated.rowCount() == 1 ? Future.succeededFuture()
            : Future.failedFuture(new Duplicate()));
  }

  private Future<Void> enqueue(SqlConnection conn, Firing firing) {
    Notification n = firing.notification();
    Future<Void> chain = Future.succeededFuture();
    for (String channel : firing.channels()) {
      chain = chain.compose(ignored -> db.run(conn, "INSERT INTO deliveries (id,"
              + " notification_id, user_id, channel, status, attempts, next_attempt_at,"
              + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          n.id() + ":" + channel, n.id(), n.user(), channel, DeliveryQueue.PENDING, 0L,
          n.createdAt(), n.createdAt(), n.createdAt()).mapEmpty());
    }
    return chain;
  }

  @Override
  public Future<Page> list(String user, String before, int limit, boolean unreadOnly) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
        + " FROM notifications n WHERE n.user_id = ?");
    List<Object> params = new ArrayList<>(List.of(user));
    if (before != null) {
      sql.append(" AND n.id < ?");
      params.add(before);
    }
    if (unreadOnly) {
      sql.append(" AND n.is_read = ?");
      params.add(false);
    }
    sql.append(" ORDER BY n.id DESC LIMIT ?");
    params.add((long) limit + 1);
    return db.run(sql.toString(), params.toArray()).compose(rows -> {
      List<Notification> page = notifications(rows);
      String next = null;
      if (page.size() > limit) {
        page = page.subList(0, limit);
        next = page.get(limit - 1).id();
      }
      List<Notification> found = page;
      String cursor = next;
      return statuses(found).compose(statuses -> unread(user)
          .map(unread -> new Page(found, statuses, unread, cursor)));
    });
  }

  private Future<Map<String, List<DeliveryStatus>>> statuses(List<Notification> page) {
    Map<String, List<DeliveryStatus>> statuses = new LinkedHashMap<>();
    if (page.isEmpty()) {
      return Future.succeededFuture(statuses);
    }
    Object[] ids = page.stream().map(Notification::id).toArray();
    return db.run("SELECT notification_id, channel, status, attempts, next_attempt_at, last_error"
            + " FROM deliveries WHERE notification_id IN (" + Db.placeholders(ids.length)
            + ") ORDER BY id", ids)
        .map(rows -> {
          for (Row row : rows) {
            statuses.computeIfAbsent(row.getString("notification_id"), id -> new ArrayList<>())
                .add(new DeliveryStatus(row.getString("channel"), row.getString("status"),
                    row.getLong("attempts"), row.getLong("next_attempt_at"),
                    row.getString("last_error")));
          }
          return statuses;
        });
  }

  @Override
  public Future<Long> ack(String user, String id, boolean upTo) {
    return db.run("UPDATE notifications SET is_read = ? WHERE user_id = ? AND id "
            + (upTo ? "<=" : "=") + " ? AND is_read = ?", true, user, id, false)
        .map(rows -> (long) rows.rowCount());
  }

  @Override
  public Future<Long> unread(String user) {
    return db.run("SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND is_read = ?",
            user, false)
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  @Override
  public Future<Long> purge(long createdBefore, int limit) {
    return db.tx(conn -> db.run(conn, "SELECT n.id FROM notifications n WHERE n.created_at < ?"
            + " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.notification_id = n.id"
            + " AND d.status IN (?, ?)) ORDER BY n.created_at LIMIT ?", createdBefore,
            DeliveryQueue.PENDING, DeliveryQueue.WAITING, (long) limit)
        .compose(rows -> {
          List<Object> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getString("id")));
          if (ids.isEmpty()) {
            return Future.succeededFuture(0L);
          }
          String in = Db.placeholders(ids.size());
          return db.run(conn, "DELETE FROM deliveries WHERE notification_id IN (" + in + ")",
                  ids.toArray())
              .compose(ignored -> db.run(conn, "DELETE FROM notifications WHERE id IN (" + in
                  + ")", ids.toArray()))
              .map(deleted -> (long) deleted.rowCount());
        }));
  }

  static List<Notification> notifications(RowSet<Row> rows) {
    List<Notification> list = new ArrayList<>(rows.size());
    for (Row row : rows) {
      list.add(notification(row));
    }
    return list;
  }

  static Notification notification(Row row) {
    return new Notification(row.getString("id"), row.getString("firing_id"),
        row.getString("user_id"), row.getString("rule_id"), row.getString("title"),
        row.getString("body"), new JsonObject(row.getString("payload")),
        row.getLong("created_at"), row.getBoolean("is_read"));
  }
}
