package io.tickwire.testkit.core;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits for a test's thread: a future's outcome, the next item of a queue, a condition
 * nothing announces. Past its bound each fails the test with an {@link AssertionError} that says
 * what it waited for, so a step that hangs reads as a failure, not as a stuck build. Every method
 * blocks: never call one on an event loop.
 */
public final class Await {

  /** How long a wait lasts at most unless its caller names a bound: {@value} s. */
  public static final long SECONDS = 30;
  /** How often {@link #until(String, BooleanSupplier)} looks at its condition: {@value} ms. */
  public static final long EVERY_MS = 10;

  private static final Duration BOUND = Duration.ofSeconds(SECONDS);

  private Await() {
  }

  /** The result of {@code future}, within {@link #SECONDS}; its failure fails the test. */
  public static <T> T result(Future<T> future) {
    return result(future, BOUND);
  }

  /** The result of {@code future}, within {@code bound}; its failure fails the test. */
  public static <T> T result(Future<T> future, Duration bound) {
    try {
      return future.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /**
   * The value of {@code future}, within {@link #SECONDS}; {@code what} names what completes it.
   * Its failure fails the test.
   */
  public static <T> T result(CompletableFuture<T> future, String what) {
    try {
      return future.get(SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("no " + what + " within " + SECONDS + " s: " + e, e);
    }
  }

  /** The failure of {@code future}, which must fail within {@link #SECONDS}. */
  public static Throwable failure(Future<?> future) {
    try {
      future.await(SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (!future.isComplete()) {
        throw new AssertionError("did not complete within " + SECONDS + " s", e);
      }
      return e;
    }
    throw new AssertionError("succeeded, but should have failed");
  }

  /** The next item of {@code queue}, within {@link #SECONDS}; {@code what} names it. */
  public static <T> T next(BlockingQueue<T> queue, String what) {
    try {
      T item = queue.poll(SECONDS, TimeUnit.SECONDS);
      if (item == null) {
        throw new AssertionError("no " + what + " within " + SECONDS + " s");
      }
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Returns once {@code condition} holds, looking every {@link #EVERY_MS} ms for at most
   * {@link #SECONDS}: for a state the test cannot be told of (a meter, a server noticing a
   * close). The condition runs on this thread.
   */
  public static void until(String what, BooleanSupplier condition) {
    until(what, BOUND, Duration.ofMillis(EVERY_MS), condition);
  }

  /** Returns once {@code condition} holds, looking {@code every} so often, for {@code bound}. */
  public static void until(String what, Duration bound, Duration every,
      BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(every.toNanos());
    }
  }
}
