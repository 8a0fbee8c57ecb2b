package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** {@link PreferenceStore} in SQL: one row per user, the preferences as a JSON document. */
final class SqlPreferences implements PreferenceStore {

  private final Db db;

  SqlPreferences(Db db) {
    this.db = db;
  }

  @Override
  public Future<Stored> get(String user) {
    return db.run("SELECT doc, webhook_secret FROM preferences WHERE user_id = ?", user)
        .map(rows -> {
          if (rows.size() == 0) {
            return new Stored(Preferences.DEFAULT, null);
          }
          Row row = rows.iterator().next();
          return new Stored(Preferences.fromStored(new JsonObject(row.getString("doc"))),
              row.getString("webhook_secret"));
        });
  }

  @Override
  public Future<Void> put(String user, Preferences preferences, String secret) {
    String doc = preferences.toStored().encode();
    long now = System.currentTimeMillis();
    return db.tx(conn -> db.run(conn, "INSERT INTO preferences (user_id, doc, webhook_secret,"
                + " updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", user, doc, secret, now)
        .compose(inserted -> inserted.rowCount() == 1 ? Future.succeededFuture()
            : db.run(conn, "UPDATE preferences SET doc = ?, webhook_secret = ?, updated_at = ?"
                + " WHERE user_id = ?", doc, secret, now, user).mapEmpty()));
  }
}
