package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The token transfer lifecycle")
class TokenTransfersTest {

  static final String TOKEN = "0x" + "1".repeat(40);
  static final String ALICE = "0x" + "a".repeat(40);
  static final String BOB = "0x" + "b".repeat(40);

  static String hash(int n) {
    return String.format("0x%064x", n);
  }

  static TokenLog log(int tx, long index, long number, String block, long value) {
    return new TokenLog(TOKEN, ALICE, BOB, BigInteger.valueOf(value), hash(tx), index, number,
        block);
  }

  static List<String> steps(List<TokenTransfers.Change> changes) {
    return changes.stream().map(change -> change.log().hash().substring(65) + ":"
        + change.status().wire() + "@" + change.confirmations()).toList();
  }

  @Test
  @DisplayName("included, confirming, confirmed with each block, then forgotten past the blocks remembered")
  void confirms() {
    TokenTransfers transfers = new TokenTransfers(3, 1_000, 10);
    assertThat(steps(transfers.applyBlock(10, "b10", List.of(log(1, 0, 10, "b10", 5)), 0, 0)))
        .containsExactly("1:included@1");
    assertThat(steps(transfers.applyBlock(11, "b11", List.of(), 0, 0)))
        .containsExactly("1:confirming@2");
    // The same block again (a repeated sync) changes nothing.
    assertThat(transfers.applyBlock(10, "b10", List.of(log(1, 0, 10, "b10", 5)), 0, 0)).isEmpty();
    assertThat(steps(transfers.applyBlock(12, "b12", List.of(), 0, 0)))
        .containsExactly("1:confirmed@3");
    assertThat(transfers.applyBlock(13, "b13", List.of(), 0, 0)).isEmpty();
    assertThat(transfers.size()).isEqualTo(1);
    transfers.applyBlock(14, "b14", List.of(), 11, 0);
    assertThat(transfers.size()).isZero();
  }

  @Test
  @DisplayName("two equal transfers in one transaction are two; one confirmation needed is confirmed at once")
  void equalTransfers() {
    TokenTransfers transfers = new TokenTransfers(1, 1_000, 10);
    assertThat(steps(transfers.applyBlock(5, "b5", List.of(log(1, 0, 5, "b5", 7),
        log(1, 1, 5, "b5", 7)), 0, 0))).containsExactly("1:confirmed@1", "1:confirmed@1");
    assertThat(transfers.size()).isEqualTo(2);
  }

  @Test
  @DisplayName("a reorg: the same transfer in a new block at another log index is included there; one left out is pending, then dropped")
  void reorg() {
    TokenTransfers transfers = new TokenTransfers(3, 1_000, 10);
    transfers.applyBlock(10, "b10", List.of(log(1, 0, 10, "b10", 5), log(2, 1, 10, "b10", 6)), 0,
        0);
    transfers.orphan(Set.of("b10"));
    List<TokenTransfers.Change> moved = transfers.applyBlock(10, "c10",
        List.of(log(1, 4, 10, "c10", 5)), 0, 100);
    assertThat(steps(moved)).containsExactly("1:included@1");
    assertThat(moved.get(0).blockHash()).isEqualTo("c10");
    assertThat(moved.get(0).log().logIndex()).isEqualTo(4);
    List<TokenTransfers.Change> back = transfers.settleOrphans(100);
    assertThat(steps(back)).containsExactly("2:pending@0");
    assertThat(back.get(0).blockNumber()).isNull();
    assertThat(steps(transfers.applyBlock(11, "c11", List.of(), 0, 500)))
        .containsExactly("1:confirming@2");
    assertThat(steps(transfers.applyBlock(12, "c12", List.of(), 0, 1_100)))
        .containsExactly("1:confirmed@3", "2:dropped@0");
    // The idempotency keys of one transfer differ by step and side, and fit the channel log.
    assertThat(back.get(0).idempotencyKey("to")).hasSizeLessThanOrEqualTo(128)
        .isNotEqualTo(moved.get(0).idempotencyKey("to"));
  }

  @Test
  @DisplayName("a pending transfer mined again later is included in its new block")
  void minedLater() {
    TokenTransfers transfers = new TokenTransfers(2, 10_000, 10);
    transfers.applyBlock(10, "b10", List.of(log(1, 0, 10, "b10", 5)), 0, 0);
    transfers.orphan(Set.of("b10"));
    transfers.applyBlock(10, "c10", List.of(), 0, 0);
    assertThat(steps(transfers.settleOrphans(0))).containsExactly("1:pending@0");
    assertThat(steps(transfers.applyBlock(11, "c11", List.of(log(1, 2, 11, "c11", 5)), 0, 10)))
        .containsExactly("1:included@1");
  }

  @Test
  @DisplayName("follows at most max transfers; the rest are counted, not followed")
  void bounded() {
    TokenTransfers transfers = new TokenTransfers(3, 1_000, 2);
    assertThat(transfers.applyBlock(1, "b1", List.of(log(1, 0, 1, "b1", 1), log(2, 1, 1, "b1", 1),
        log(3, 2, 1, "b1", 1)), 0, 0)).hasSize(2);
    assertThat(transfers.size()).isEqualTo(2);
    assertThat(transfers.refused()).isEqualTo(1);
  }
}
