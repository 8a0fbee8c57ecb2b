package io.tickwire.notifications;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code notifications.storage} section: where rules, notifications, preferences and the
 * delivery queue live.
 *
 * @param kind {@code embedded} (an H2 database in a file, the default) or {@code postgres}
 * @param path the embedded database's file, without extension ({@value #DEFAULT_PATH})
 * @param shared open the embedded file in H2's automatic mixed mode, so that several processes on
 *     one machine share it (the first to open it serves it to the others over loopback TCP; when
 *     that one stops alone, the others' connections break until they restart). For a cluster of
 *     nodes on one machine with the embedded store (make cluster); otherwise {@code postgres}.
 * @param poolSize connections to the database ({@value #DEFAULT_POOL_SIZE})
 * @param postgres the PostgreSQL connection, used when {@code kind} is {@code postgres}
 */
public record StorageConfig(String kind, String path, boolean shared, int poolSize,
    Postgres postgres) {

  public static final String DEFAULT_KIND = "embedded";
  public static final String DEFAULT_PATH = "data/notifications";
  public static final int DEFAULT_POOL_SIZE = 4;

  /**
   * The {@code notifications.storage.postgres} section. The password is a secret: it is never
   * shown by {@link #toString()}.
   *
   * @param host the server ({@value #DEFAULT_HOST})
   * @param port its port ({@value #DEFAULT_PORT})
   * @param database the database ({@value #DEFAULT_DATABASE})
   * @param user the user ({@value #DEFAULT_USER})
   * @param password the password, or {@code null} for trust or peer authentication
   * @param schema the schema tickwire's tables live in, created when missing
   *     ({@value #DEFAULT_SCHEMA})
   * @param ssl whether to require TLS
   */
  public record Postgres(String host, int port, String database, String user, String password,
      String schema, boolean ssl) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_DATABASE = "tickwire";
    public static final String DEFAULT_USER = "tickwire";
    public static final String DEFAULT_SCHEMA = "tickwire";

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public Postgres {
      if (!SCHEMA.matcher(schema).matches()) {
        throw new ConfigException("notifications.storage.postgres.schema",
            "must match [a-z_][a-z0-9_]{0,62}, got '" + schema + "'");
      }
    }

    static Postgres from(Section section) {
      Postgres postgres = new Postgres(
          section.string("host", DEFAULT_HOST),
          section.intValue("port", DEFAULT_PORT, 1, 65_535),
          section.string("database", DEFAULT_DATABASE),
          section.string("user", DEFAULT_USER),
          section.secret("password", null),
          section.string("schema", DEFAULT_SCHEMA),
          section.bool("ssl", false));
      section.done();
      return postgres;
    }

    @Override
    public String toString() {
      return "Postgres[" + user + "@" + host + ":" + port + "/" + database + ", schema=" + schema
          + ", password=" + (password == null ? "unset" : "***") + ", ssl=" + ssl + "]";
    }
  }

  /** A store that is not shared between processes. */
  public StorageConfig(String kind, String path, int poolSize, Postgres postgres) {
    this(kind, path, false, poolSize, postgres);
  }

  public boolean embedded() {
    return "embedded".equals(kind);
  }

  static StorageConfig from(Section section) {
    StorageConfig config = new StorageConfig(
        section.oneOf("kind", DEFAULT_KIND, Set.of("embedded", "postgres")),
        section.string("path", DEFAULT_PATH),
        section.bool("shared", false),
        section.intValue("poolSize", DEFAULT_POOL_SIZE, 1, 100),
        Postgres.from(section.section("postgres")));
    section.done();
    return config;
  }
}
