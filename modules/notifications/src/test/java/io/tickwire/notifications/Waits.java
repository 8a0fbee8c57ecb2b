package io.tickwire.notifications;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Queues of what test servers and stores observed, keyed, and a bounded wait for the next. */
final class Waits {

  private Waits() {
  }

  /** The queue of {@code key}, made on first use. */
  static <T> BlockingQueue<T> queue(Map<String, BlockingQueue<T>> queues, String key) {
    return queues.computeIfAbsent(key, ignored -> new LinkedBlockingQueue<>());
  }

  /** The next item of {@code queue}, or an AssertionError naming {@code what} after the wait. */
  static <T> T take(BlockingQueue<T> queue, String what) {
    try {
      T item = queue.poll(WsClient.WAIT_SECONDS, TimeUnit.SECONDS);
      if (item == null) {
        throw new AssertionError("no " + what + " within " + WsClient.WAIT_SECONDS + " s");
      }
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
