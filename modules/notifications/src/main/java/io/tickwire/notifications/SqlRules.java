package io.tickwire.notifications;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link RuleStore} in SQL. Creating a rule counts the user's rules and inserts in one step per
 * user, so racing creates never pass the limit: PostgreSQL takes a transaction-scoped advisory
 * lock on the user (whichever node creates); the embedded database, which one process owns,
 * runs one user's creates one after another.
 */
final class SqlRules implements RuleStore {

  private static final String COLUMNS =
      "id, user_id, spec, state, created_at, updated_at, fire_count, last_fired_at";
  /** The first key of tickwire's advisory locks on a user's rules ("tw"). */
  private static final int LOCK_CLASS = 0x7477;

  private final Db db;
  /** The last create of each user still running (embedded database only); guarded by itself. */
  private final Map<String, Future<Created>> creating = new HashMap<>();

  SqlRules(Db db) {
    this.db = db;
  }

  @Override
  public Future<Created> create(Rule rule, String key, long keyTtlMs, int limit) {
    if (db.postgres()) {
      return db.tx(conn -> db.run(conn, "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock(?,"
              + " hashtext(?))) AS locked", LOCK_CLASS, rule.user())
          .compose(locked -> create(conn, rule, key, keyTtlMs, limit)));
    }
    synchronized (creating) {
      Future<Created> previous = creating.get(rule.user());
      Future<Created> next = previous == null
          ? db.tx(conn -> create(conn, rule, key, keyTtlMs, limit))
          : previous.transform(ignored -> db.tx(conn -> create(conn, rule, key, keyTtlMs,
              limit)));
      creating.put(rule.user(), next);
      next.onComplete(ignored -> {
        synchronized (creating) {
          creating.remove(rule.user(), next);
        }
      });
      return next;
    }
  }

  private Future<Created> create(SqlConnection conn, Rule rule, String key, long keyTtlMs,
      int limit) {
    if (key == null) {
      return insert(conn, rule, limit);
    }
    long now = rule.createdAt();
    return db.run(conn, "DELETE FROM rule_keys WHERE user_id = ? AND idem_key = ? AND created_at <= ?",
            rule.user(), key, now - keyTtlMs)
        .compose(ignored -> db.run(conn, "INSERT INTO rule_keys (user_id, idem_key, rule_id, answer, created_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rule.user(), key, rule.id(),
            rule.toBus().encode(), now))
        .compose(inserted -> inserted.rowCount() == 1 ? insert(conn, rule, limit)
            : earlier(conn, rule.user(), key));
  }

  private Future<Created> insert(SqlConnection conn, Rule rule, int limit) {
    return db.run(conn, "SELECT COUNT(*) AS n FROM rules WHERE user_id = ?", rule.user())
        .compose(count -> {
          if (count.iterator().next().getLong("n") >= limit) {
            return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN,
                "you have " + limit + " alert rules, the most allowed; delete some first"));
          }
          return db.run(conn, "INSERT INTO rules (" + COLUMNS + ", expires_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rule.id(), rule.user(),
              rule.spec().toJson().encode(), rule.state().wire(), rule.createdAt(),
              rule.updatedAt(), rule.fireCount(), rule.lastFiredAt(), rule.spec().expiresAt());
        })
        .map(ignored -> new Created(rule, true));
  }

  private Future<Created> earlier(SqlConnection conn, String user, String key) {
    return db.run(conn, "SELECT rule_id, answer FROM rule_keys WHERE user_id = ? AND idem_key = ?",
            user, key)
        .compose(keys -> {
          Row row = keys.iterator().next();
          Rule answered = Rule.fromBus(new JsonObject(row.getString("answer")));
          return db.run(conn, "SELECT " + COLUMNS + " FROM rules WHERE id = ? AND user_id = ?",
                  row.getString("rule_id"), user)
              .map(rules -> {
                List<Rule> now = rules(rules);
                return new Created(now.isEmpty() ? answered : now.get(0), false);
              });
        });
  }

  @Override
  public Future<Rule> get(String user, String id) {
    return db.run("SELECT " + COLUMNS + " FROM rules WHERE id = ? AND user_id = ?", id, user)
        .map(rows -> {
          List<Rule> rules = rules(rows);
          return rules.isEmpty() ? null : rules.get(0);
        });
  }

  @Override
  public Future<List<Rule>> list(String user) {
    return db.run("SELECT " + COLUMNS + " FROM rules WHERE user_id = ? ORDER BY id DESC", user)
        .map(SqlRules::rules);
  }

  @Override
  public Future<Rule> update(Rule rule) {
    return db.tx(conn -> db.run(conn, "UPDATE rules SET spec = ?, state = ?, updated_at = ?,"
                + " expires_at = ? WHERE id = ? AND user_id = ?", rule.spec().toJson().encode(),
            rule.state().wire(), rule.updatedAt(), rule.spec().expiresAt(), rule.id(), rule.user())
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(null)
            : db.run(conn, "SELECT " + COLUMNS + " FROM rules WHERE id = ?", rule.id())
                .map(rows -> rules(rows).get(0))));
  }

  @Override
  public Future<Boolean> delete(String user, String id) {
    return db.run("DELETE FROM rules WHERE id = ? AND user_id = ?", id, user)
        .map(rows -> rows.rowCount() > 0);
  }

  @Override
  public Future<List<Rule>> active() {
    return db.run("SELECT " + COLUMNS + " FROM rules WHERE state = ?", RuleState.ACTIVE.wire())
        .map(SqlRules::rules);
  }

  @Override
  public Future<List<Rule>> expire(long now, int limit) {
    return db.run("SELECT " + COLUMNS + " FROM rules WHERE expires_at <= ? AND state IN (?, ?)"
            + " ORDER BY expires_at LIMIT ?", now, RuleState.ACTIVE.wire(),
            RuleState.PAUSED.wire(), (long) limit)
        .compose(rows -> {
          List<Future<Rule>> changed = new ArrayList<>();
          for (Rule rule : rules(rows)) {
            // Conditional: a rule changed since the select (or by another node) stays as it is.
            changed.add(db.run("UPDATE rules SET state = ?, updated_at = ? WHERE id = ?"
                    + " AND state = ?", RuleState.EXPIRED.wire(), now, rule.id(),
                    rule.state().wire())
                .map(updated -> updated.rowCount() == 1
                    ? rule.withState(RuleState.EXPIRED, now) : null));
          }
          return Future.all(changed).map(all -> changed.stream().map(Future::result)
              .filter(rule -> rule != null).toList());
        });
  }

  @Override
  public Future<Long> purgeKeys(long createdBefore, int limit) {
    return db.run("DELETE FROM rule_keys WHERE (user_id, idem_key) IN (SELECT user_id, idem_key"
        + " FROM rule_keys WHERE created_at < ? ORDER BY created_at LIMIT ?)", createdBefore,
        (long) limit).map(rows -> (long) rows.rowCount());
  }

  static List<Rule> rules(RowSet<Row> rows) {
    List<Rule> rules = new ArrayList<>(rows.size());
    for (Row row : rows) {
      rules.add(new Rule(row.getString("id"), row.getString("user_id"),
          RuleSpec.fromJson(new JsonObject(row.getString("spec"))),
          RuleState.fromWire(row.getString("state")), row.getLong("created_at"),
          row.getLong("updated_at"), row.getLong("fire_count"), row.getLong("last_fired_at")));
    }
    return rules;
  }
}
