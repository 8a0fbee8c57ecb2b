package io.tickwire.transactions;

import java.util.Locale;

/** Where a watched transaction stands. The wire form is the lower-case name. */
public enum TxState {
  /** Known (or watched) but in no block. */
  PENDING,
  /** In a block: one confirmation. */
  INCLUDED,
  /** In a block with more than one but fewer than the required confirmations. */
  CONFIRMING,
  /** The required confirmations reached. Final. */
  CONFIRMED,
  /** In a block, reverted (receipt status {@code 0x0}). */
  FAILED,
  /** Gone from the pool and its nonce used by another transaction, or unseen too long. Final. */
  DROPPED,
  /** Another transaction of the same sender and nonce took its place. Final. */
  REPLACED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  public String wire() {
    return wire;
  }

  /** Whether the transaction sits in a block in this state. */
  public boolean inBlock() {
    return this == INCLUDED || this == CONFIRMING || this == CONFIRMED || this == FAILED;
  }

  /** Whether nothing but a reorg can change it any more. */
  public boolean settled() {
    return this == CONFIRMED || this == FAILED || this == DROPPED || this == REPLACED;
  }

  /** The state for its wire form, or {@code null}. */
  public static TxState fromWire(String wire) {
    for (TxState state : values()) {
      if (state.wire.equals(wire)) {
        return state;
      }
    }
    return null;
  }
}
