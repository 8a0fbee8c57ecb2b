package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.ForkedNode;
import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A watch that was answered survives a kill")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchKillTest {

  /** How late each save of the killed node reaches its file. */
  static final long SAVE_DELAY_MS = 1_000;

  @TempDir
  Path dir;

  JsonObject config(Anvil anvil) {
    return new JsonObject().put("source", "ethereum").put("confirmations", 3)
        .put("storePath", dir.resolve("watch.json").toString()).put("maxWatchesPerUser", 1)
        .put("ethereum", new JsonObject().put("url", anvil.wsUrl()).put("reconnectMinMs", 100)
            .put("reconnectMaxMs", 1_000).put("requestTimeoutMs", 5_000));
  }

  @Test
  @DisplayName("tx.watch survives kill -9 of its node's JVM right after its answer, on a slow disk")
  void watchSurvivesKill() throws Exception {
    try (Anvil anvil = Anvil.start()) {
      List<String> accounts = anvil.accounts();
      anvil.pauseMining();
      ForkedNode child = ForkedNode.start(TxNodeMain.class, config(anvil).encode(),
          String.valueOf(SAVE_DELAY_MS));
      String hash;
      try (NodeFixture remote = NodeFixture.remote(child.port())) {
        TestSocket client = remote.connect("?token=" + remote.devToken("alice"));
        client.subscribeAll("blocks");
        // An empty block: once the monitor shows it, it follows the chain.
        anvil.rpc("evm_mine");
        TxFixture.blocks(client, "block");
        hash = anvil.send(ChainEndToEndTest.tx(accounts.get(0), accounts.get(1)));
        JsonObject watched = client.call("tx.watch", new JsonObject().put("hash", hash));
        assertThat(watched.getString("state")).isEqualTo("pending");
      } finally {
        child.kill(); // SIGKILL, right after the answer: no shutdown hook runs
      }

      try (TxFixture node = TxFixture.start(config(anvil), List.of())) {
        TestSocket client = node.connect("?token=" + node.devToken("alice"));
        client.subscribeAll("blocks", "tx." + hash);
        anvil.rpc("evm_mine");
        JsonObject included = client.message("tx." + hash,
            data -> "included".equals(data.getString("toState"))).getJsonObject("data");
        assertThat(included.getString("fromState")).isEqualTo("pending");
        JsonObject status = client.call("tx.get", new JsonObject().put("hash", hash));
        assertThat(status.getBoolean("watched")).as("%s", status).isTrue();
        // Alice's watch is still hers: maxWatchesPerUser is 1.
        assertThat(client.refused("tx.watch", new JsonObject().put("hash", "0x" + "e".repeat(64))))
            .isEqualTo("forbidden");
      }
    }
  }
}
