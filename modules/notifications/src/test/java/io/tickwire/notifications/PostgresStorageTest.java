package io.tickwire.notifications;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The PostgreSQL storage")
class PostgresStorageTest extends StorageContract {

  private StorageConfig config;

  @Override
  StorageConfig config() {
    if (config == null) {
      config = new StorageConfig("postgres", "unused", 4, Postgres.fresh());
    }
    return config;
  }

  @AfterAll
  void dropSchema() {
    Postgres.dropSchemas();
  }
}
