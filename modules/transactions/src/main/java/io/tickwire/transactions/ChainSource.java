package io.tickwire.transactions;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

/**
 * A blockchain as the transaction monitor reads it: new heads and pending transactions as they
 * come, and blocks, transactions, receipts and balances on request. Implementations: the
 * simulated chain ({@code make run}) and an Ethereum node over JSON-RPC on WebSocket.
 *
 * <p>Threading: created and used on the monitor's event loop; every future completes, and every
 * listener call happens, on that event loop. Nothing blocks.
 *
 * <p>Failure: while the source is not connected, every query fails at once with a
 * {@link io.tickwire.protocol.ProtocolException} of code {@code unavailable}; a source
 * reconnects by itself and then calls {@link Listener#connection(boolean)} with {@code true},
 * after which the monitor catches up every block it missed by number.
 */
public interface ChainSource {

  /** What a source tells the monitor without being asked. */
  interface Listener {

    /** A new head: the chain's newest block is {@code number} (a reorg may repeat a number). */
    void head(long number);

    /** A transaction entered the pool (only where the source watches the pool). */
    void pending(ChainTx tx);

    /** The source connected ({@code true}, also after every reconnect) or lost its node. */
    void connection(boolean connected);
  }

  /** {@code simulated} or {@code ethereum}. */
  String kind();

  /** Starts the source; it connects in the background and reports through {@code listener}. */
  Future<Void> start(Listener listener);

  /** Stops it; no listener call follows. */
  Future<Void> stop();

  /** Whether queries can be answered now. */
  boolean connected();

  /** Names the chain: its id and genesis hash. A different name means another chain. */
  Future<String> chainId();

  /** The newest block number. */
  Future<Long> blockNumber();

  /** The canonical block {@code number} with its transactions, or {@code null} if none yet. */
  Future<ChainBlock> block(long number);

  /** The transaction, pending or in a block, or {@code null} when the node does not know it. */
  Future<ChainTx> transaction(String hash);

  /** The receipt of a transaction in a block, or {@code null}. */
  Future<Receipt> receipt(String hash);

  /** The balance of {@code address} in wei at block {@code blockNumber}. */
  Future<BigInteger> balance(String address, long blockNumber);

  /**
   * The ERC-20 balance of {@code owner} in the token contract {@code token} ({@code balanceOf}),
   * in the token's smallest unit, at block {@code blockNumber}.
   */
  Future<BigInteger> tokenBalance(String token, String owner, long blockNumber);

  /**
   * The {@code Transfer} logs of {@code block} emitted by one of {@code tokens} whose sender or
   * receiver is one of {@code wallets}, in log order.
   */
  Future<List<TokenLog>> transferLogs(ChainBlock block, Collection<String> tokens,
      Collection<String> wallets);
}
