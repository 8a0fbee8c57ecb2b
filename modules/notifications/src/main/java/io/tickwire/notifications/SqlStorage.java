package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Storage} in SQL: H2 in a file (embedded, PostgreSQL mode, every commit written through,
 * so it survives a killed process) or PostgreSQL in its own schema. Opening creates or migrates
 * the tables ({@link Schema}).
 */
final class SqlStorage implements Storage {

  private static final Logger LOG = LoggerFactory.getLogger(SqlStorage.class);

  private final Db db;
  private final SqlRules rules;
  private final SqlNotifications notifications;
  private final SqlDeliveries deliveries;
  private final SqlPreferences preferences;

  private SqlStorage(Db db) {
    this.db = db;
    this.rules = new SqlRules(db);
    this.notifications = new SqlNotifications(db);
    this.deliveries = new SqlDeliveries(db);
    this.preferences = new SqlPreferences(db);
  }

  static Future<Storage> open(Vertx vertx, StorageConfig config) {
    PoolOptions pool = new PoolOptions().setMaxSize(config.poolSize())
        .setName("tickwire-notifications");
    Future<Db> db;
    if (config.embedded()) {
      Path file = Path.of(config.path()).toAbsolutePath();
      JdbcDataSource source = new JdbcDataSource();
      source.setURL(h2Url(config));
      db = vertx.fileSystem().mkdirs(file.getParent().toString())
          .map(ignored -> new Db(JDBCPool.pool(vertx, source, pool), false));
    } else {
      StorageConfig.Postgres pg = config.postgres();
      PgConnectOptions options = new PgConnectOptions().setHost(pg.host()).setPort(pg.port())
          .setDatabase(pg.database()).setUser(pg.user())
          .setSslMode(pg.ssl() ? SslMode.REQUIRE : SslMode.DISABLE)
          .setProperties(Map.of("search_path", pg.schema(),
              "application_name", "tickwire-notifications"));
      if (pg.password() != null) {
        options.setPassword(pg.password());
      }
      db = Future.succeededFuture(new Db(PgBuilder.pool().with(pool).connectingTo(options)
          .using(vertx).build(), true));
    }
    return db.compose(opened -> {
      SqlStorage storage = new SqlStorage(opened);
      return storage.migrate(config).<Storage>map(storage)
          .recover(failure -> opened.close().transform(ignored -> Future.failedFuture(failure)));
    });
  }

  /** The JDBC URL of the embedded database. */
  static String h2Url(StorageConfig config) {
    return "jdbc:h2:file:" + Path.of(config.path()).toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
        + (config.shared() ? ";AUTO_SERVER=TRUE" : "");
  }

  private Future<Void> migrate(StorageConfig config) {
    Future<?> schema = db.postgres()
        ? db.run("CREATE SCHEMA IF NOT EXISTS " + config.postgres().schema())
        : Future.succeededFuture();
    return schema
        .compose(ignored -> db.run("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)"))
        .compose(ignored -> db.tx(this::applyMigrations))
        .onSuccess(version -> LOG.info("notifications storage ready: {} (schema version {})",
            config.embedded() ? "embedded " + config.path() + (config.shared() ? " (shared)" : "")
                : config.postgres(), version))
        .mapEmpty();
  }

  private Future<Long> applyMigrations(SqlConnection conn) {
    // Two nodes starting at once against one PostgreSQL migrate one after the other.
    Future<?> locked = db.postgres()
        ? db.run(conn, "LOCK TABLE schema_version IN EXCLUSIVE MODE")
        : Future.succeededFuture();
    return locked.compose(ignored -> db.run(conn, "SELECT MAX(version) AS v FROM schema_version"))
        .compose(rows -> {
          Row row = rows.iterator().next();
          long current = row.getValue("v") == null ? 0 : row.getLong("v");
          Future<Void> chain = Future.succeededFuture();
          for (int i = (int) current; i < Schema.MIGRATIONS.size(); i++) {
            int version = i + 1;
            for (String statement : Schema.MIGRATIONS.get(i)) {
              chain = chain.compose(ignored -> db.run(conn, statement).mapEmpty());
            }
            chain = chain.compose(ignored -> db.run(conn,
                "INSERT INTO schema_version (version) VALUES (?)", (long) version).mapEmpty());
          }
          return chain.map((long) Math.max(current, Schema.MIGRATIONS.size()));
        });
  }

  @Override
  public RuleStore rules() {
    return rules;
  }

  @Override
  public NotificationStore notifications() {
    return notifications;
  }

  @Override
  public DeliveryQueue deliveries() {
    return deliveries;
  }

  @Override
  public PreferenceStore preferences() {
    return preferences;
  }

  @Override
  public Future<Void> close() {
    return db.close();
  }
}
