package io.tickwire.notifications;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The embedded storage (H2 in a file)")
class EmbeddedStorageTest extends StorageContract {

  @TempDir
  static Path dir;

  @Override
  StorageConfig config() {
    return new StorageConfig("embedded", dir.resolve("db/notifications").toString(), 4,
        Postgres.defaults());
  }
}
