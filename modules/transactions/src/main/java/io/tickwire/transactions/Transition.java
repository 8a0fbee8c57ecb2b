package io.tickwire.transactions;

import io.vertx.core.json.JsonObject;

/**
 * One change of a transaction's state, published once to {@code tx.<hash>}, to the wallet
 * channels of its sender and receiver and to {@code tickwire.tx.events}.
 *
 * @param hash the transaction
 * @param from its sender, {@code null} while unknown
 * @param to its receiver, {@code null} for a contract creation or while unknown
 * @param fromState the state before, {@code null} for the first message about it
 * @param toState the state after
 * @param blockNumber the including block, {@code null} when in none
 * @param blockHash that block's hash
 * @param confirmations blocks from the including one to the head, both counted; 0 when in none
 * @param replacedBy the transaction that replaced it ({@link TxState#REPLACED}), else {@code null}
 * @param step how many transitions of this transaction came before this one (not published)
 */
public record Transition(String hash, String from, String to, TxState fromState,
    TxState toState, Long blockNumber, String blockHash, int confirmations, String replacedBy,
    int step) {

  /** The channel message (and, with {@code ts}, the event) of this transition. */
  public JsonObject toJson() {
    return new JsonObject().put("type", "transition").put("hash", hash).put("from", from)
        .put("to", to).put("fromState", fromState == null ? null : fromState.wire())
        .put("toState", toState.wire()).put("blockNumber", blockNumber)
        .put("blockHash", blockHash).put("confirmations", confirmations)
        .put("replacedBy", replacedBy);
  }

  /**
   * Names this transition on one kind of channel ({@code tx}, {@code from}, {@code to}), so a
   * publication repeated after a restart of the monitor is published once.
   */
  String idempotencyKey(String kind) {
    return "tx:" + kind + ":" + hash + ":" + step;
  }
}
