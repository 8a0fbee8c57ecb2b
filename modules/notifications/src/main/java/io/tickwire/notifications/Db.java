package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One SQL database behind the Vert.x SQL client API, whichever it is: statements are written once
 * with {@code ?} placeholders (numbered {@code $n} for PostgreSQL here). The embedded database's
 * pool runs JDBC on worker threads; PostgreSQL's is reactive. Thread-safe.
 */
final class Db {

  private final Pool pool;
  private final boolean postgres;
  private final Map<String, String> numbered = new ConcurrentHashMap<>();

  Db(Pool pool, boolean postgres) {
    this.pool = pool;
    this.postgres = postgres;
  }

  boolean postgres() {
    return postgres;
  }

  /** Runs one statement on its own. */
  Future<RowSet<Row>> run(String sql, Object... params) {
    // The JDBC pool can hand out a connection still in manual-commit mode from an earlier
    // transaction, where a lone statement would never be committed: give it its own.
    return postgres ? run(pool, sql, params) : tx(conn -> run(conn, sql, params));
  }

  /** Runs one statement on {@code client} (a transaction's connection, or the pool). */
  Future<RowSet<Row>> run(SqlClient client, String sql, Object... params) {
    String statement = postgres ? numbered.computeIfAbsent(sql, Db::number) : sql;
    return client.preparedQuery(statement).execute(Tuple.wrap(Arrays.asList(params)));
  }

  /** Runs {@code work} in a transaction: committed when its future succeeds, else rolled back. */
  <T> Future<T> tx(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work);
  }

  Future<Void> close() {
    return pool.close();
  }

  /** {@code n} placeholders for an {@code IN (…)} list. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static String number(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
