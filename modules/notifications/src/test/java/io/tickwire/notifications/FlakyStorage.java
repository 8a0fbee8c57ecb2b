package io.tickwire.notifications;

import io.vertx.core.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real storage, except that the next {@link #failRecords(int) n} firings to record are
 * refused at once, as by a database that is down. Each refusal happens on the recording
 * caller's thread, before its failure callbacks run.
 */
final class FlakyStorage implements Storage {

  private final Storage real;
  private final AtomicInteger toRefuse = new AtomicInteger();
  private final Semaphore refused = new Semaphore(0);

  FlakyStorage(Storage real) {
    this.real = real;
  }

  /** Refuses the next {@code n} calls of {@link NotificationStore#record}. */
  void failRecords(int n) {
    toRefuse.set(n);
  }

  /** Waits until {@code n} more records were refused. */
  void awaitRefused(int n) {
    try {
      if (!refused.tryAcquire(n, WsClient.WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("only " + refused.availablePermits() + " of " + n
            + " attempts to record were made");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public RuleStore rules() {
    return real.rules();
  }

  @Override
  public NotificationStore notifications() {
    NotificationStore store = real.notifications();
    return new NotificationStore() {
      @Override
      public Future<Notification> record(Firing firing) {
        if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          refused.release();
          return Future.failedFuture(new IllegalStateException("the database is down (test)"));
        }
        return store.record(firing);
      }

      @Override
      public Future<Page> list(String user, String before, int limit, boolean unreadOnly) {
        return store.list(user, before, limit, unreadOnly);
      }

      @Override
      public Future<Long> ack(String user, String id, boolean upTo) {
        return store.ack(user, id, upTo);
      }

      @Override
      public Future<Long> unread(String user) {
        return store.unread(user);
      }
    };
  }

  @Override
  public DeliveryQueue deliveries() {
    return real.deliveries();
  }

  @Override
  public PreferenceStore preferences() {
    return real.preferences();
  }

  @Override
  public Future<Void> close() {
    return real.close();
  }
}
