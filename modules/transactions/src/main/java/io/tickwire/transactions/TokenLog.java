package io.tickwire.transactions;

import java.math.BigInteger;

/**
 * An ERC-20 {@code Transfer(address,address,uint256)} log in a block, as a chain source reports
 * it. Addresses and hashes are lower-case hex.
 *
 * @param token the token contract that emitted it
 * @param from the sender ({@code 0x000…0} for a mint)
 * @param to the receiver ({@code 0x000…0} for a burn)
 * @param value the raw amount, in the token's smallest unit
 * @param hash the transaction that emitted it
 * @param logIndex its index among the block's logs
 * @param blockNumber the block
 * @param blockHash that block's hash
 */
public record TokenLog(String token, String from, String to, BigInteger value, String hash,
    long logIndex, long blockNumber, String blockHash) {

  /** The {@code Transfer(address,address,uint256)} event's topic: its signature's keccak-256. */
  public static final String TRANSFER_TOPIC =
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

  public TokenLog {
    token = Hex.lower(token);
    from = Hex.lower(from);
    to = Hex.lower(to);
    hash = Hex.lower(hash);
    blockHash = Hex.lower(blockHash);
  }
}
