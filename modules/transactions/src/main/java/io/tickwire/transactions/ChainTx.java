package io.tickwire.transactions;

/**
 * A transaction as a chain source reports it. Addresses and hashes are lower-case hex.
 *
 * @param hash the transaction hash
 * @param from the sender
 * @param to the receiver, {@code null} for a contract creation
 * @param nonce the sender's nonce
 * @param blockNumber the block that includes it, {@code null} while pending
 * @param blockHash that block's hash, {@code null} while pending
 */
public record ChainTx(String hash, String from, String to, long nonce, Long blockNumber,
    String blockHash) {

  public ChainTx {
    hash = Hex.lower(hash);
    from = Hex.lower(from);
    to = Hex.lower(to);
    blockHash = Hex.lower(blockHash);
  }

  /** A pending transaction. */
  public static ChainTx pending(String hash, String from, String to, long nonce) {
    return new ChainTx(hash, from, to, nonce, null, null);
  }

  public boolean pending() {
    return blockNumber == null;
  }

  /** Whether {@code address} sends or receives it. */
  public boolean touches(String address) {
    return address.equals(from) || address.equals(to);
  }
}
