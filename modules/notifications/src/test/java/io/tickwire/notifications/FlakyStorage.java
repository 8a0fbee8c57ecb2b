package io.tickwire.notifications;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real storage, except that the next {@link #failRecords(int) n} firings to record are
 * refused at once, as by a database that is down. Each refusal happens on the recording
 * caller's thread, before its failure callbacks run. The next read of the active rules can be
 * {@link #holdActive() held}: read at once, answered only when the test releases it, as by a
 * slow database. It also reports what was stored: each firing as it is handed to the store, each
 * notification recorded, each delivery outcome once the store has taken it, and each batch the
 * retention job purged, so a test can wait for "this delivery was skipped" instead of for time
 * to pass.
 */
final class FlakyStorage implements Storage {

  /** A delivery's outcome as written: a queue status, or {@code retry} for another attempt. */
  record Outcome(String status, long attempts, String error) {
  }

  /** One batch of the retention job: what it purged ({@code notifications}, …) and how many. */
  record Purged(String kind, long count) {
  }

  /**
   * A held read of the active rules: made on the caller's context when it was asked, its answer
   * kept back until {@link #release()}.
   */
  static final class Held {
    private final CompletableFuture<Void> read = new CompletableFuture<>();
    private volatile Context context;
    private volatile Future<List<Rule>> answer;
    private final Promise<List<Rule>> held = Promise.promise();

    /** Waits until the rules were asked for and read; answers the caller's Vert.x. */
    Vertx awaitRead() {
      Await.result(read, "read of the active rules");
      return context.owner();
    }

    /** Hands the rules read to the caller, on its context; returns once it has taken them. */
    void release() {
      CompletableFuture<Void> taken = new CompletableFuture<>();
      context.runOnContext(ignored -> {
        answer.onComplete(held);
        taken.complete(null);
      });
      Await.result(taken, "release of the held read");
    }
  }

  private final Storage real;
  private final AtomicInteger toRefuse = new AtomicInteger();
  private final Semaphore refused = new Semaphore(0);
  private final Map<String, BlockingQueue<Notification>> recorded = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<Outcome>> outcomes = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<String>> firings = new ConcurrentHashMap<>();
  private final AtomicReference<Held> hold = new AtomicReference<>();
  private final BlockingQueue<Purged> purges = new LinkedBlockingQueue<>();

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
      if (!refused.tryAcquire(n, Await.SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("only " + refused.availablePermits() + " of " + n
            + " attempts to record were made");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Holds the next read of the active rules; answers the handle to release it with. */
  Held holdActive() {
    Held held = new Held();
    hold.set(held);
    return held;
  }

  /** The rule id of the next firing of {@code user}'s rules handed to the store. */
  String firing(String user) {
    return Await.next(Queues.queue(firings, user), "a firing of a rule of " + user);
  }

  /** The next batch the retention job purged. */
  Purged purged() {
    return Await.next(purges, "a purge");
  }

  /** Forgets the batches purged so far, so that {@link #purged()} waits for the next. */
  void forgetPurges() {
    purges.clear();
  }

  private Future<Long> report(Future<Long> purged, String kind) {
    return purged.onSuccess(count -> purges.add(new Purged(kind, count)));
  }

  /** The next notification recorded for {@code user}. */
  Notification recorded(String user) {
    return Await.next(Queues.queue(recorded, user), "a notification recorded for " + user);
  }

  /** The next outcome written for delivery {@code notificationId:channel}. */
  Outcome outcome(String notificationId, String channel) {
    String id = notificationId + ":" + channel;
    return Await.next(Queues.queue(outcomes, id), "an outcome of delivery " + id);
  }

  private Future<Void> report(Future<Void> written, String id, Outcome outcome) {
    return written.onSuccess(ignored -> Queues.queue(outcomes, id).add(outcome));
  }

  @Override
  public RuleStore rules() {
    RuleStore store = real.rules();
    return new RuleStore() {
      @Override
      public Future<Created> create(Rule rule, String idempotencyKey, long keyTtlMs,
          int limit) {
        return store.create(rule, idempotencyKey, keyTtlMs, limit);
      }

      @Override
      public Future<Rule> get(String user, String id) {
        return store.get(user, id);
      }

      @Override
      public Future<List<Rule>> list(String user) {
        return store.list(user);
      }

      @Override
      public Future<Rule> update(Rule rule) {
        return store.update(rule);
      }

      @Override
      public Future<Boolean> delete(String user, String id) {
        return store.delete(user, id);
      }

      @Override
      public Future<List<Rule>> active() {
        Held held = hold.getAndSet(null);
        if (held == null) {
          return store.active();
        }
        held.context = Vertx.currentContext();
        held.answer = store.active().onComplete(ignored -> held.read.complete(null));
        return held.held.future();
      }

      @Override
      public Future<List<Rule>> expire(long now, int limit) {
        return store.expire(now, limit);
      }

      @Override
      public Future<Long> purgeKeys(long createdBefore, int limit) {
        return report(store.purgeKeys(createdBefore, limit), "idempotency_keys");
      }
    };
  }

  @Override
  public NotificationStore notifications() {
    NotificationStore store = real.notifications();
    return new NotificationStore() {
      @Override
      public Future<Notification> record(Firing firing) {
        if (firing.notification().ruleId() != null) {
          Queues.queue(firings, firing.notification().user()).add(firing.notification().ruleId());
        }
        if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          refused.release();
          return Future.failedFuture(new IllegalStateException("the database is down (test)"));
        }
        return store.record(firing).onSuccess(notification -> {
          if (notification != null) {
            Queues.queue(recorded, notification.user()).add(notification);
          }
        });
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

      @Override
      public Future<Long> purge(long createdBefore, int limit) {
        return report(store.purge(createdBefore, limit), "notifications");
      }
    };
  }

  @Override
  public DeliveryQueue deliveries() {
    DeliveryQueue queue = real.deliveries();
    return new DeliveryQueue() {
      @Override
      public Future<List<Delivery>> claim(long now, int limit, long leaseMs,
          Collection<String> channels) {
        return queue.claim(now, limit, leaseMs, channels);
      }

      @Override
      public Future<Void> delivered(String id, long attempts, long now) {
        return report(queue.delivered(id, attempts, now), id,
            new Outcome(DELIVERED, attempts, null));
      }

      @Override
      public Future<Void> finish(String id, String status, long attempts, String error,
          long now) {
        return report(queue.finish(id, status, attempts, error, now), id,
            new Outcome(status, attempts, error));
      }

      @Override
      public Future<Void> retry(String id, long attempts, long at, String error, long now) {
        return report(queue.retry(id, attempts, at, error, now), id,
            new Outcome("retry", attempts, error));
      }

      @Override
      public Future<Void> waitUntil(String id, long until, long now) {
        return report(queue.waitUntil(id, until, now), id, new Outcome(WAITING, 0, null));
      }

      @Override
      public Future<Void> release(List<String> ids, long now) {
        return queue.release(ids, now);
      }

      @Override
      public Future<Long> wake(String user, long now) {
        return queue.wake(user, now);
      }

      @Override
      public Future<Long> cancel(String user, String channel, String reason, long now) {
        return queue.cancel(user, channel, reason, now);
      }

      @Override
      public Future<Long> purge(long finishedBefore, int limit) {
        return report(queue.purge(finishedBefore, limit), "deliveries");
      }
    };
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
