package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The embedded storage opened by several processes")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SharedEmbeddedStorageTest {

  @TempDir
  Path dir;

  /** What another JVM's SQL shell reads from the database this one holds open. */
  record Read(int exit, String output) {
  }

  @Test
  @DisplayName("with storage.shared, lets another process read the rules this one stored")
  void sharedBetweenProcesses() throws Exception {
    StorageConfig config = new StorageConfig("embedded", dir.resolve("db/notifications")
        .toString(), true, 2, Postgres.defaults());
    Read read = storeThenReadElsewhere(config);
    assertThat(read.exit()).as(read.output()).isZero();
    assertThat(read.output()).contains("count-1");
  }

  @Test
  @DisplayName("without storage.shared, keeps the file to itself: another process cannot open it")
  void privateToOneProcess() throws Exception {
    StorageConfig config = new StorageConfig("embedded", dir.resolve("db/notifications")
        .toString(), false, 2, Postgres.defaults());
    Read read = storeThenReadElsewhere(config);
    assertThat(read.output()).contains("already in use").doesNotContain("count-1");
  }

  private Read storeThenReadElsewhere(StorageConfig config) throws Exception {
    Vertx vertx = Vertx.vertx();
    Storage storage = null;
    try {
      storage = Await.result(Storage.open(vertx, config));
      String user = StorageContract.user();
      Await.result(storage.rules().create(StorageContract.rule(user, 100,
          StorageContract.NOW), null, 1_000, 10));
      return readElsewhere(SqlStorage.h2Url(config),
          "SELECT 'count-' || COUNT(*) FROM rules WHERE user_id = '" + user + "'");
    } finally {
      if (storage != null) {
        Await.result(storage.close());
      }
      Await.result(vertx.close());
    }
  }

  private static Read readElsewhere(String url, String sql) throws IOException,
      InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process shell = new ProcessBuilder(List.of(java, "-Dh2.bindAddress=127.0.0.1", "-cp",
        System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", url, "-user", "",
        "-password", "", "-sql", sql)).redirectErrorStream(true).start();
    assertThat(shell.waitFor(60, TimeUnit.SECONDS)).as("the other process finished").isTrue();
    return new Read(shell.exitValue(),
        new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
