package io.tickwire.transactions;

/**
 * What a transaction's receipt tells the monitor.
 *
 * @param hash the transaction hash
 * @param blockNumber the including block
 * @param blockHash the including block's hash
 * @param success whether it succeeded (status {@code 0x1}); a revert is {@code 0x0}
 */
public record Receipt(String hash, long blockNumber, String blockHash, boolean success) {

  public Receipt {
    hash = Hex.lower(hash);
    blockHash = Hex.lower(blockHash);
  }
}
