package io.tickwire.transactions;

import static io.tickwire.transactions.TxState.CONFIRMED;
import static io.tickwire.transactions.TxState.CONFIRMING;
import static io.tickwire.transactions.TxState.DROPPED;
import static io.tickwire.transactions.TxState.FAILED;
import static io.tickwire.transactions.TxState.INCLUDED;
import static io.tickwire.transactions.TxState.PENDING;
import static io.tickwire.transactions.TxState.REPLACED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The transaction lifecycle")
class TxTrackerTest {

  static final String ALICE = "0x" + "a".repeat(40);
  static final String BOB = "0x" + "b".repeat(40);
  static final String CAROL = "0x" + "c".repeat(40);
  static final Predicate<String> NONE = address -> false;

  final TxTracker tracker = new TxTracker(3, 10_000);
  long now = 1_000;

  static String hash(int n) {
    return String.format("0x%064x", n);
  }

  static ChainBlock block(long number, String hash, String parent, ChainTx... txs) {
    List<ChainTx> located = new ArrayList<>();
    for (ChainTx tx : txs) {
      located.add(new ChainTx(tx.hash(), tx.from(), tx.to(), tx.nonce(), number, hash));
    }
    return new ChainBlock(number, hash, parent, number * 12, located);
  }

  List<Transition> apply(ChainBlock block) {
    return tracker.applyBlock(block, Map.of(), NONE, now);
  }

  @Test
  @DisplayName("goes pending → included → confirming → confirmed, one transition per block")
  void confirms() {
    ChainTx tx = ChainTx.pending(hash(1), ALICE, BOB, 0);
    List<Transition> all = new ArrayList<>(tracker.watch(tx.hash(), tx, null, 100, now));
    all.addAll(apply(block(101, hash(101), hash(100), tx)));
    all.addAll(apply(block(102, hash(102), hash(101))));
    all.addAll(apply(block(103, hash(103), hash(102))));
    all.addAll(apply(block(104, hash(104), hash(103))));
    assertThat(all).extracting(Transition::fromState, Transition::toState,
            Transition::confirmations, Transition::blockNumber)
        .containsExactly(tuple(null, PENDING, 0, null), tuple(PENDING, INCLUDED, 1, 101L),
            tuple(INCLUDED, CONFIRMING, 2, 101L), tuple(CONFIRMING, CONFIRMED, 3, 101L));
    assertThat(all).extracting(Transition::step).containsExactly(0, 1, 2, 3);
    assertThat(all.get(1).blockHash()).isEqualTo(hash(101));
    assertThat(all.get(1).from()).isEqualTo(ALICE);
    assertThat(all.get(1).to()).isEqualTo(BOB);
  }

  @Test
  @DisplayName("fails a transaction whose receipt says 0x0, and counts no confirmations for it")
  void fails() {
    ChainTx tx = ChainTx.pending(hash(1), ALICE, BOB, 0);
    tracker.watch(tx.hash(), tx, null, 100, now);
    List<Transition> included = tracker.applyBlock(block(101, hash(101), hash(100), tx),
        Map.of(tx.hash(), new Receipt(tx.hash(), 101, hash(101), false)), NONE, now);
    assertThat(included).extracting(Transition::toState).containsExactly(FAILED);
    assertThat(apply(block(102, hash(102), hash(101)))).isEmpty();
  }

  @Test
  @DisplayName("replaces a pending transaction whose sender and nonce another one uses")
  void replaces() {
    ChainTx original = ChainTx.pending(hash(1), ALICE, BOB, 7);
    ChainTx speedUp = ChainTx.pending(hash(2), ALICE, BOB, 7);
    tracker.watch(original.hash(), original, null, 100, now);
    List<Transition> out = apply(block(101, hash(101), hash(100), speedUp));
    assertThat(out).extracting(Transition::hash, Transition::fromState, Transition::toState,
            Transition::replacedBy)
        .containsExactly(tuple(hash(1), PENDING, REPLACED, hash(2)),
            tuple(hash(2), null, INCLUDED, null));
  }

