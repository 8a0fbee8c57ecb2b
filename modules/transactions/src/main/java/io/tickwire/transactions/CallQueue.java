package io.tickwire.transactions;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The monitor's own calls at the chain node that may come many at once (the token balances of
 * every watched wallet), at most {@code maxInFlight} at a time; the rest wait their turn in
 * order. What waits is bounded by what is watched (wallets × tokens). Confined to the monitor's
 * event loop.
 */
final class CallQueue {

  private final int maxInFlight;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;

  CallQueue(int maxInFlight) {
    this.maxInFlight = Math.max(1, maxInFlight);
  }

  <T> Future<T> submit(Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    waiting.add(() -> {
      Future<T> answer;
      try {
        answer = call.get();
      } catch (RuntimeException e) {
        answer = Future.failedFuture(e);
      }
      answer.onComplete(result -> {
        inFlight--;
        next();
        promise.handle(result);
      });
    });
    next();
    return promise.future();
  }

  private void next() {
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      inFlight++;
      waiting.poll().run();
    }
  }
}
