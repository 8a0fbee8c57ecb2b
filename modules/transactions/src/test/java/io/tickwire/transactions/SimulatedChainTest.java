package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The simulated chain")
class SimulatedChainTest {

  static final List<String> WALLETS = SimulatedChain.addresses(7, 5);

  @Test
  @DisplayName("is the same chain for the same seed")
  void deterministic() {
    SimulatedChain one = new SimulatedChain(42, WALLETS, 3, 4, 1_000);
    SimulatedChain two = new SimulatedChain(42, WALLETS, 3, 4, 1_000);
    for (int i = 0; i < 30; i++) {
      assertThat(one.step(1_000 + i)).isEqualTo(two.step(1_000 + i));
    }
    assertThat(one.block(one.head())).isEqualTo(two.block(two.head()));
  }

  @Test
  @DisplayName("links each block to its parent and moves funds between its wallets, fees included")
  void consistent() {
    SimulatedChain chain = new SimulatedChain(1, WALLETS, 3, 0, 1_000);
    for (int i = 0; i < 20; i++) {
      chain.step(1_000 + i);
    }
    BigInteger total = BigInteger.ZERO;
    int transactions = 0;
    for (long n = 1; n <= chain.head(); n++) {
      ChainBlock block = chain.block(n);
      assertThat(block.parentHash()).isEqualTo(chain.block(n - 1).hash());
      transactions += block.transactions().size();
      for (ChainTx tx : block.transactions()) {
        assertThat(chain.transaction(tx.hash()).blockNumber()).isEqualTo(n);
        assertThat(chain.receipt(tx.hash()).success()).isTrue();
      }
    }
    for (String wallet : WALLETS) {
      total = total.add(chain.balance(wallet, chain.head()));
    }
    BigInteger fees = SimulatedChain.FEE.multiply(BigInteger.valueOf(transactions));
    assertThat(total.add(fees))
        .isEqualTo(SimulatedChain.START_BALANCE.multiply(BigInteger.valueOf(WALLETS.size())));
    assertThat(transactions).isPositive();
  }

  @Test
  @DisplayName("fails, drops and replaces transactions and reorganises blocks, in turn")
  void incidents() {
    SimulatedChain chain = new SimulatedChain(3, WALLETS, 3, 1, 1_000);
    Map<Long, String> seen = new HashMap<>();
    Set<String> pendingSeen = new HashSet<>();
    Map<String, ChainTx> byNonce = new HashMap<>();
    boolean failed = false;
    boolean dropped = false;
    boolean replaced = false;
    boolean reorg = false;
    for (int i = 0; i < 40; i++) {
      SimulatedChain.Step step = chain.step(1_000 + i);
      for (ChainTx tx : step.pending()) {
        pendingSeen.add(tx.hash());
        ChainTx earlier = byNonce.put(tx.from() + ":" + tx.nonce(), tx);
        if (earlier != null && !earlier.hash().equals(tx.hash())) {
          // The same sender and nonce again: the earlier one was replaced or dropped.
          if (chain.transaction(earlier.hash()) == null) {
            replaced |= earlier.to().equals(tx.to()) || tx.to().equals(tx.from());
            dropped = true;
          }
        }
      }
      for (long n = Math.max(1, step.head() - 3); n <= step.head(); n++) {
        ChainBlock block = chain.block(n);
        String before = seen.put(n, block.hash());
        reorg |= before != null && !before.equals(block.hash());
        for (ChainTx tx : block.transactions()) {
          failed |= !chain.receipt(tx.hash()).success();
        }
      }
    }
    assertThat(failed).as("a failed transaction").isTrue();
    assertThat(dropped).as("a nonce used twice").isTrue();
    assertThat(replaced).as("a replacement").isTrue();
    assertThat(reorg).as("a reorg").isTrue();
  }

  @Test
  @DisplayName("with tokens: moves them between its wallets with Transfer logs that add up to the balances")
  void tokens() {
    List<TokenConfig> tokens = List.of(new TokenConfig("0x" + "1".repeat(40), "WBTC", 8, "BTC-USD"),
        new TokenConfig("0x" + "2".repeat(40), "LINK", 18, null));
    SimulatedChain chain = new SimulatedChain(5, WALLETS, 3, 0, 1_000, tokens);
    for (int i = 0; i < 40; i++) {
      chain.step(1_000 + i);
    }
    Map<String, BigInteger> moved = new HashMap<>();
    int logs = 0;
    Set<String> tokenAddresses = Set.of(tokens.get(0).address(), tokens.get(1).address());
    for (long n = 1; n <= chain.head(); n++) {
      ChainBlock block = chain.block(n);
      for (TokenLog log : chain.transferLogs(block.hash(), tokenAddresses, WALLETS)) {
        logs++;
        assertThat(log.blockNumber()).isEqualTo(n);
        assertThat(block.transactions().get((int) log.logIndex()).hash()).isEqualTo(log.hash());
        assertThat(block.transactions().get((int) log.logIndex()).to()).isEqualTo(log.token());
        moved.merge(log.token() + ":" + log.from(), log.value().negate(), BigInteger::add);
        moved.merge(log.token() + ":" + log.to(), log.value(), BigInteger::add);
      }
      // Only the wallets asked about, only the tokens asked about.
      assertThat(chain.transferLogs(block.hash(), Set.of(), WALLETS)).isEmpty();
      assertThat(chain.transferLogs(block.hash(), tokenAddresses, List.of())).isEmpty();
    }
    assertThat(logs).isPositive();
    for (TokenConfig token : tokens) {
      BigInteger start = BigInteger.valueOf(1_000).multiply(BigInteger.TEN.pow(token.decimals()));
      for (String wallet : WALLETS) {
        assertThat(chain.tokenBalance(token.address(), wallet, chain.head())).isEqualTo(
            start.add(moved.getOrDefault(token.address() + ":" + wallet, BigInteger.ZERO)));
      }
    }
    assertThat(chain.tokenBalance("0x" + "3".repeat(40), WALLETS.get(0), chain.head())).isZero();
  }
}
