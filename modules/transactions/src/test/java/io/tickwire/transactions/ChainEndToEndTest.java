package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against a real local chain (anvil, a block a second): real transactions from
 * anvil's unlocked dev accounts, their lifecycle asserted on the WebSocket endpoint.
 */
@DisplayName("The transaction monitor on a real local chain, through the endpoint")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChainEndToEndTest {

  static final String ONE_ETHER = "0xde0b6b3a7640000";
  static final String REVERTER = "0x000000000000000000000000000000000000dead";

  @TempDir
  Path dir;

  JsonObject config(Anvil anvil, int confirmations) {
    return new JsonObject().put("source", "ethereum").put("confirmations", confirmations)
        .put("dropAfterMs", 2_000).put("storePath", dir.resolve("watch.json").toString())
        .put("ethereum", new JsonObject().put("url", anvil.wsUrl()).put("reconnectMinMs", 100)
            .put("reconnectMaxMs", 1_000).put("requestTimeoutMs", 5_000));
  }

  /** A client of {@code wallets}, once the monitor has processed a block. */
  static TestSocket live(TxFixture node, String... wallets) {
    TestSocket client = node.connect("?token=" + node.devToken("alice", wallets));
    client.subscribeAll("blocks");
    TxFixture.blocks(client, "block");
    return client;
  }

  static JsonObject tx(String from, String to) {
    return new JsonObject().put("from", from).put("to", to).put("value", "0x1");
  }

  /** Watches {@code hash} on its channel; answers the status {@code tx.watch} gave. */
  static JsonObject watch(TestSocket client, String hash) {
    client.subscribeAll("tx." + hash);
    return client.call("tx.watch", new JsonObject().put("hash", hash));
  }

  /** The next transition of {@code hash} on {@code channel}, skipping anything else there. */
  static JsonObject transition(TestSocket client, String channel, String hash) {
    return client.message(channel, data -> "transition".equals(data.getString("type"))
        && hash.equals(data.getString("hash"))).getJsonObject("data");
  }

  static void assertStep(JsonObject transition, String from, String to, int confirmations) {
    assertThat(transition.getString("fromState")).as("%s", transition).isEqualTo(from);
    assertThat(transition.getString("toState")).as("%s", transition).isEqualTo(to);
    assertThat(transition.getInteger("confirmations")).as("%s", transition)
        .isEqualTo(confirmations);
  }

  @Test
  @DisplayName("follows a transfer pending → included → confirming → confirmed on tx, wallet channels and tx events")
  void confirms() {
    try (Anvil anvil = Anvil.start(); TxFixture node = TxFixture.start(config(anvil, 3), List.of())) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
      MessageConsumer<JsonObject> consumer = node.vertx.eventBus()
          .consumer(Addresses.TX_EVENTS, message -> events.add(message.body()));
      Await.result(consumer.completion());
      TestSocket client = live(node, alice, bob);

      client.subscribeAll("wallet." + alice);
      JsonObject snapshot = client.message("wallet." + alice).getJsonObject("data");
      assertThat(snapshot.getString("type")).isEqualTo("balance");
      assertThat(snapshot.getBoolean("snapshot")).isTrue();
      BigInteger before = new BigInteger(snapshot.getString("balance"));
      assertThat(before).isEqualTo(Hex.bigQuantity(anvil.text("eth_getBalance", alice,
          "latest")));

      anvil.pauseMining();
      String hash = anvil.send(tx(alice, bob).put("value", ONE_ETHER));
      JsonObject watched = watch(client, hash);
      assertThat(watched.getString("state")).isEqualTo("pending");
      assertThat(watched.getString("from")).isEqualTo(alice);
      assertThat(watched.getString("to")).isEqualTo(bob);
      assertStep(transition(client, "tx." + hash, hash), null, "pending", 0);
      anvil.resumeMining();

      JsonObject included = transition(client, "tx." + hash, hash);
      assertStep(included, "pending", "included", 1);
      long block = included.getLong("blockNumber");
      assertThat(included.getString("blockHash")).startsWith("0x").hasSize(66);
      JsonObject confirming = transition(client, "tx." + hash, hash);
      assertStep(confirming, "included", "confirming", 2);
      JsonObject confirmed = transition(client, "tx." + hash, hash);
      assertStep(confirmed, "confirming", "confirmed", 3);
      assertThat(List.of(confirming.getLong("blockNumber"), confirmed.getLong("blockNumber")))
          .containsOnly(block);

      // The sender's wallet channel saw the same transitions, and the new balance.
      List<String> onWallet = new ArrayList<>();
      BigInteger after = null;
      while (onWallet.size() < 4) {
        JsonObject data = client.message("wallet." + alice).getJsonObject("data");
        if ("balance".equals(data.getString("type"))) {
          assertThat(data.getBoolean("snapshot")).isFalse();
          after = new BigInteger(data.getString("balance"));
        } else if (hash.equals(data.getString("hash"))) {
          onWallet.add(data.getString("fromState") + ">" + data.getString("toState"));
        }
      }
      assertThat(onWallet).containsExactly("null>pending", "pending>included",
          "included>confirming", "confirming>confirmed");
      assertThat(after).as("the balance after the transfer")
          .isLessThan(before.subtract(new BigInteger("1000000000000000000")).add(BigInteger.ONE));

      JsonObject status = client.call("tx.get", new JsonObject().put("hash", hash));
      assertThat(status.getString("state")).isEqualTo("confirmed");
      assertThat(status.getLong("blockNumber")).isEqualTo(block);
      JsonObject balance = client.call("wallets.balance", new JsonObject().put("address", bob));
      assertThat(balance.getString("balance")).isEqualTo(
          Hex.bigQuantity(anvil.text("eth_getBalance", bob, "latest")).toString());

      // In the order they happened: the balance changed with the block, confirmed came later.
      JsonObject balanceEvent = take(events, e -> "balance".equals(e.getString("type"))
          && alice.equals(e.getString("address")));
      assertThat(new BigInteger(balanceEvent.getString("balance"))).isEqualTo(after);
      JsonObject event = take(events, e -> "transition".equals(e.getString("type"))
          && hash.equals(e.getString("hash")) && "confirmed".equals(e.getString("toState")));
      assertThat(event.getString("from")).isEqualTo(alice);
      assertThat(event.getLong("blockNumber")).isEqualTo(block);
      assertThat(event.getLong("ts")).isPositive();
    }
  }

  @Test
  @DisplayName("reports a reverted transaction as failed")
  void fails() {
    try (Anvil anvil = Anvil.start(); TxFixture node = TxFixture.start(config(anvil, 3), List.of())) {
      String alice = anvil.accounts().get(0);
      // Runtime code that always reverts: PUSH1 0 PUSH1 0 REVERT.
      anvil.rpc("anvil_setCode", REVERTER, "0x60006000fd");
      TestSocket client = live(node, alice);
      anvil.pauseMining();
      // An explicit gas limit, so no gas estimate refuses it up front.
      String hash = anvil.send(tx(alice, REVERTER).put("value", "0x0").put("gas", "0x30000"));
      assertThat(watch(client, hash).getString("state")).isEqualTo("pending");
      assertStep(transition(client, "tx." + hash, hash), null, "pending", 0);
      anvil.resumeMining();
      JsonObject failed = transition(client, "tx." + hash, hash);
      assertStep(failed, "pending", "failed", 1);
      assertThat(failed.getLong("blockNumber")).isNotNull();
      assertThat(client.call("tx.get", new JsonObject().put("hash", hash)).getString("state"))
          .isEqualTo("failed");
    }
  }

  @Test
  @DisplayName("reports a same-nonce transaction with a higher fee as the replacement")
  void replaced() {
    try (Anvil anvil = Anvil.start(); TxFixture node = TxFixture.start(config(anvil, 3), List.of())) {
      String alice = anvil.accounts().get(0);
      String bob = anvil.accounts().get(1);
      TestSocket client = live(node, alice);
      anvil.pauseMining();
      String nonce = anvil.text("eth_getTransactionCount", alice, "pending");
      String original = anvil.send(tx(alice, bob).put("nonce", nonce)
          .put("gasPrice", "0x77359400"));
      assertThat(watch(client, original).getString("state")).isEqualTo("pending");
      assertStep(transition(client, "tx." + original, original), null, "pending", 0);
      // A cancel: the same nonce back to the sender, at twice the price.
      String replacement = anvil.send(tx(alice, alice).put("value", "0x0").put("nonce", nonce)
          .put("gasPrice", "0xee6b2800"));
      client.subscribeAll("tx." + replacement);
      anvil.resumeMining();
      JsonObject replaced = transition(client, "tx." + original, original);
      assertStep(replaced, "pending", "replaced", 0);
      assertThat(replaced.getString("replacedBy")).isEqualTo(replacement);
      JsonObject successor = transition(client, "tx." + replacement, replacement);
      assertStep(successor, null, "included", 1);
    }
  }

  @Test
  @DisplayName("reports a transaction dropped from the pool as dropped")
  void dropped() {
    try (Anvil anvil = Anvil.start(); TxFixture node = TxFixture.start(config(anvil, 3), List.of())) {
      String alice = anvil.accounts().get(0);
      TestSocket client = live(node, alice);
      anvil.pauseMining();
      String hash = anvil.send(tx(alice, anvil.accounts().get(1)));
      assertThat(watch(client, hash).getString("state")).isEqualTo("pending");
      assertStep(transition(client, "tx." + hash, hash), null, "pending", 0);
      anvil.rpc("anvil_dropTransaction", hash);
      anvil.resumeMining();
      assertStep(transition(client, "tx." + hash, hash), "pending", "dropped", 0);
    }
  }

  @Test
  @DisplayName("follows a reorg: the reorg message, one transaction into its new block, one back to pending")
  void reorg() {
    try (Anvil anvil = Anvil.start(); TxFixture node = TxFixture.start(config(anvil, 3), List.of())) {
      List<String> accounts = anvil.accounts();
      TestSocket client = live(node, accounts.get(0));
      anvil.pauseMining();
      String kept = anvil.send(tx(accounts.get(0), accounts.get(1)));
      String lost = anvil.send(tx(accounts.get(2), accounts.get(1)));
      watch(client, kept);
      watch(client, lost);
      assertStep(transition(client, "tx." + kept, kept), null, "pending", 0);
      assertStep(transition(client, "tx." + lost, lost), null, "pending", 0);
      String raw = anvil.text("eth_getRawTransactionByHash", kept);
      anvil.rpc("evm_mine");
      JsonObject keptIn = transition(client, "tx." + kept, kept);
      assertStep(keptIn, "pending", "included", 1);
      assertStep(transition(client, "tx." + lost, lost), "pending", "included", 1);
      String oldHash = keptIn.getString("blockHash");

      // The tip is replaced by a block that holds only one of the two.
      anvil.rpc("anvil_reorg", 1, new JsonArray().add(new JsonArray().add(raw).add(0)));
      anvil.resumeMining();
      JsonObject reorg = TxFixture.blocks(client, "reorg");
      assertThat(reorg.getInteger("depth")).isEqualTo(1);
      assertThat(reorg.getJsonArray("oldHashes")).containsExactly(oldHash);
      assertThat(reorg.getJsonArray("newHashes")).hasSize(1).doesNotContain(oldHash);

      JsonObject moved = transition(client, "tx." + kept, kept);
      assertStep(moved, "included", "included", 1);
      assertThat(moved.getLong("blockNumber")).isEqualTo(keptIn.getLong("blockNumber"));
      assertThat(moved.getString("blockHash")).isEqualTo(reorg.getJsonArray("newHashes")
          .getString(0));
      assertStep(transition(client, "tx." + lost, lost), "included", "pending", 0);
      // Gone with its block and from the pool: after dropAfterMs it is dropped.
      assertStep(transition(client, "tx." + lost, lost), "pending", "dropped", 0);
      assertStep(transition(client, "tx." + kept, kept), "included", "confirming", 2);
    }
  }

  @Test
  @DisplayName("loses no transition when the node is killed and restarted mid-stream: it catches up every block")
  void catchesUp() {
    try (Anvil anvil = Anvil.start("--state", dir.resolve("chain.json").toString());
        TxFixture node = TxFixture.start(config(anvil, 5), List.of())) {
      String alice = anvil.accounts().get(0);
      TestSocket client = live(node, alice);
      anvil.pauseMining();
      String hash = anvil.send(tx(alice, anvil.accounts().get(1)));
      watch(client, hash);
      assertStep(transition(client, "tx." + hash, hash), null, "pending", 0);
      anvil.rpc("evm_mine");
      assertStep(transition(client, "tx." + hash, hash), "pending", "included", 1);

      anvil.kill();
      JsonObject down = TxFixture.blocks(client, "status");
      assertThat(down.getBoolean("connected")).isFalse();
      assertThat(client.refused("wallets.balance", new JsonObject().put("address", alice)))
          .isEqualTo("unavailable");
      assertThat(client.refused("tx.get", new JsonObject().put("hash", hash)))
          .isEqualTo("unavailable");
      JsonObject detail = node.health().getJsonObject("details").getJsonObject("transactions");
      assertThat(detail.getString("status")).isEqualTo("DOWN");
      assertThat(detail.getString("error")).isNotBlank();
      assertThat(node.metrics()).contains("tickwire_tx_chain_connected{node=\""
          + client.welcome.getString("node") + "\"} 0.0");

      // Back with its saved chain; four blocks at once, before the monitor is back.
      anvil.restart();
      anvil.rpc("anvil_mine", "0x4");
      JsonObject up = TxFixture.blocks(client, "status");
      assertThat(up.getBoolean("connected")).isTrue();
      assertStep(transition(client, "tx." + hash, hash), "included", "confirming", 2);
      assertStep(transition(client, "tx." + hash, hash), "confirming", "confirming", 3);
      assertStep(transition(client, "tx." + hash, hash), "confirming", "confirming", 4);
      assertStep(transition(client, "tx." + hash, hash), "confirming", "confirmed", 5);
      assertThat(node.health().getJsonObject("details").getJsonObject("transactions")
          .getString("status")).isEqualTo("UP");
    }
  }

  private static JsonObject take(BlockingQueue<JsonObject> queue, Predicate<JsonObject> match) {
    while (true) {
      JsonObject item = Await.next(queue, "event");
      if (match.test(item)) {
        return item;
      }
    }
  }
}
