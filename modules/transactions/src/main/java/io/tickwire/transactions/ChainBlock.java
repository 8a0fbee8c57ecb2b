package io.tickwire.transactions;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A block with its transactions, as a chain source reports it.
 *
 * @param number the block number
 * @param hash its hash
 * @param parentHash its parent's hash
 * @param timestamp its timestamp, seconds since the Unix epoch
 * @param transactions its transactions, in block order
 */
public record ChainBlock(long number, String hash, String parentHash, long timestamp,
    List<ChainTx> transactions) {

  public ChainBlock {
    hash = Hex.lower(hash);
    parentHash = Hex.lower(parentHash);
    transactions = List.copyOf(transactions);
  }

  /** The {@code blocks} channel message of this head. */
  JsonObject toMessage() {
    return new JsonObject().put("type", "block").put("number", number).put("hash", hash)
        .put("parentHash", parentHash).put("timestamp", timestamp)
        .put("transactionCount", transactions.size());
  }
}
