package io.tickwire.transactions;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

/**
 * The simulated {@link ChainSource}: a {@link SimulatedChain} that makes one block every
 * {@code blockTimeMs} on a timer of the monitor's event loop. Always connected while started.
 */
final class SimulatedSource implements ChainSource {

  private final Vertx vertx;
  private final SimulatedChain chain;
  private final long blockTimeMs;
  private long timer = -1;

  SimulatedSource(Vertx vertx, SimulatedChain chain, long blockTimeMs) {
    this.vertx = vertx;
    this.chain = chain;
    this.blockTimeMs = blockTimeMs;
  }

  @Override
  public String kind() {
    return "simulated";
  }

  @Override
  public Future<Void> start(Listener listener) {
    timer = vertx.setPeriodic(blockTimeMs, ignored -> {
      SimulatedChain.Step step = chain.step(System.currentTimeMillis() / 1000);
      step.pending().forEach(listener::pending);
      listener.head(step.head());
    });
    listener.connection(true);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    return Future.succeededFuture();
  }

  @Override
  public boolean connected() {
    return timer >= 0;
  }

  @Override
  public Future<String> chainId() {
    return answer("simulated:" + chain.genesisHash());
  }

  @Override
  public Future<Long> blockNumber() {
    return answer(chain.head());
  }

  @Override
  public Future<ChainBlock> block(long number) {
    return answer(chain.block(number));
  }

  @Override
  public Future<ChainTx> transaction(String hash) {
    return answer(chain.transaction(hash));
  }

  @Override
  public Future<Receipt> receipt(String hash) {
    return answer(chain.receipt(hash));
  }

  @Override
  public Future<BigInteger> balance(String address, long blockNumber) {
    return answer(chain.balance(address, blockNumber));
  }

  @Override
  public Future<BigInteger> tokenBalance(String token, String owner, long blockNumber) {
    return answer(chain.tokenBalance(token, owner, blockNumber));
  }

  @Override
  public Future<List<TokenLog>> transferLogs(ChainBlock block, Collection<String> tokens,
      Collection<String> wallets) {
    return answer(chain.transferLogs(block.hash(), tokens, wallets));
  }

  private <T> Future<T> answer(T value) {
    return connected() ? Future.succeededFuture(value)
        : Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
            "the simulated chain is stopped"));
  }
}