  @Test
  @DisplayName("replaces as soon as the replacement shows in the pool")
  void replacesFromThePool() {
    ChainTx original = ChainTx.pending(hash(1), ALICE, BOB, 7);
    tracker.watch(original.hash(), original, null, 100, now);
    List<Transition> out = tracker.pendingSeen(ChainTx.pending(hash(2), ALICE, ALICE, 7), false,
        now);
    assertThat(out).extracting(Transition::hash, Transition::toState, Transition::replacedBy)
        .containsExactly(tuple(hash(1), REPLACED, hash(2)), tuple(hash(2), PENDING, null));
  }

  @Test
  @DisplayName("drops a transaction missing from the pool for dropAfterMs")
  void dropsAfterTime() {
    ChainTx tx = ChainTx.pending(hash(1), ALICE, BOB, 0);
    tracker.watch(tx.hash(), tx, null, 100, now);
    assertThat(tracker.presence(tx.hash(), tx, now)).isEmpty();
    assertThat(tracker.presence(tx.hash(), null, now)).isEmpty();
    assertThat(tracker.presence(tx.hash(), null, now + 9_999)).isEmpty();
    assertThat(tracker.presence(tx.hash(), null, now + 10_000)).get()
        .extracting(Transition::toState).isEqualTo(DROPPED);
    assertThat(tracker.pendingHashes()).isEmpty();
  }

  @Test
  @DisplayName("drops, rather than replaces, a transaction gone from the pool before its nonce was used")
  void dropsWhenNonceUsedLater() {
    ChainTx tx = ChainTx.pending(hash(1), ALICE, BOB, 4);
    tracker.watch(tx.hash(), tx, null, 100, now);
    tracker.presence(tx.hash(), null, now);
    List<Transition> out = apply(block(101, hash(101), hash(100),
        ChainTx.pending(hash(2), ALICE, CAROL, 4)));
    assertThat(out).extracting(Transition::hash, Transition::toState, Transition::replacedBy)
        .containsExactly(tuple(hash(1), DROPPED, null), tuple(hash(2), INCLUDED, null));
  }

  @Test
  @DisplayName("starts watching every transaction of a watched wallet, in the pool or in a block")
  void followsWallets() {
    Predicate<String> bob = BOB::equals;
    assertThat(tracker.pendingSeen(ChainTx.pending(hash(1), ALICE, BOB, 0), true, now))
        .extracting(Transition::toState).containsExactly(PENDING);
    assertThat(tracker.pendingSeen(ChainTx.pending(hash(3), ALICE, CAROL, 1), false, now))
        .isEmpty();
    ChainBlock block = block(101, hash(101), hash(100), ChainTx.pending(hash(1), ALICE, BOB, 0),
        ChainTx.pending(hash(2), BOB, CAROL, 0), ChainTx.pending(hash(3), ALICE, CAROL, 1));
    assertThat(tracker.receiptsNeeded(block, bob)).containsExactly(hash(1), hash(2));
    assertThat(tracker.applyBlock(block, Map.of(), bob, now))
        .extracting(Transition::hash, Transition::fromState, Transition::toState)
        .containsExactly(tuple(hash(1), PENDING, INCLUDED), tuple(hash(2), null, INCLUDED));
    assertThat(tracker.get(hash(3))).isNull();
  }

  @Test
  @DisplayName("moves a transaction of a reorganised block into its new block")
  void reorgIntoNewBlock() {
    ChainTx tx = ChainTx.pending(hash(1), ALICE, BOB, 0);
    tracker.watch(tx.hash(), tx, null, 100, now);
    apply(block(101, hash(101), hash(100), tx));
    apply(block(102, hash(102), hash(101)));
    tracker.orphan(Set.of(hash(101), hash(102)));
    List<Transition> out = new ArrayList<>(apply(block(101, hash(201), hash(100))));
    out.addAll(apply(block(102, hash(202), hash(201), tx)));
    out.addAll(tracker.settleOrphans(now));
    assertThat(out).extracting(Transition::fromState, Transition::toState,
            Transition::blockNumber, Transition::blockHash, Transition::confirmations)
        .containsExactly(tuple(CONFIRMING, INCLUDED, 102L, hash(202), 1));
  }

