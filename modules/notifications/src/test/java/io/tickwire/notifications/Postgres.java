package io.tickwire.notifications;

import io.tickwire.runtime.Section;
import io.tickwire.testkit.core.Prerequisites;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The test PostgreSQL server: 127.0.0.1:5432, database {@code test}, user {@code postgres} or
 * the current user, trust authentication. Each test run gets a fresh schema, dropped at the end.
 * Without a server the tests are skipped, except under {@code CI=true}, where they fail.
 */
final class Postgres {

  static final String HOST = "127.0.0.1";
  static final int PORT = 5432;
  static final String DATABASE = "test";

  private static String user;
  private static final List<String> SCHEMAS = new ArrayList<>();

  private Postgres() {
  }

  static StorageConfig.Postgres defaults() {
    return StorageConfig.Postgres.from(Section.root(new JsonObject()));
  }

  /** A configuration with a schema of its own; aborts (or fails on CI) without a server. */
  static synchronized StorageConfig.Postgres fresh() {
    if (user == null) {
      user = reachableUser();
    }
    String schema = "tw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    SCHEMAS.add(schema);
    return new StorageConfig.Postgres(HOST, PORT, DATABASE, user, null, schema, false);
  }

  /** Drops the schemas this run made. */
  static synchronized void dropSchemas() {
    if (user == null || SCHEMAS.isEmpty()) {
      return;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(options(user)).using(vertx).build();
      for (String schema : SCHEMAS) {
        pool.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute()
            .await(20, TimeUnit.SECONDS);
      }
      SCHEMAS.clear();
      pool.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not drop the test schemas: " + e, e);
    } finally {
      vertx.close();
    }
  }

  private static String reachableUser() {
    Set<String> users = new LinkedHashSet<>(List.of("postgres", System.getProperty("user.name")));
    List<String> problems = new ArrayList<>();
    Vertx vertx = Vertx.vertx();
    try {
      for (String candidate : users) {
        try {
          Pool pool = PgBuilder.pool().connectingTo(options(candidate)).using(vertx).build();
          pool.query("SELECT 1").execute().await(10, TimeUnit.SECONDS);
          pool.close().await(10, TimeUnit.SECONDS);
          return candidate;
        } catch (Exception e) {
          problems.add(candidate + ": " + e.getMessage());
        }
      }
    } finally {
      vertx.close();
    }
    return Prerequisites.missing("PostgreSQL at " + HOST + ":" + PORT + "/" + DATABASE
        + " is not reachable with trust authentication (" + String.join("; ", problems) + ")",
        "the PostgreSQL tests");
  }

  private static PgConnectOptions options(String user) {
    return new PgConnectOptions().setHost(HOST).setPort(PORT).setDatabase(DATABASE)
        .setUser(user);
  }
}
