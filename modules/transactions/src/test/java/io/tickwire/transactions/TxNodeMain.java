package io.tickwire.transactions;

import io.tickwire.runtime.SharedDocuments;
import io.tickwire.testkit.core.ForkedNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Runs a test node in a JVM of its own, for tests that kill it ({@link ForkedNode}):
 * {@code TxNodeMain <transactions section as JSON> <saveDelayMs>} announces its port once it
 * serves, then runs until killed. Its watch list is the file {@code storePath} on a
 * slow device: each save reaches the file {@code saveDelayMs} after it was asked for.
 */
final class TxNodeMain {

  private TxNodeMain() {
  }

  public static void main(String[] args) {
    JsonObject transactions = new JsonObject(args[0]);
    long saveDelayMs = Long.parseLong(args[1]);
    TxFixture node = TxFixture.start(transactions, List.of(), vertx -> new SlowFile(vertx,
        transactions.getString("storePath"), saveDelayMs));
    ForkedNode.announce(node.port);
    // Vert.x's threads keep the JVM running until it is killed.
  }

  /** The watch list's file, written {@code delayMs} late. */
  private record SlowFile(Vertx vertx, FileWatchStore file, long delayMs)
      implements SharedDocuments {

    SlowFile(Vertx vertx, String path, long delayMs) {
      this(vertx, new FileWatchStore(vertx, path), delayMs);
    }

    @Override
    public Future<JsonObject> load(String name) {
      return file.load();
    }

    @Override
    public Future<Void> save(String name, JsonObject document) {
      return vertx.timer(delayMs).compose(ignored -> file.save(document));
    }
  }
}