  @Test
  @DisplayName("moves a transaction back to pending when no new block has it")
  void reorgBackToPending() {
    ChainTx tx = ChainTx.pending(hash(1), ALICE, BOB, 0);
    tracker.watch(tx.hash(), tx, null, 100, now);
    apply(block(101, hash(101), hash(100), tx));
    tracker.orphan(Set.of(hash(101)));
    assertThat(apply(block(101, hash(201), hash(100)))).isEmpty();
    assertThat(tracker.settleOrphans(now)).extracting(Transition::fromState,
            Transition::toState, Transition::blockNumber)
        .containsExactly(tuple(INCLUDED, PENDING, null));
    assertThat(tracker.pendingHashes()).containsExactly(hash(1));
  }

  @Test
  @DisplayName("watches a transaction already in a block at its current confirmations")
  void watchesMinedTransaction() {
    ChainTx mined = new ChainTx(hash(1), ALICE, BOB, 0, 99L, hash(99));
    assertThat(tracker.watch(mined.hash(), mined, new Receipt(hash(1), 99, hash(99), true), 100,
        now)).extracting(Transition::fromState, Transition::toState, Transition::confirmations)
        .containsExactly(tuple(null, CONFIRMING, 2));
    assertThat(tracker.watch(mined.hash(), mined, null, 100, now)).isEmpty();
  }

  @Test
  @DisplayName("watches an unknown hash as pending and drops it if it never shows up")
  void watchesUnknown() {
    assertThat(tracker.watch(hash(9), null, null, 100, now)).extracting(Transition::toState)
        .containsExactly(PENDING);
    assertThat(tracker.presence(hash(9), null, now + 10_000)).get()
        .extracting(Transition::toState).isEqualTo(DROPPED);
  }

  @Test
  @DisplayName("forgets settled transactions after the retention time and survives a round trip")
  void expiresAndStores() {
    ChainTx tx = ChainTx.pending(hash(1), ALICE, BOB, 0);
    tracker.watch(tx.hash(), tx, null, 100, now);
    tracker.watch(hash(2), null, null, 100, now);
    tracker.presence(hash(2), null, now + 20_000);
    TxTracker copy = new TxTracker(3, 10_000);
    copy.load(tracker.toJson());
    assertThat(copy.get(hash(1)).status()).isEqualTo(tracker.get(hash(1)).status());
    assertThat(copy.get(hash(1)).steps).isEqualTo(1);
    assertThat(copy.expire(now + 20_000 + 999, 1_000)).isZero();
    assertThat(copy.expire(now + 20_000 + 1_000, 1_000)).isEqualTo(1);
    assertThat(copy.get(hash(2))).isNull();
    assertThat(copy.get(hash(1))).isNotNull();
  }

  @Test
  @DisplayName("counts each user's watches, keeps them through a round trip, and forgets them with their transactions")
  void watchesPerUser() {
    tracker.watch(hash(1), null, null, 100, now);
    tracker.watch(hash(2), null, null, 100, now);
    tracker.addWatcher(hash(1), "alice");
    tracker.addWatcher(hash(1), "alice");
    tracker.addWatcher(hash(2), "alice");
    tracker.addWatcher(hash(2), "bob");
    tracker.addWatcher(hash(3), "bob");
    assertThat(tracker.watchesOf("alice")).isEqualTo(2);
    assertThat(tracker.watchesOf("bob")).isEqualTo(1);
    assertThat(tracker.watchedBy(hash(2), "bob")).isTrue();
    assertThat(tracker.watchedBy(hash(1), "bob")).isFalse();
    assertThat(tracker.get(hash(1)).status().containsKey("watchers")).isFalse();

    TxTracker copy = new TxTracker(3, 10_000);
    copy.load(tracker.toJson());
    assertThat(copy.watchesOf("alice")).isEqualTo(2);
    assertThat(copy.watchesOf("bob")).isEqualTo(1);
    // Dropped after dropAfterMs, then forgotten after retainMs: so are the watches.
    copy.presence(hash(2), null, now + 20_000);
    assertThat(copy.expire(now + 21_000, 1_000)).isEqualTo(1);
    assertThat(copy.watchesOf("alice")).isEqualTo(1);
    assertThat(copy.watchesOf("bob")).isZero();
  }
}
