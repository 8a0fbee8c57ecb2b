package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The transaction monitor on the simulated chain, through the endpoint")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SimulatedEndpointTest {

  static final String W1 = "0x52908400098527886e0f7030069857d2e4169ee7";
  static final String W2 = "0x8617e340b3d01fa5f11f306f4090fd50e238070d";
  static final String W3 = "0xde709f2102306220921060314715629080e2fb77";
  static final String STRANGER = "0x" + "1".repeat(40);

  @TempDir
  Path dir;

  JsonObject config(int incidentEveryBlocks) {
    return new JsonObject().put("source", "simulated").put("confirmations", 2)
        .put("storePath", dir.resolve("watch.json").toString())
        .put("simulated", new JsonObject().put("blockTimeMs", 100).put("seed", 11)
            .put("counterparties", 0).put("incidentEveryBlocks", incidentEveryBlocks));
  }

  @Test
  @DisplayName("gives a wallet's new subscriber its balance first, then every transition to confirmed")
  void walletChannel() {
    try (TxFixture node = TxFixture.start(config(0), List.of(W1, W2, W3))) {
      TestSocket client = node.connect("?token=" + node.devToken("demo", W1, W2, W3));
      client.subscribeAll("blocks");
      TxFixture.blocks(client, "block");
      client.subscribeAll("wallet." + W1);
      JsonObject balance = client.message("wallet." + W1).getJsonObject("data");
      assertThat(balance.getString("type")).isEqualTo("balance");
      assertThat(balance.getBoolean("snapshot")).isTrue();
      assertThat(balance.getString("address")).isEqualTo(W1);
      assertThat(new BigInteger(balance.getString("balance"))).isPositive();

      // Follow every transaction of W1 until one went all the way.
      Map<String, List<String>> steps = new HashMap<>();
      String done = null;
      while (done == null) {
        JsonObject data = client.message("wallet." + W1).getJsonObject("data");
        if (!"transition".equals(data.getString("type"))) {
          continue;
        }
        String hash = data.getString("hash");
        steps.computeIfAbsent(hash, ignored -> new java.util.ArrayList<>())
            .add(data.getString("fromState") + ">" + data.getString("toState") + "@"
                + data.getInteger("confirmations"));
        if ("confirmed".equals(data.getString("toState"))
            && steps.get(hash).get(0).startsWith("null>pending")) {
          done = hash;
        }
      }
      assertThat(steps.get(done)).containsExactly("null>pending@0", "pending>included@1",
          "included>confirmed@2");
      JsonObject status = client.call("tx.get", new JsonObject().put("hash", done));
      assertThat(status.getString("state")).isEqualTo("confirmed");
      assertThat(status.getBoolean("watched")).isTrue();
    }
  }

  @Test
  @DisplayName("shows failed, dropped and replaced transactions and reorgs that happen on purpose")
  void incidents() {
    try (TxFixture node = TxFixture.start(config(1), List.of(W1, W2, W3))) {
      TestSocket client = node.connect("?token=" + node.devToken("demo", W1, W2, W3));
      client.subscribeAll("blocks", "wallet." + W1, "wallet." + W2, "wallet." + W3);
      JsonObject reorg = TxFixture.blocks(client, "reorg");
      assertThat(reorg.getInteger("depth")).isBetween(1, 2);
      assertThat(reorg.getJsonArray("oldHashes")).hasSize(reorg.getInteger("depth"));
      assertThat(reorg.getJsonArray("newHashes")).hasSize(reorg.getInteger("depth"));

      // Every transfer is between these three wallets: each incident shows on their channels.
      Set<String> seen = new HashSet<>();
      int wallet = 0;
      while (!seen.containsAll(Set.of("failed", "dropped", "replaced"))) {
        note(seen, client.message("wallet." + List.of(W1, W2, W3).get(wallet++ % 3))
            .getJsonObject("data"));
      }
    }
  }

  private static void note(Set<String> seen, JsonObject data) {
    if ("transition".equals(data.getString("type"))) {
      seen.add(data.getString("toState"));
      if ("replaced".equals(data.getString("toState"))) {
        assertThat(data.getString("replacedBy")).startsWith("0x").hasSize(66);
      }
    }
  }

  @Test
  @DisplayName("keeps explicitly watched wallets across a restart")
  void durableWatchList() {
    try (TxFixture node = TxFixture.start(config(0), List.of(W1, W2, W3))) {
      TestSocket client = node.connect("?token=" + node.devToken("alice", W1));
      JsonObject watched = client.call("wallets.watch", new JsonObject().put("address",
          W1.toUpperCase().replace("0X", "0x")));
      assertThat(watched.getString("address")).isEqualTo(W1);
      assertThat(watched.getBoolean("added")).isTrue();
    }
    try (TxFixture node = TxFixture.start(config(0), List.of(W1, W2, W3))) {
      JsonObject detail = node.health().getJsonObject("details").getJsonObject("transactions");
      assertThat(detail.getInteger("watchedWallets")).isEqualTo(1);
      assertThat(detail.getString("source")).isEqualTo("simulated");
      TestSocket client = node.connect("?token=" + node.devToken("alice", W1));
      assertThat(client.call("wallets.unwatch", new JsonObject().put("address", W1))
          .getBoolean("removed")).isTrue();
    }
  }

  @Test
  @DisplayName("refuses malformed input, anonymous watchers and other people's wallets")
  void badInput() {
    try (TxFixture node = TxFixture.start(config(0), List.of(W1, W2, W3))) {
      TestSocket anonymous = node.connect("");
      TestSocket alice = node.connect("?token=" + node.devToken("alice", W1));
      assertThat(alice.refused("tx.get", new JsonObject().put("hash", "0x12")))
          .isEqualTo("bad_request");
      assertThat(alice.refused("tx.watch", new JsonObject())).isEqualTo("bad_request");
      assertThat(alice.refused("tx.watch", new JsonObject().put("hash", 42)))
          .isEqualTo("bad_request");
      assertThat(alice.refused("wallets.watch", new JsonObject().put("address", "0xnothex")))
          .isEqualTo("bad_request");
      assertThat(alice.refused("wallets.balance", new JsonObject().put("address", W1 + "00")))
          .isEqualTo("bad_request");
      assertThat(alice.refused("wallets.watch", new JsonObject().put("address", STRANGER)))
          .isEqualTo("forbidden");
      assertThat(alice.refused("wallets.balance", new JsonObject().put("address", W2)))
          .isEqualTo("forbidden");
      assertThat(anonymous.refused("wallets.watch", new JsonObject().put("address", W1)))
          .isEqualTo("unauthorized");
      assertThat(anonymous.refused("tx.watch", new JsonObject().put("hash", "0x" + "a".repeat(64))))
          .isEqualTo("unauthorized");
      assertThat(anonymous.refused("tx.get", new JsonObject().put("hash", "0x" + "a".repeat(64))))
          .isEqualTo("not_found");
      // Nothing was lost by all that: the own wallet still answers.
      assertThat(alice.call("wallets.balance", new JsonObject().put("address", W1))
          .getString("address")).isEqualTo(W1);
    }
  }

  @Test
  @DisplayName("with the dev profile's tokens: a demo wallet's token transfers go to confirmed and its balance message carries the tokens, valued")
  void tokens() {
    String wbtc = "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599";
    JsonObject config = config(0).put("tokens", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("address", wbtc).put("symbol", "WBTC").put("decimals", 8)
            .put("priceSymbol", "BTC-USD")));
    try (TxFixture node = TxFixture.start(config, List.of(W1, W2, W3))) {
      TokenEndToEndTest.price(node, "BTC-USD", 65_000);
      TokenEndToEndTest.price(node, "ETH-USD", 3_000);
      TestSocket client = node.connect("?token=" + node.devToken("demo", W1, W2, W3));
      client.subscribeAll("blocks");
      TxFixture.blocks(client, "block");
      client.subscribeAll("wallet." + W1);
      JsonObject snapshot = client.message("wallet." + W1).getJsonObject("data");
      assertThat(snapshot.getBoolean("snapshot")).isTrue();
      JsonObject held = snapshot.getJsonArray("tokens").getJsonObject(0);
      assertThat(held.getString("symbol")).isEqualTo("WBTC");
      BigInteger units = new BigInteger(held.getString("balance"));
      assertThat(units).isPositive();
      double value = new java.math.BigDecimal(units, 8).multiply(java.math.BigDecimal
          .valueOf(65_000)).setScale(2, java.math.RoundingMode.HALF_EVEN).doubleValue();
      assertThat(held.getDouble("valueUsd")).isEqualTo(value);
      assertThat(held.getJsonObject("price").getString("symbol")).isEqualTo("BTC-USD");
      assertThat(snapshot.getDouble("totalUsd")).isCloseTo(value + snapshot.getDouble("valueUsd"),
          org.assertj.core.data.Offset.offset(0.005));

      Map<String, List<String>> steps = new HashMap<>();
      String done = null;
      while (done == null) {
        JsonObject data = client.message("wallet." + W1).getJsonObject("data");
        if (!"token_transfer".equals(data.getString("type"))) {
          continue;
        }
        assertThat(data.getString("token")).isEqualTo(wbtc);
        assertThat(List.of(data.getString("from"), data.getString("to"))).contains(W1);
        String hash = data.getString("hash");
        steps.computeIfAbsent(hash, ignored -> new java.util.ArrayList<>())
            .add(data.getString("status") + "@" + data.getInteger("confirmations"));
        if ("confirmed".equals(data.getString("status"))) {
          done = hash;
        }
      }
      assertThat(steps.get(done)).containsExactly("included@1", "confirmed@2");
    }
  }
}
