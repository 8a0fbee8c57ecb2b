package io.tickwire.transactions;

import static io.tickwire.transactions.ChainEndToEndTest.live;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ERC-20 tokens on a real local chain (anvil): OpenZeppelin's compiled token deployed, minted
 * and transferred; the {@code token_transfer} messages, token balances and USD values asserted
 * on the wallet channels through the endpoint.
 */
@DisplayName("Token transfers, balances and USD value on a real local chain, through the endpoint")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TokenEndToEndTest {

  @TempDir
  Path dir;

  JsonObject config(Anvil anvil, Erc20 token) {
    return new JsonObject().put("source", "ethereum").put("confirmations", 3)
        .put("dropAfterMs", 2_000).put("storePath", dir.resolve("watch.json").toString())
        .put("tokens", new JsonArray().add(new JsonObject().put("address", token.address)
            .put("symbol", "TKN").put("decimals", 18).put("priceSymbol", "TKN-USD")))
        .put("ethereum", new JsonObject().put("url", anvil.wsUrl()).put("reconnectMinMs", 100)
            .put("reconnectMaxMs", 1_000).put("requestTimeoutMs", 5_000));
  }

  static void price(TxFixture node, String symbol, double price) {
    node.vertx.eventBus().publish(Addresses.PRICES_UPDATES, new JsonObject().put("symbol", symbol)
        .put("price", price).put("ts", System.currentTimeMillis()).put("traded", 0.0));
  }

  /** The next {@code token_transfer} of {@code hash} on {@code channel}. */
  static JsonObject transfer(TestSocket client, String channel, String hash) {
    return client.message(channel, data -> "token_transfer".equals(data.getString("type"))
        && hash.equals(data.getString("hash"))).getJsonObject("data");
  }

  /** The next {@code balance} on {@code channel} whose token balance is {@code raw}. */
  static JsonObject balanceWith(TestSocket client, String channel, BigInteger raw) {
    return client.message(channel, data -> "balance".equals(data.getString("type"))
        && data.getJsonArray("tokens").size() == 1 && raw.toString().equals(
            data.getJsonArray("tokens").getJsonObject(0).getString("balance")))
        .getJsonObject("data");
  }

  static void assertStatus(JsonObject transfer, String status, int confirmations) {
    assertThat(transfer.getString("status")).as("%s", transfer).isEqualTo(status);
    assertThat(transfer.getInteger("confirmations")).as("%s", transfer).isEqualTo(confirmations);
  }

  @Test
  @DisplayName("a transfer to a watched wallet: token_transfer included → confirmed, the token balance and its USD value")
  void transfers() {
    try (Anvil anvil = Anvil.start()) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      Erc20.receipt(anvil, token.mint(alice, Erc20.ONE.multiply(BigInteger.valueOf(1_000))));
      try (TxFixture node = TxFixture.start(config(anvil, token), List.of())) {
        price(node, "ETH-USD", 3_000.5);
        price(node, "TKN-USD", 2.5);
        TestSocket client = live(node, alice, bob);
        client.subscribeAll("wallet." + bob);
        JsonObject snapshot = client.message("wallet." + bob).getJsonObject("data");
        assertThat(snapshot.getString("type")).isEqualTo("balance");
        assertThat(snapshot.getBoolean("snapshot")).isTrue();
        assertThat(snapshot.getString("asset")).isEqualTo("ETH");
        BigInteger wei = new BigInteger(snapshot.getString("balance"));
        assertThat(snapshot.getJsonObject("price").getString("symbol")).isEqualTo("ETH-USD");
        assertThat(snapshot.getJsonObject("price").getDouble("price")).isEqualTo(3_000.5);
        BigDecimal ether = new BigDecimal(wei, 18).multiply(new BigDecimal("3000.5"))
            .setScale(2, java.math.RoundingMode.HALF_EVEN);
        assertThat(snapshot.getDouble("valueUsd")).isEqualTo(ether.doubleValue());
        JsonObject held = snapshot.getJsonArray("tokens").getJsonObject(0);
        assertThat(held.getString("token")).isEqualTo(token.address);
        assertThat(held.getString("symbol")).isEqualTo("TKN");
        assertThat(held.getInteger("decimals")).isEqualTo(18);
        assertThat(held.getString("balance")).isEqualTo("0");
        assertThat(held.getDouble("valueUsd")).isEqualTo(0.0);
        assertThat(snapshot.getDouble("totalUsd")).isEqualTo(ether.doubleValue());

        BigInteger amount = new BigInteger("12345678901234567890");
        String hash = token.transfer(alice, bob, amount);
        JsonObject included = transfer(client, "wallet." + bob, hash);
        assertStatus(included, "included", 1);
        assertThat(included.getString("token")).isEqualTo(token.address);
        assertThat(included.getString("symbol")).isEqualTo("TKN");
        assertThat(included.getInteger("decimals")).isEqualTo(18);
        assertThat(included.getString("from")).isEqualTo(alice);
        assertThat(included.getString("to")).isEqualTo(bob);
        assertThat(included.getString("value")).isEqualTo(amount.toString());
        JsonObject receipt = Erc20.receipt(anvil, hash);
        assertThat(included.getLong("blockNumber"))
            .isEqualTo(Hex.quantity(receipt.getString("blockNumber")));
        assertThat(included.getLong("logIndex")).isNotNull();
        assertStatus(transfer(client, "wallet." + bob, hash), "confirming", 2);
        assertStatus(transfer(client, "wallet." + bob, hash), "confirmed", 3);

        JsonObject after = client.call("wallets.balance", new JsonObject().put("address", bob));
        assertThat(after.getString("balance")).isEqualTo(wei.toString());
        // The balance message of the block that moved it, valued at 2.5 a token.
        client.subscribeAll("wallet." + alice);
        JsonObject sender = balanceWith(client, "wallet." + alice,
            Erc20.ONE.multiply(BigInteger.valueOf(1_000)).subtract(amount));
        assertThat(sender.getBoolean("snapshot")).isTrue();
        assertThat(sender.getJsonArray("tokens").getJsonObject(0).getDouble("valueUsd"))
            .isEqualTo(2469.14);
        assertThat(token.balanceOf(bob)).isEqualTo(amount);
      }
    }
  }

  /** {@code wallets.balance} of {@code address} once both prices are known to the monitor. */
  static JsonObject priced(TestSocket client, String address) {
    JsonObject[] answer = new JsonObject[1];
    Await.until("wallets.balance valued at both prices", () -> {
      answer[0] = client.call("wallets.balance", new JsonObject().put("address", address));
      JsonObject first = answer[0].getJsonArray("tokens").getJsonObject(0);
      return answer[0].getValue("price") != null && first.getValue("price") != null;
    });
    return answer[0];
  }

  @Test
  @DisplayName("wallets.balance of an unwatched wallet: ether and each token read at the node, valued; a token that is no ERC-20 answers its error, not a failure")
  void balanceUnwatched() {
    try (Anvil anvil = Anvil.start()) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      BigInteger minted = Erc20.ONE.multiply(BigInteger.valueOf(1_000));
      Erc20.receipt(anvil, token.mint(alice, minted));
      JsonObject config = config(anvil, token);
      config.getJsonArray("tokens").add(new JsonObject().put("address", ChainEndToEndTest.REVERTER)
          .put("symbol", "NOPE").put("decimals", 18));
      try (TxFixture node = TxFixture.start(config, List.of())) {
        price(node, "ETH-USD", 3_000.5);
        price(node, "TKN-USD", 2.5);
        TestSocket client = live(node, alice);
        JsonObject answer = priced(client, alice);
        assertThat(answer.getString("address")).isEqualTo(alice);
        long block = answer.getLong("blockNumber");
        BigInteger wei = Hex.bigQuantity(anvil.text("eth_getBalance", alice, Hex.quantity(block)));
        assertThat(answer.getString("balance")).isEqualTo(wei.toString());
        assertThat(answer.getString("asset")).isEqualTo("ETH");
        assertThat(answer.getValue("type")).isNull();
        assertThat(answer.getValue("snapshot")).isNull();
        BigDecimal ether = new BigDecimal(wei, 18).multiply(new BigDecimal("3000.5"))
            .setScale(2, java.math.RoundingMode.HALF_EVEN);
        assertThat(answer.getDouble("valueUsd")).isEqualTo(ether.doubleValue());
        assertThat(answer.getJsonObject("price").getString("symbol")).isEqualTo("ETH-USD");

        JsonArray tokens = answer.getJsonArray("tokens");
        assertThat(tokens).hasSize(2);
        JsonObject held = tokens.getJsonObject(0);
        assertThat(held.getString("token")).isEqualTo(token.address);
        assertThat(held.getString("symbol")).isEqualTo("TKN");
        assertThat(held.getInteger("decimals")).isEqualTo(18);
        assertThat(held.getString("balance")).isEqualTo(minted.toString());
        assertThat(held.getDouble("valueUsd")).isEqualTo(2_500.0);
        assertThat(held.getJsonObject("price").getDouble("price")).isEqualTo(2.5);
        assertThat(held.containsKey("error")).isFalse();
        JsonObject nope = tokens.getJsonObject(1);
        assertThat(nope.getString("symbol")).isEqualTo("NOPE");
        assertThat(nope.getValue("balance")).isNull();
        assertThat(nope.getValue("valueUsd")).isNull();
        assertThat(nope.getString("error")).contains("balanceOf");
        // NOPE has no price symbol, so it is not counted and the total is known.
        assertThat(answer.getDouble("totalUsd"))
            .isEqualTo(ether.add(new BigDecimal("2500.00")).doubleValue());

        // The monitor does not start watching a wallet it was only asked about.
        Erc20.receipt(anvil, token.transfer(alice, accounts.get(1), Erc20.ONE));
        Await.until("the transfer's block processed", () ->
            client.call("wallets.balance", new JsonObject().put("address", alice))
                .getLong("blockNumber") >= anvil.blockNumber());
        JsonObject later = client.call("wallets.balance", new JsonObject().put("address", alice));
        assertThat(later.getJsonArray("tokens").getJsonObject(0).getString("balance"))
            .isEqualTo(minted.subtract(Erc20.ONE).toString());
        assertThat(token.balanceOf(alice)).isEqualTo(minted.subtract(Erc20.ONE));
      }
    }
  }

  @Test
  @DisplayName("wallets.balance of a watched wallet answers what its balance message says, and follows a token transfer")
  void balanceWatched() {
    try (Anvil anvil = Anvil.start()) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      Erc20.receipt(anvil, token.mint(alice, Erc20.ONE.multiply(BigInteger.valueOf(10))));
      try (TxFixture node = TxFixture.start(config(anvil, token), List.of())) {
        price(node, "ETH-USD", 3_000.5);
        price(node, "TKN-USD", 2.5);
        TestSocket client = live(node, alice, bob);
        priced(client, bob);
        client.subscribeAll("wallet." + bob);
        Feed feed = new Feed(client, "wallet." + bob);
        feed.balance(BigInteger.ZERO);
        BigInteger amount = new BigInteger("1234500000000000000");
        String hash = token.transfer(alice, bob, amount);
        JsonObject message = feed.balance(amount);
        assertThat(feed.transfer(hash, "included").getString("value"))
            .isEqualTo(amount.toString());

        JsonObject answer = client.call("wallets.balance", new JsonObject().put("address", bob));
        for (String field : List.of("address", "balance", "asset", "valueUsd", "price", "tokens",
            "totalUsd")) {
          assertThat(answer.getValue(field)).as(field).isEqualTo(message.getValue(field));
        }
        assertThat(answer.getLong("blockNumber")).isGreaterThanOrEqualTo(
            message.getLong("blockNumber"));
        JsonObject held = answer.getJsonArray("tokens").getJsonObject(0);
        assertThat(held.getString("balance")).isEqualTo(amount.toString());
        assertThat(held.getDouble("valueUsd")).isEqualTo(3.09);
        assertThat(answer.getDouble("totalUsd")).isEqualTo(
            BigDecimal.valueOf(answer.getDouble("valueUsd")).add(new BigDecimal("3.09"))
                .doubleValue());
      }
    }
  }

  @Test
  @DisplayName("a provider that answers eth_getLogs with other contracts' logs and upper-case addresses: only the configured token's transfer is published, named")
  void providerIgnoringTheFilter() {
    String stranger = "0x00000000000000000000000000000000000dead1";
    try (Anvil anvil = Anvil.start(); RpcProxy proxy = RpcProxy.start(anvil, Set.of(), 0)) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      // Each real log comes back with its contract in upper case, followed by a copy from a
      // contract nobody asked for, at the next log index.
      proxy.rewrite("eth_getLogs", result -> {
        JsonArray logs = new JsonArray();
        for (Object item : (JsonArray) result) {
          JsonObject log = (JsonObject) item;
          String address = log.getString("address");
          logs.add(log.copy().put("address", "0x" + address.substring(2).toUpperCase(Locale.ROOT)));
          long index = Long.decode(log.getString("logIndex"));
          logs.add(log.copy().put("address", stranger)
              .put("logIndex", "0x" + Long.toHexString(index + 1000)));
        }
        return logs;
      });
      JsonObject config = config(anvil, token);
      config.getJsonObject("ethereum").put("url", proxy.url("/"));
      try (TxFixture node = TxFixture.start(config, List.of())) {
        TestSocket client = live(node, bob);
        client.subscribeAll("wallet." + bob);
        Feed feed = new Feed(client, "wallet." + bob);
        feed.balance(BigInteger.ZERO);
        String hash = token.mint(bob, Erc20.ONE);
        feed.balance(Erc20.ONE);
        JsonObject transfer = feed.transfer(hash, "included");
        assertThat(transfer.getString("token")).isEqualTo(token.address.toLowerCase(Locale.ROOT));
        assertThat(transfer.getString("symbol")).isEqualTo("TKN");
        assertThat(transfer.getInteger("decimals")).isEqualTo(18);
        // Two more blocks: the transfer is confirmed (3), and the stranger's never showed.
        anvil.rpc("evm_mine");
        anvil.rpc("evm_mine");
        assertThat(feed.transfer(hash, "confirmed").getString("symbol")).isEqualTo("TKN");
        assertThat(feed.seen).noneMatch(data -> stranger.equals(data.getString("token")));
        assertThat(feed.seen).noneMatch(data -> "token_transfer".equals(data.getString("type"))
            && data.getString("symbol") == null);
      }
    }
  }

  /** A wallet channel's messages as they come; each is found once, in any order. */
  static final class Feed {
    final TestSocket client;
    final String channel;
    final List<JsonObject> seen = new java.util.ArrayList<>();

    Feed(TestSocket client, String channel) {
      this.client = client;
      this.channel = channel;
    }

    JsonObject take(java.util.function.Predicate<JsonObject> match) {
      while (true) {
        for (java.util.Iterator<JsonObject> it = seen.iterator(); it.hasNext(); ) {
          JsonObject data = it.next();
          if (match.test(data)) {
            it.remove();
            return data;
          }
        }
        seen.add(client.message(channel).getJsonObject("data"));
      }
    }

    JsonObject transfer(String hash, String status) {
      return take(data -> "token_transfer".equals(data.getString("type"))
          && hash.equals(data.getString("hash")) && status.equals(data.getString("status")));
    }

    JsonObject balance(BigInteger raw) {
      return take(data -> "balance".equals(data.getString("type"))
          && raw.toString().equals(data.getJsonArray("tokens").getJsonObject(0)
              .getString("balance")));
    }
  }

  @Test
  @DisplayName("a reorg: a transfer in the new block is included again there, one left out goes back to pending, then dropped; the balance follows")
  void reorg() {
    try (Anvil anvil = Anvil.start()) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      String carol = accounts.get(2);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      Erc20.receipt(anvil, token.mint(alice, Erc20.ONE.multiply(BigInteger.valueOf(100))));
      Erc20.receipt(anvil, token.mint(carol, Erc20.ONE.multiply(BigInteger.valueOf(100))));
      try (TxFixture node = TxFixture.start(config(anvil, token), List.of())) {
        TestSocket client = live(node, bob);
        client.subscribeAll("wallet." + bob);
        Feed feed = new Feed(client, "wallet." + bob);
        assertThat(feed.balance(BigInteger.ZERO).getBoolean("snapshot")).isTrue();

        anvil.pauseMining();
        String kept = token.transfer(alice, bob, Erc20.ONE);
        String lost = token.transfer(carol, bob, Erc20.ONE.multiply(BigInteger.TWO));
        String raw = anvil.text("eth_getRawTransactionByHash", kept);
        anvil.rpc("evm_mine");
        JsonObject keptIn = feed.transfer(kept, "included");
        assertThat(keptIn.getInteger("confirmations")).isEqualTo(1);
        JsonObject lostIn = feed.transfer(lost, "included");
        assertThat(lostIn.getString("blockHash")).isEqualTo(keptIn.getString("blockHash"));
        assertThat(feed.balance(Erc20.ONE.multiply(BigInteger.valueOf(3))).getBoolean("snapshot"))
            .isFalse();

        // The tip is replaced by a block that holds only the first transfer.
        anvil.rpc("anvil_reorg", 1, new JsonArray().add(new JsonArray().add(raw).add(0)));
        anvil.resumeMining();
        JsonObject reorg = TxFixture.blocks(client, "reorg");
        assertThat(reorg.getJsonArray("oldHashes")).containsExactly(keptIn.getString("blockHash"));
        JsonObject moved = feed.transfer(kept, "included");
        assertThat(moved.getString("blockHash")).isEqualTo(reorg.getJsonArray("newHashes")
            .getString(0));
        assertThat(moved.getLong("blockNumber")).isEqualTo(keptIn.getLong("blockNumber"));
        JsonObject back = feed.transfer(lost, "pending");
        assertThat(back.getInteger("confirmations")).isZero();
        assertThat(back.getValue("blockNumber")).isNull();
        assertThat(feed.balance(Erc20.ONE).getBoolean("snapshot")).isFalse();
        // Out of the chain for dropAfterMs: dropped.
        assertThat(feed.transfer(lost, "dropped").getInteger("confirmations")).isZero();
        assertThat(feed.transfer(kept, "confirmed").getInteger("confirmations")).isEqualTo(3);
        assertThat(token.balanceOf(bob)).isEqualTo(Erc20.ONE);
      }
    }
  }

  @Test
  @DisplayName("the largest balance a token can hold (2^256 - 1) is shown exactly and valued")
  void hugeBalance() {
    try (Anvil anvil = Anvil.start()) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
      try (TxFixture node = TxFixture.start(config(anvil, token), List.of())) {
        price(node, "TKN-USD", 1e6);
        TestSocket client = live(node, bob);
        client.subscribeAll("wallet." + bob);
        Feed feed = new Feed(client, "wallet." + bob);
        feed.balance(BigInteger.ZERO);
        token.mint(bob, max);
        JsonObject balance = feed.balance(max);
        JsonObject held = balance.getJsonArray("tokens").getJsonObject(0);
        assertThat(held.getDouble("valueUsd")).isEqualTo(new BigDecimal(max, 18)
            .multiply(BigDecimal.valueOf(1e6)).doubleValue());
        assertThat(held.getJsonObject("price").getDouble("price")).isEqualTo(1e6);
        // No ETH-USD price yet: the wallet holds ether, so the total is unknown.
        assertThat(balance.getValue("valueUsd")).isNull();
        assertThat(balance.getValue("price")).isNull();
        assertThat(balance.getValue("totalUsd")).isNull();
        assertThat(feed.transfer(feed.take(data -> "token_transfer".equals(data.getString("type")))
            .getString("hash"), "confirmed").getString("value")).isEqualTo(max.toString());
      }
    }
  }

  @Test
  @DisplayName("a configured token that is no ERC-20 (no code: balanceOf answers nothing) holds up neither the others nor the ether balance")
  void notAToken() {
    try (Anvil anvil = Anvil.start()) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      Erc20.receipt(anvil, token.mint(alice, Erc20.ONE));
      JsonObject config = config(anvil, token);
      config.getJsonArray("tokens").add(new JsonObject().put("address", ChainEndToEndTest.REVERTER)
          .put("symbol", "NOPE").put("decimals", 18));
      try (TxFixture node = TxFixture.start(config, List.of())) {
        TestSocket client = live(node, bob);
        client.subscribeAll("wallet." + bob);
        Feed feed = new Feed(client, "wallet." + bob);
        JsonObject snapshot = feed.balance(BigInteger.ZERO);
        assertThat(snapshot.getJsonArray("tokens")).hasSize(1);
        assertThat(snapshot.getJsonArray("tokens").getJsonObject(0).getString("symbol"))
            .isEqualTo("TKN");
        String hash = token.transfer(alice, bob, Erc20.ONE);
        assertThat(feed.transfer(hash, "included").getString("symbol")).isEqualTo("TKN");
        JsonObject after = feed.balance(Erc20.ONE);
        assertThat(after.getBoolean("snapshot")).isFalse();
        assertThat(after.getJsonArray("tokens")).hasSize(1);
        // Ether sent to bob still gives a balance message.
        anvil.send(ChainEndToEndTest.tx(alice, bob).put("value", ChainEndToEndTest.ONE_ETHER));
        feed.take(data -> "balance".equals(data.getString("type"))
            && !after.getString("balance").equals(data.getString("balance")));
      }
    }
  }

  @Test
  @DisplayName("a token whose balanceOf fails is read again at each block alone: the wallet's other tokens are not")
  void failingTokenAlone() {
    try (Anvil anvil = Anvil.start();
        RpcProxy proxy = RpcProxy.start(anvil, Set.of("eth_call"), 1)) {
      List<String> accounts = anvil.accounts();
      String alice = accounts.get(0);
      String bob = accounts.get(1);
      Erc20 token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
      JsonObject config = config(anvil, token);
      config.getJsonArray("tokens").add(new JsonObject().put("address", ChainEndToEndTest.REVERTER)
          .put("symbol", "NOPE").put("decimals", 18));
      config.getJsonObject("ethereum").put("url", proxy.url("/"));
      try (TxFixture node = TxFixture.start(config, List.of())) {
        TestSocket client = live(node, bob);
        client.subscribeAll("wallet." + bob);
        Feed feed = new Feed(client, "wallet." + bob);
        feed.balance(BigInteger.ZERO);
        String tkn = token.address.substring(2).toLowerCase(Locale.ROOT);
        String nope = ChainEndToEndTest.REVERTER.substring(2).toLowerCase(Locale.ROOT);
        // One block first, so that no read of every token is still on its way.
        int settled = proxy.callsContaining(nope);
        anvil.rpc("evm_mine");
        Await.until("NOPE read again",
            () -> proxy.callsContaining(nope) > settled);
        int tknBefore = proxy.callsContaining(tkn);
        int nopeBefore = proxy.callsContaining(nope);
        for (int i = 0; i < 3; i++) {
          anvil.rpc("evm_mine");
        }
        Await.until("NOPE read at each block",
            () -> proxy.callsContaining(nope) >= nopeBefore + 3);
        assertThat(proxy.callsContaining(tkn)).as("balanceOf calls of TKN").isEqualTo(tknBefore);
        // A transfer to the wallet still reads every token.
        Erc20.receipt(anvil, token.mint(bob, Erc20.ONE));
        assertThat(feed.balance(Erc20.ONE).getJsonArray("tokens")).hasSize(1);
        assertThat(proxy.callsContaining(tkn)).as("balanceOf calls of TKN").isGreaterThan(tknBefore);
      }
    }
  }
}
