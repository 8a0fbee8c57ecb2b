package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", System.getProperty("java.class.path"), TxNodeMain.class.getName(),
          config(anvil).encode(), String.valueOf(SAVE_DELAY_MS)).redirectErrorStream(true)
          .start();
      String hash;
      try (TxNode remote = TxNode.remote(port(child))) {
        Client client = remote.connect("?token=" + remote.token("alice"));
        client.subscribe("blocks");
        // An empty block: once the monitor shows it, it follows the chain.
        anvil.rpc("evm_mine");
        client.until("blocks", data -> "block".equals(data.getString("type")));
        hash = anvil.send(ChainEndToEndTest.tx(accounts.get(0), accounts.get(1)));
        JsonObject watched = client.call("tx.watch", new JsonObject().put("hash", hash));
        assertThat(watched.getString("state")).isEqualTo("pending");
      } finally {
        child.destroyForcibly(); // SIGKILL, right after the answer: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      try (TxNode node = TxNode.start(config(anvil), List.of())) {
        Client client = node.connect("?token=" + node.token("alice"));
        client.subscribe("blocks", "tx." + hash);
        anvil.rpc("evm_mine");
        JsonObject included = client.until("tx." + hash,
            data -> "included".equals(data.getString("toState")));
        assertThat(included.getString("fromState")).isEqualTo("pending");
        JsonObject status = client.call("tx.get", new JsonObject().put("hash", hash));
        assertThat(status.getBoolean("watched")).as("%s", status).isTrue();
        // Alice's watch is still hers: maxWatchesPerUser is 1.
        assertThat(client.refused("tx.watch", new JsonObject().put("hash", "0x" + "e".repeat(64))))
            .isEqualTo("forbidden");
      }
    }
  }

  private static int port(Process child) throws Exception {
    BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = output.readLine()) != null) {
      if (line.startsWith("node-port=")) {
        Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }));
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring("node-port=".length()));
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("the node process ended before serving:\n" + seen);
  }
}
