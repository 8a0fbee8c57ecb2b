package io.tickwire.notifications;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Queues of what test servers and stores observed, one a key, for a test to wait on. */
final class Queues {

  private Queues() {
  }

  /** The queue of {@code key}, made on first use. */
  static <T> BlockingQueue<T> queue(Map<String, BlockingQueue<T>> queues, String key) {
    return queues.computeIfAbsent(key, ignored -> new LinkedBlockingQueue<>());
  }
}
