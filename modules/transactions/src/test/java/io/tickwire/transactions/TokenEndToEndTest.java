package io.tickwire.transactions;

import static io.tickwire.transactions.ChainEndToEndTest.live;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.Addresses;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

  JsonObject config(Chain chain) {
    return new JsonObject().put("source", "ethereum").put("confirmations", 3)
        .put("dropAfterMs", 2_000).put("storePath", dir.resolve("watch.json").toString())
        .put("tokens", new JsonArray().add(new JsonObject().put("address", chain.token.address)
            .put("symbol", "TKN").put("decimals", 18).put("priceSymbol", "TKN-USD")))
        .put("ethereum", new JsonObject().put("url", chain.anvil.wsUrl())
            .put("reconnectMinMs", 100).put("reconnectMaxMs", 1_000)
            .put("requestTimeoutMs", 5_000));
  }

  /** {@code config} with a second token, NOPE, at an address that is no ERC-20. */
  static JsonObject withNope(JsonObject config) {
    config.getJsonArray("tokens").add(new JsonObject().put("address", ChainEndToEndTest.REVERTER)
        .put("symbol", "NOPE").put("decimals", 18));
    return config;
  }

  /**
   * What each test runs on: anvil, its accounts alice, bob and carol, and the token alice
   * deployed; then the node and, for some tests, a proxy between the node and anvil. Closing it
   * closes the node, the proxy, then anvil.
   */
  static final class Chain implements AutoCloseable {
    final Anvil anvil;
    final String alice;
    final String bob;
    final String carol;
    final Erc20 token;
    RpcProxy proxy;
    TxFixture node;

    private Chain(Anvil anvil) {
      this.anvil = anvil;
      List<String> accounts = anvil.accounts();
      alice = accounts.get(0);
      bob = accounts.get(1);
      carol = accounts.get(2);
      token = Erc20.deploy(anvil, alice, "Tickwire Test", "TKN");
    }

    /** Starts anvil and deploys the token; anvil is closed again if the deployment fails. */
    static Chain start() {
      Anvil anvil = Anvil.start();
      try {
        return new Chain(anvil);
      } catch (RuntimeException | Error e) {
        anvil.close();
        throw e;
      }
    }

    /** Mints {@code tokens} whole tokens to {@code to}, mined; answers the raw amount. */
    BigInteger mint(String to, long tokens) {
      BigInteger raw = Erc20.ONE.multiply(BigInteger.valueOf(tokens));
      Erc20.receipt(anvil, token.mint(to, raw));
      return raw;
    }

    /** A proxy in front of anvil (see {@link RpcProxy#start}), closed after the node. */
    RpcProxy proxy(Set<String> measured, long holdMs) {
      proxy = RpcProxy.start(anvil, measured, holdMs);
      return proxy;
    }

    /** Starts the node with {@code config} as its {@code transactions} section. */
    TxFixture node(JsonObject config) {
      node = TxFixture.start(config, List.of());
      return node;
    }

    /** A live client of {@code wallet} alone, subscribed to its channel, as a feed. */
    Feed watch(String wallet) {
      return Feed.watch(live(node, wallet), wallet);
    }

    @Override
    public void close() {
      try {
        if (node != null) {
          node.close();
        }
      } finally {
        try {
          if (proxy != null) {
            proxy.close();
          }
        } finally {
          anvil.close();
        }
      }
    }
  }

  static void price(TxFixture node, String symbol, double price) {
    node.vertx.eventBus().publish(Addresses.PRICES_UPDATES, new JsonObject().put("symbol", symbol)
        .put("price", price).put("ts", System.currentTimeMillis()).put("traded", 0.0));
  }

  /** Ether at 3,000.5 and the token at 2.5. */
  static void prices(TxFixture node) {
    price(node, "ETH-USD", 3_000.5);
    price(node, "TKN-USD", 2.5);
  }

  /** The next {@code token_transfer} of {@code hash} on {@code channel}. */
  static JsonObject transfer(TestSocket client, String channel, String hash) {
    return client.message(channel, data -> "token_transfer".equals(data.getString("type"))
        && hash.equals(data.getString("hash"))).getJsonObject("data");
  }

  static void assertStatus(JsonObject transfer, String status, int confirmations) {
    assertThat(transfer.getString("status")).as("%s", transfer).isEqualTo(status);
    assertThat(transfer.getInteger("confirmations")).as("%s", transfer).isEqualTo(confirmations);
  }

  @Test
  @DisplayName("a transfer to a watched wallet: token_transfer included → confirmed, the token balance and its USD value")
  void transfers() {
    try (Chain chain = Chain.start()) {
      BigInteger minted = chain.mint(chain.alice, 1_000);
      prices(chain.node(config(chain)));
      TestSocket client = live(chain.node, chain.alice, chain.bob);
      client.subscribeAll("wallet." + chain.bob);
      JsonObject snapshot = client.message("wallet." + chain.bob).getJsonObject("data");
      assertThat(snapshot.getString("type")).isEqualTo("balance");
      assertThat(snapshot.getBoolean("snapshot")).isTrue();
      assertThat(snapshot.getString("asset")).isEqualTo("ETH");
      BigInteger wei = new BigInteger(snapshot.getString("balance"));
      assertThat(snapshot.getJsonObject("price").getString("symbol")).isEqualTo("ETH-USD");
      assertThat(snapshot.getJsonObject("price").getDouble("price")).isEqualTo(3_000.5);
      BigDecimal ether = new BigDecimal(wei, 18).multiply(new BigDecimal("3000.5"))
          .setScale(2, RoundingMode.HALF_EVEN);
      assertThat(snapshot.getDouble("valueUsd")).isEqualTo(ether.doubleValue());
      JsonObject held = snapshot.getJsonArray("tokens").getJsonObject(0);
      assertThat(held.getString("token")).isEqualTo(chain.token.address);
      assertThat(held.getString("symbol")).isEqualTo("TKN");
      assertThat(held.getInteger("decimals")).isEqualTo(18);
      assertThat(held.getString("balance")).isEqualTo("0");
      assertThat(held.getDouble("valueUsd")).isEqualTo(0.0);
      assertThat(snapshot.getDouble("totalUsd")).isEqualTo(ether.doubleValue());

      BigInteger amount = new BigInteger("12345678901234567890");
      String hash = chain.token.transfer(chain.alice, chain.bob, amount);
      JsonObject included = transfer(client, "wallet." + chain.bob, hash);
      assertStatus(included, "included", 1);
      assertThat(included.getString("token")).isEqualTo(chain.token.address);
      assertThat(included.getString("symbol")).isEqualTo("TKN");
      assertThat(included.getInteger("decimals")).isEqualTo(18);
      assertThat(included.getString("from")).isEqualTo(chain.alice);
      assertThat(included.getString("to")).isEqualTo(chain.bob);
      assertThat(included.getString("value")).isEqualTo(amount.toString());
      JsonObject receipt = Erc20.receipt(chain.anvil, hash);
      assertThat(included.getLong("blockNumber"))
          .isEqualTo(Hex.quantity(receipt.getString("blockNumber")));
      assertThat(included.getLong("logIndex")).isNotNull();
      assertStatus(transfer(client, "wallet." + chain.bob, hash), "confirming", 2);
      assertStatus(transfer(client, "wallet." + chain.bob, hash), "confirmed", 3);

      JsonObject after = client.call("wallets.balance", new JsonObject().put("address", chain.bob));
      assertThat(after.getString("balance")).isEqualTo(wei.toString());
      // The balance message of the block that moved it, valued at 2.5 a token.
      JsonObject sender = Feed.watch(client, chain.alice).balance(minted.subtract(amount));
      assertThat(sender.getBoolean("snapshot")).isTrue();
      assertThat(sender.getJsonArray("tokens").getJsonObject(0).getDouble("valueUsd"))
          .isEqualTo(2469.14);
      assertThat(chain.token.balanceOf(chain.bob)).isEqualTo(amount);
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
    try (Chain chain = Chain.start()) {
      BigInteger minted = chain.mint(chain.alice, 1_000);
      prices(chain.node(withNope(config(chain))));
      TestSocket client = live(chain.node, chain.alice);
      JsonObject answer = priced(client, chain.alice);
      assertThat(answer.getString("address")).isEqualTo(chain.alice);
      long block = answer.getLong("blockNumber");
      BigInteger wei = Hex.bigQuantity(chain.anvil.text("eth_getBalance", chain.alice,
          Hex.quantity(block)));
      assertThat(answer.getString("balance")).isEqualTo(wei.toString());
      assertThat(answer.getString("asset")).isEqualTo("ETH");
      assertThat(answer.getValue("type")).isNull();
      assertThat(answer.getValue("snapshot")).isNull();
      BigDecimal ether = new BigDecimal(wei, 18).multiply(new BigDecimal("3000.5"))
          .setScale(2, RoundingMode.HALF_EVEN);
      assertThat(answer.getDouble("valueUsd")).isEqualTo(ether.doubleValue());
      assertThat(answer.getJsonObject("price").getString("symbol")).isEqualTo("ETH-USD");

      JsonArray tokens = answer.getJsonArray("tokens");
      assertThat(tokens).hasSize(2);
      JsonObject held = tokens.getJsonObject(0);
      assertThat(held.getString("token")).isEqualTo(chain.token.address);
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
      Erc20.receipt(chain.anvil, chain.token.transfer(chain.alice, chain.bob, Erc20.ONE));
      Await.until("the transfer's block processed", () ->
          client.call("wallets.balance", new JsonObject().put("address", chain.alice))
              .getLong("blockNumber") >= chain.anvil.blockNumber());
      JsonObject later = client.call("wallets.balance",
          new JsonObject().put("address", chain.alice));
      assertThat(later.getJsonArray("tokens").getJsonObject(0).getString("balance"))
          .isEqualTo(minted.subtract(Erc20.ONE).toString());
      assertThat(chain.token.balanceOf(chain.alice)).isEqualTo(minted.subtract(Erc20.ONE));
    }
  }

  @Test
  @DisplayName("wallets.balance of a watched wallet answers what its balance message says, and follows a token transfer")
  void balanceWatched() {
    try (Chain chain = Chain.start()) {
      chain.mint(chain.alice, 10);
      prices(chain.node(config(chain)));
      TestSocket client = live(chain.node, chain.alice, chain.bob);
      priced(client, chain.bob);
      Feed feed = Feed.watch(client, chain.bob);
      feed.balance(BigInteger.ZERO);
      BigInteger amount = new BigInteger("1234500000000000000");
      String hash = chain.token.transfer(chain.alice, chain.bob, amount);
      JsonObject message = feed.balance(amount);
      assertThat(feed.transfer(hash, "included").getString("value"))
          .isEqualTo(amount.toString());

      JsonObject answer = client.call("wallets.balance",
          new JsonObject().put("address", chain.bob));
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

  @Test
  @DisplayName("a provider that answers eth_getLogs with other contracts' logs, other wallets' logs and upper-case addresses: only the configured token's transfer of the watched wallet is published, named")
  void providerIgnoringTheFilter() {
    String stranger = "0x00000000000000000000000000000000000dead1";
    String nobody = "0x00000000000000000000000000000000000dead2";
    String nobodyTopic = "0x" + "0".repeat(24) + nobody.substring(2);
    try (Chain chain = Chain.start()) {
      RpcProxy proxy = chain.proxy(Set.of(), 0);
      // Each real log comes back with its contract in upper case, followed by a copy from a
      // contract nobody asked for and a copy from the token between wallets nobody watches, at
      // later log indexes.
      proxy.rewrite("eth_getLogs", result -> {
        JsonArray logs = new JsonArray();
        for (Object item : (JsonArray) result) {
          JsonObject log = (JsonObject) item;
          String address = log.getString("address");
          logs.add(log.copy().put("address", "0x" + address.substring(2).toUpperCase(Locale.ROOT)));
          long index = Long.decode(log.getString("logIndex"));
          logs.add(log.copy().put("address", stranger)
              .put("logIndex", "0x" + Long.toHexString(index + 1000)));
          JsonArray topics = log.getJsonArray("topics");
          logs.add(log.copy().put("topics", new JsonArray().add(topics.getValue(0))
                  .add(nobodyTopic).add(nobodyTopic))
              .put("logIndex", "0x" + Long.toHexString(index + 2000)));
        }
        return logs;
      });
      JsonObject config = config(chain);
      config.getJsonObject("ethereum").put("url", proxy.url("/"));
      chain.node(config);
      BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
      MessageConsumer<JsonObject> consumer = chain.node.vertx.eventBus()
          .consumer(Addresses.TX_EVENTS, message -> events.add(message.body()));
      Await.result(consumer.completion());
      Feed feed = chain.watch(chain.bob);
      feed.balance(BigInteger.ZERO);
      String hash = chain.token.mint(chain.bob, Erc20.ONE);
      feed.balance(Erc20.ONE);
      JsonObject transfer = feed.transfer(hash, "included");
      assertThat(transfer.getString("token"))
          .isEqualTo(chain.token.address.toLowerCase(Locale.ROOT));
      assertThat(transfer.getString("symbol")).isEqualTo("TKN");
      assertThat(transfer.getInteger("decimals")).isEqualTo(18);
      // Two more blocks: the transfer is confirmed (3), and the stranger's never showed.
      chain.anvil.rpc("evm_mine");
      chain.anvil.rpc("evm_mine");
      assertThat(feed.transfer(hash, "confirmed").getString("symbol")).isEqualTo("TKN");
      assertThat(feed.seen).noneMatch(data -> stranger.equals(data.getString("token")));
      assertThat(feed.seen).noneMatch(data -> "token_transfer".equals(data.getString("type"))
          && data.getString("symbol") == null);
      // The transfer between wallets nobody watches is on no channel, nor on the tx events.
      Await.until("the confirmed transfer on the tx events", () -> events.stream()
          .anyMatch(data -> hash.equals(data.getString("hash"))
              && "confirmed".equals(data.getString("status"))));
      assertThat(events).noneMatch(data -> nobody.equals(data.getString("from"))
          || nobody.equals(data.getString("to")));
    }
  }

  /** A wallet channel's messages as they come; each is found once, in any order. */
  static final class Feed {
    final TestSocket client;
    final String channel;
    final List<JsonObject> seen = new ArrayList<>();

    Feed(TestSocket client, String channel) {
      this.client = client;
      this.channel = channel;
    }

    /** The feed of {@code wallet}'s channel, {@code client} subscribed to it. */
    static Feed watch(TestSocket client, String wallet) {
      client.subscribeAll("wallet." + wallet);
      return new Feed(client, "wallet." + wallet);
    }

    JsonObject take(Predicate<JsonObject> match) {
      while (true) {
        for (Iterator<JsonObject> it = seen.iterator(); it.hasNext(); ) {
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
    try (Chain chain = Chain.start()) {
      chain.mint(chain.alice, 100);
      chain.mint(chain.carol, 100);
      chain.node(config(chain));
      Feed feed = chain.watch(chain.bob);
      assertThat(feed.balance(BigInteger.ZERO).getBoolean("snapshot")).isTrue();

      chain.anvil.pauseMining();
      String kept = chain.token.transfer(chain.alice, chain.bob, Erc20.ONE);
      String lost = chain.token.transfer(chain.carol, chain.bob,
          Erc20.ONE.multiply(BigInteger.TWO));
      String raw = chain.anvil.text("eth_getRawTransactionByHash", kept);
      chain.anvil.rpc("evm_mine");
      JsonObject keptIn = feed.transfer(kept, "included");
      assertThat(keptIn.getInteger("confirmations")).isEqualTo(1);
      JsonObject lostIn = feed.transfer(lost, "included");
      assertThat(lostIn.getString("blockHash")).isEqualTo(keptIn.getString("blockHash"));
      assertThat(feed.balance(Erc20.ONE.multiply(BigInteger.valueOf(3))).getBoolean("snapshot"))
          .isFalse();

      // The tip is replaced by a block that holds only the first transfer.
      chain.anvil.rpc("anvil_reorg", 1, new JsonArray().add(new JsonArray().add(raw).add(0)));
      chain.anvil.resumeMining();
      JsonObject reorg = TxFixture.blocks(feed.client, "reorg");
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
      assertThat(chain.token.balanceOf(chain.bob)).isEqualTo(Erc20.ONE);
    }
  }

  @Test
  @DisplayName("the largest balance a token can hold (2^256 - 1) is shown exactly and valued")
  void hugeBalance() {
    try (Chain chain = Chain.start()) {
      BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
      price(chain.node(config(chain)), "TKN-USD", 1e6);
      Feed feed = chain.watch(chain.bob);
      feed.balance(BigInteger.ZERO);
      chain.token.mint(chain.bob, max);
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

  @Test
  @DisplayName("a configured token that is no ERC-20 (no code: balanceOf answers nothing) holds up neither the others nor the ether balance")
  void notAToken() {
    try (Chain chain = Chain.start()) {
      chain.mint(chain.alice, 1);
      chain.node(withNope(config(chain)));
      Feed feed = chain.watch(chain.bob);
      JsonObject snapshot = feed.balance(BigInteger.ZERO);
      assertThat(snapshot.getJsonArray("tokens")).hasSize(1);
      assertThat(snapshot.getJsonArray("tokens").getJsonObject(0).getString("symbol"))
          .isEqualTo("TKN");
      String hash = chain.token.transfer(chain.alice, chain.bob, Erc20.ONE);
      assertThat(feed.transfer(hash, "included").getString("symbol")).isEqualTo("TKN");
      JsonObject after = feed.balance(Erc20.ONE);
      assertThat(after.getBoolean("snapshot")).isFalse();
      assertThat(after.getJsonArray("tokens")).hasSize(1);
      // Ether sent to bob still gives a balance message.
      chain.anvil.send(ChainEndToEndTest.tx(chain.alice, chain.bob)
          .put("value", ChainEndToEndTest.ONE_ETHER));
      feed.take(data -> "balance".equals(data.getString("type"))
          && !after.getString("balance").equals(data.getString("balance")));
    }
  }

  @Test
  @DisplayName("a token whose balanceOf fails is read again at each block alone: the wallet's other tokens are not")
  void failingTokenAlone() {
    try (Chain chain = Chain.start()) {
      RpcProxy proxy = chain.proxy(Set.of("eth_call"), 1);
      JsonObject config = withNope(config(chain));
      config.getJsonObject("ethereum").put("url", proxy.url("/"));
      chain.node(config);
      Feed feed = chain.watch(chain.bob);
      feed.balance(BigInteger.ZERO);
      String tkn = chain.token.address.substring(2).toLowerCase(Locale.ROOT);
      String nope = ChainEndToEndTest.REVERTER.substring(2).toLowerCase(Locale.ROOT);
      // One block first, so that no read of every token is still on its way.
      int settled = proxy.callsContaining(nope);
      chain.anvil.rpc("evm_mine");
      Await.until("NOPE read again",
          () -> proxy.callsContaining(nope) > settled);
      int tknBefore = proxy.callsContaining(tkn);
      int nopeBefore = proxy.callsContaining(nope);
      for (int i = 0; i < 3; i++) {
        chain.anvil.rpc("evm_mine");
      }
      Await.until("NOPE read at each block",
          () -> proxy.callsContaining(nope) >= nopeBefore + 3);
      assertThat(proxy.callsContaining(tkn)).as("balanceOf calls of TKN").isEqualTo(tknBefore);
      // A transfer to the wallet still reads every token.
      chain.mint(chain.bob, 1);
      assertThat(feed.balance(Erc20.ONE).getJsonArray("tokens")).hasSize(1);
      assertThat(proxy.callsContaining(tkn)).as("balanceOf calls of TKN").isGreaterThan(tknBefore);
    }
  }
}
