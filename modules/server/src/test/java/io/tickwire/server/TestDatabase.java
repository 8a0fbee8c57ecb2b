package io.tickwire.server;

import io.tickwire.testkit.core.Prerequisites;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The test PostgreSQL server: 127.0.0.1:5432, database {@code test}, user {@code postgres} or
 * the current user, trust authentication. Without it the test is skipped, except under
 * {@code CI=true}, where it fails.
 */
final class TestDatabase {

  static final String HOST = "127.0.0.1";
  static final int PORT = 5432;
  static final String DATABASE = "test";

  private TestDatabase() {
  }

  /** A user the server trusts; aborts the test (fails it on CI) when there is no server. */
  static String user(Vertx vertx) {
    Set<String> users = new LinkedHashSet<>(List.of("postgres", System.getProperty("user.name")));
    List<String> problems = new ArrayList<>();
    for (String candidate : users) {
      try {
        Pool pool = pool(vertx, candidate);
        try {
          pool.query("SELECT 1").execute().await(10, TimeUnit.SECONDS);
          return candidate;
        } finally {
          pool.close().await(10, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        problems.add(candidate + ": " + e.getMessage());
      }
    }
    return Prerequisites.missing("PostgreSQL at " + HOST + ":" + PORT + "/" + DATABASE
        + " is not reachable with trust authentication (" + String.join("; ", problems) + ")",
        "this test");
  }

  static void dropSchema(Vertx vertx, String user, String schema) throws Exception {
    Pool pool = pool(vertx, user);
    try {
      pool.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute()
          .await(20, TimeUnit.SECONDS);
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Pool pool(Vertx vertx, String user) {
    return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(HOST).setPort(PORT)
        .setDatabase(DATABASE).setUser(user)).using(vertx).build();
  }
}
