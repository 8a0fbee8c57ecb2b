package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that ask the transaction monitor for more than it should give, through the endpoint:
 * floods of {@code tx.get} of hashes nobody knows, and users who watch ever more transactions.
 */
@DisplayName("Hostile clients of the transaction monitor")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileTxClientsTest {

  static final int CAP = 4;
  static final int CLIENTS = 4;
  static final int GETS_PER_CLIENT = 50;
  static final Set<String> LOOKUP_CALLS = Set.of("eth_getTransactionByHash",
      "eth_getTransactionReceipt");

  @TempDir
  Path dir;

  /** An anonymous client, once the monitor has processed a block. */
  static TestSocket anonymous(TxFixture node) {
    TestSocket client = node.connect("");
    client.subscribeAll("blocks");
    TxFixture.blocks(client, "block");
    return client;
  }

  /** The next frame of {@code client} that is not a channel message: an answer. */
  static JsonObject answer(TestSocket client) {
    return client.next(frame -> !"message".equals(frame.getString("type")));
  }

  static String hash(int n) {
    return String.format("0x%064x", 0xf00d0000L + n);
  }

  @Test
  @DisplayName("keeps at most maxLookupsInFlight calls at the chain node for a flood of anonymous tx.get, answers the rest unavailable, and answers repeated gets from one lookup")
  void lookupFlood() {
    try (Anvil anvil = Anvil.start();
        RpcProxy proxy = RpcProxy.start(anvil, LOOKUP_CALLS, 300);
        TxFixture node = TxFixture.start(new JsonObject().put("source", "ethereum")
            .put("confirmations", 3).put("storePath", dir.resolve("watch.json").toString())
            .put("maxLookupsInFlight", CAP).put("lookupCacheMs", 60_000)
            .put("ethereum", new JsonObject().put("url", proxy.url("/"))
                .put("requestTimeoutMs", 10_000)), List.of())) {
      List<TestSocket> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(anonymous(node));
      }
      // Every client asks at once for hashes nobody knows, without waiting for answers.
      for (int i = 0; i < GETS_PER_CLIENT; i++) {
        for (int c = 0; c < CLIENTS; c++) {
          clients.get(c).ask("tx.get", new JsonObject().put("hash",
              hash(i * CLIENTS + c)));
        }
      }
      Map<String, Integer> codes = new HashMap<>();
      for (TestSocket client : clients) {
        for (int i = 0; i < GETS_PER_CLIENT; i++) {
          JsonObject answer = answer(client);
          assertThat(answer.getString("type")).as("%s", answer).isEqualTo("error");
          codes.merge(answer.getString("code"), 1, Integer::sum);
        }
      }
      assertThat(codes.keySet()).as("%s", codes).containsOnly("not_found", "unavailable");
      assertThat(codes.get("unavailable")).as("refused beyond the cap: %s", codes).isPositive();
      assertThat(codes.get("not_found")).as("looked up: %s", codes).isGreaterThanOrEqualTo(CAP);
      assertThat(proxy.maxInFlight()).as("lookup calls in flight at the chain node")
          .isBetween(1, CAP);
      assertThat(node.metrics()).containsPattern("tickwire_tx_lookups_refused_total\\{[^}]*\\} "
          + codes.get("unavailable") + "\\.0");

      // A real, mined transaction, asked for by several clients at once and again later:
      // one lookup (the transaction and its receipt) answers them all.
      List<String> accounts = anvil.accounts();
      String mined = anvil.send(ChainEndToEndTest.tx(accounts.get(0), accounts.get(1)));
      anvil.rpc("evm_mine");
      List<String> ids = new ArrayList<>();
      for (TestSocket client : clients) {
        ids.add(client.ask("tx.get", new JsonObject().put("hash", mined)));
      }
      for (TestSocket client : clients) {
        JsonObject answer = answer(client);
        assertThat(answer.getString("type")).as("%s", answer).isEqualTo("response");
        assertThat(ids).contains(answer.getString("id"));
        assertThat(answer.getJsonObject("data").getString("hash")).isEqualTo(mined);
        assertThat(answer.getJsonObject("data").getBoolean("watched")).isFalse();
      }
      for (int i = 0; i < 10; i++) {
        assertThat(clients.get(i % CLIENTS).call("tx.get", new JsonObject().put("hash", mined))
            .getLong("blockNumber")).isPositive();
      }
      assertThat(proxy.calls(mined)).as("calls about %s at the chain node", mined).isEqualTo(2);
      assertThat(proxy.maxInFlight()).isBetween(1, CAP);
    }
  }

  @Test
  @DisplayName("a burst of wallets.balance of unwatched wallets with tokens: at most maxLookupsInFlight calls at the chain node, one lookup per wallet, the rest unavailable, each answer whole")
  void balanceFlood() {
    int wallets = 12;
    try (Anvil anvil = Anvil.start();
        RpcProxy proxy = RpcProxy.start(anvil, Set.of("eth_getBalance", "eth_call"), 300)) {
      Erc20 token = Erc20.deploy(anvil, anvil.accounts().get(0), "Tickwire Test", "TKN");
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < wallets; i++) {
        addresses.add(String.format("0x%040x", 0xbeef00L + i));
      }
      Erc20.receipt(anvil, token.mint(addresses.get(0), Erc20.ONE));
      JsonObject config = new JsonObject().put("source", "ethereum").put("confirmations", 3)
          .put("storePath", dir.resolve("watch.json").toString()).put("maxLookupsInFlight", 2)
          .put("tokens", new io.vertx.core.json.JsonArray()
              .add(new JsonObject().put("address", token.address).put("symbol", "TKN")
                  .put("decimals", 18))
              .add(new JsonObject().put("address", ChainEndToEndTest.REVERTER)
                  .put("symbol", "NOPE").put("decimals", 18)))
          .put("ethereum", new JsonObject().put("url", proxy.url("/"))
              .put("requestTimeoutMs", 10_000));
      try (TxFixture node = TxFixture.start(config, List.of())) {
        TestSocket client = node.connect("?token=" + node.devToken("alice",
            addresses.toArray(String[]::new)));
        client.subscribeAll("blocks");
        TxFixture.blocks(client, "block");
        Map<String, String> asked = new HashMap<>();
        for (String address : addresses) {
          asked.put(client.ask("wallets.balance", new JsonObject().put("address", address)),
              address);
        }
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < wallets; i++) {
          JsonObject answer = answer(client);
          String address = asked.get(answer.getString("id"));
          if ("error".equals(answer.getString("type"))) {
            codes.merge(answer.getString("code"), 1, Integer::sum);
            assertThat(answer.getString("message")).contains("the chain node is busy");
            continue;
          }
          codes.merge("answered", 1, Integer::sum);
          JsonObject data = answer.getJsonObject("data");
          assertThat(data.getString("address")).isEqualTo(address);
          assertThat(data.getJsonArray("tokens")).hasSize(2);
          JsonObject tkn = data.getJsonArray("tokens").getJsonObject(0);
          assertThat(tkn.getString("balance")).isEqualTo(address.equals(addresses.get(0))
              ? Erc20.ONE.toString() : "0");
          assertThat(data.getJsonArray("tokens").getJsonObject(1).getString("error"))
              .contains("balanceOf");
        }
        assertThat(codes.keySet()).as("%s", codes).containsOnly("answered", "unavailable");
        assertThat(codes.get("unavailable")).as("refused beyond the cap: %s", codes).isPositive();
        assertThat(codes.get("answered")).as("%s", codes).isGreaterThanOrEqualTo(2);
        assertThat(proxy.maxInFlight()).as("balance calls in flight at the chain node")
            .isBetween(1, 2);
      }
    }
  }

  @Test
  @DisplayName("refuses one more tx.watch than maxWatchesPerUser with forbidden, and nobody else notices")
  void watchesPerUser() {
    JsonObject config = new JsonObject().put("source", "simulated").put("confirmations", 2)
        .put("storePath", dir.resolve("watch.json").toString()).put("maxWatchesPerUser", 3)
        .put("simulated", new JsonObject().put("blockTimeMs", 100).put("seed", 11)
            .put("counterparties", 0).put("incidentEveryBlocks", 0));
    try (TxFixture node = TxFixture.start(config, List.of(SimulatedEndpointTest.W1,
        SimulatedEndpointTest.W2))) {
      TestSocket mallory = node.connect("?token=" + node.devToken("mallory"));
      TestSocket alice = node.connect("?token=" + node.devToken("alice"));
      mallory.subscribeAll("blocks");
      TxFixture.blocks(mallory, "block");
      for (int i = 0; i < 3; i++) {
        assertThat(mallory.call("tx.watch", new JsonObject().put("hash", hash(i)))
            .getString("state")).isEqualTo("pending");
      }
      JsonObject refused = mallory.request("tx.watch", new JsonObject().put("hash", hash(3)));
      assertThat(refused.getString("type")).isEqualTo("error");
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      assertThat(refused.getString("message")).contains("you watch 3 transactions");
      // Again for one already watched is no new watch; another user is not affected.
      assertThat(mallory.call("tx.watch", new JsonObject().put("hash", hash(0)))
          .getBoolean("watched")).isTrue();
      assertThat(alice.call("tx.watch", new JsonObject().put("hash", hash(3)))
          .getString("state")).isEqualTo("pending");
      assertThat(alice.call("tx.watch", new JsonObject().put("hash", hash(0)))
          .getBoolean("watched")).isTrue();
      assertThat(mallory.refused("tx.watch", new JsonObject().put("hash", hash(4))))
          .isEqualTo("forbidden");
      JsonObject detail = node.health().getJsonObject("details").getJsonObject("transactions");
      assertThat(detail.getInteger("watchedTransactions")).isGreaterThanOrEqualTo(4);
    }
  }
}
