package io.tickwire.transactions;

import static io.tickwire.transactions.TxState.CONFIRMED;
import static io.tickwire.transactions.TxState.CONFIRMING;
import static io.tickwire.transactions.TxState.DROPPED;
import static io.tickwire.transactions.TxState.INCLUDED;
import static io.tickwire.transactions.TxState.PENDING;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of the watched wallets' token transfers, moved by the blocks as
 * {@link TxTracker} moves transactions, with the same status names and confirmations: a
 * {@code Transfer} log in a new block is {@code included} (1), each later block adds a
 * confirmation ({@code confirming}) up to {@code confirmed}. A reorg that takes its block away
 * puts it back to {@code pending} (0) unless a new block has it again; one that stays out of
 * the chain for {@code dropAfterMs} is {@code dropped}. A transfer is known by its transaction,
 * token, sender, receiver and amount (and its rank among equal ones), so the same transfer in a
 * reorg's new block is the same transfer, at another log index. At most {@code max} are
 * followed at once; a confirmed one is forgotten once its block is older than the blocks the
 * monitor remembers. Pure (time passed in); not thread-safe.
 */
final class TokenTransfers {

  /** One status of a transfer, as published; {@code step} numbers its statuses from 0. */
  record Change(TokenLog log, TxState status, Long blockNumber, String blockHash,
      int confirmations, String key, int step) {

    /**
     * Names this status on one wallet's channel, so a repeated publication is published once:
     * the transaction and a digest of the rest of the key (the channel log takes 128 characters).
     */
    String idempotencyKey(String side) {
      return "tt:" + side + ":" + log.hash() + ":" + Integer.toHexString(key.hashCode()) + ":"
          + step;
    }
  }

  private static final class Tracked {
    final String key;
    TokenLog log;
    TxState state;
    Long blockNumber;
    String blockHash;
    int confirmations;
    boolean orphaned;
    long missingSince = -1;
    int steps;

    Tracked(String key, TokenLog log) {
      this.key = key;
      this.log = log;
    }
  }

  private final int required;
  private final long dropAfterMs;
  private final int max;
  private final Map<String, Tracked> transfers = new LinkedHashMap<>();
  private long refused;

  TokenTransfers(int required, long dropAfterMs, int max) {
    this.required = Math.max(1, required);
    this.dropAfterMs = dropAfterMs;
    this.max = max;
  }

  int size() {
    return transfers.size();
  }

  /** Transfers not followed because {@code max} were followed already. */
  long refused() {
    return refused;
  }

  /**
   * The next canonical block {@code number} with the {@code logs} of watched wallets it holds:
   * includes them, counts one more confirmation for every transfer in an earlier block, drops
   * those out of the chain too long, and forgets confirmed ones in blocks before
   * {@code oldestRemembered}.
   */
  List<Change> applyBlock(long number, String blockHash, List<TokenLog> logs,
      long oldestRemembered, long now) {
    List<Change> out = new ArrayList<>();
    Map<String, Integer> ranks = new HashMap<>();
    for (TokenLog log : logs) {
      String base = log.hash() + ":" + log.token() + ":" + log.from() + ":" + log.to() + ":"
          + log.value();
      String key = base + ":" + ranks.merge(base, 1, Integer::sum);
      Tracked tracked = transfers.get(key);
      if (tracked == null) {
        if (transfers.size() >= max) {
          refused++;
          continue;
        }
        tracked = new Tracked(key, log);
        transfers.put(key, tracked);
      } else if (!tracked.orphaned && blockHash.equals(tracked.blockHash)) {
        continue;
      }
      tracked.log = log;
      tracked.orphaned = false;
      tracked.missingSince = -1;
      out.add(move(tracked, required <= 1 ? CONFIRMED : INCLUDED, number, blockHash, 1));
    }
    for (Iterator<Tracked> it = transfers.values().iterator(); it.hasNext(); ) {
      Tracked tracked = it.next();
      if (tracked.orphaned) {
        continue;
      }
      if (tracked.state == PENDING) {
        if (now - tracked.missingSince >= dropAfterMs) {
          out.add(move(tracked, DROPPED, null, null, 0));
          it.remove();
        }
        continue;
      }
      if (tracked.state == CONFIRMED) {
        if (tracked.blockNumber < oldestRemembered) {
          it.remove();
        }
        continue;
      }
      if (blockHash.equals(tracked.blockHash)) {
        continue;
      }
      int confirmations = (int) (number - tracked.blockNumber + 1);
      if (confirmations > tracked.confirmations) {
        out.add(move(tracked, confirmations >= required ? CONFIRMED : CONFIRMING,
            tracked.blockNumber, tracked.blockHash, confirmations));
      }
    }
    return out;
  }

  /** Blocks left the chain: their transfers wait for the new blocks, then {@link #settleOrphans}. */
  void orphan(Set<String> blockHashes) {
    for (Tracked tracked : transfers.values()) {
      if (tracked.blockHash != null && blockHashes.contains(tracked.blockHash)) {
        tracked.orphaned = true;
      }
    }
  }

  /** After a reorg's new blocks: the transfers no new block has are pending again. */
  List<Change> settleOrphans(long now) {
    List<Change> out = new ArrayList<>();
    for (Tracked tracked : transfers.values()) {
      if (tracked.orphaned) {
        tracked.orphaned = false;
        tracked.missingSince = now;
        out.add(move(tracked, PENDING, null, null, 0));
      }
    }
    return out;
  }

  /** Forgets everything: it was of another chain. */
  void clear() {
    transfers.clear();
  }

  private static Change move(Tracked tracked, TxState to, Long number, String blockHash,
      int confirmations) {
    tracked.state = to;
    tracked.blockNumber = number;
    tracked.blockHash = blockHash;
    tracked.confirmations = confirmations;
    return new Change(tracked.log, to, number, blockHash, confirmations, tracked.key,
        tracked.steps++);
  }
}
