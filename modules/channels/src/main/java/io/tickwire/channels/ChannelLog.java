package io.tickwire.channels;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's one way to publish to channels: it hands publications, checked once where they
 * entered the node ({@link Publication#check}), to the {@link ChannelStore}. Both the HTTP API
 * and the channel log's event-bus address (the services' {@code ChannelPublisher}) publish
 * through it.
 *
 * <p>Where the work runs: a store that publishes from any thread ({@link ChannelStore#anyThread()},
 * the single-node store) is called on the caller's event loop, and the answer is ready when the
 * call returns, before any subscriber is written to; the fan-out runs after, as tasks of the
 * gateway event loops. Any other store (the cluster's) is called on the channel log's event loop
 * and answered back on the caller's.
 *
 * <p>Meter: {@code tickwire.channels.published}, messages published per namespace. Thread-safe.
 */
public final class ChannelLog {

  /** What became of one publication of a batch: where it stands, or why it was refused. */
  public record Outcome(String channel, Published published, ProtocolException refusal) {
  }

  private final MeterRegistry registry;
  private final long timeoutMs;
  private final ConcurrentHashMap<String, Counter> published = new ConcurrentHashMap<>();
  private volatile ChannelStore store;
  private volatile Context storeContext;

  /**
   * @param timeoutMs how long a publication waits for a store that answers later (the
   *     cluster's) before it fails with {@code timeout}
   */
  public ChannelLog(MeterRegistry registry, long timeoutMs) {
    this.registry = registry;
    this.timeoutMs = timeoutMs;
  }

  /** The store publications go to, and the context it is confined to; set by the channel log. */
  void attach(ChannelStore store, Context context) {
    this.storeContext = context;
    this.store = store;
  }

  /** Publishes a publication; fails with a {@link ProtocolException}. */
  public Future<Published> publish(Publication publication) {
    ChannelStore target = store;
    if (target == null) {
      return Future.failedFuture(unavailable("the channel log is not started"));
    }
    Future<Published> result = counted(publication, target.anyThread()
        ? stored(target, publication) : onStore(() -> stored(target, publication)));
    // Answered at once (the single-node store), a publication costs no further future.
    return result.succeeded() ? result
        : result.recover(failure -> Future.failedFuture(refusal(failure)));
  }

  /**
   * Publishes one message to several channels (a broadcast): the answers in the publications'
   * order, or the first refusal.
   */
  public Future<List<Published>> publishEach(List<Publication> publications) {
    List<Future<Published>> each = new ArrayList<>(publications.size());
    publications.forEach(publication -> each.add(publish(publication)));
    return Future.all(each).map(all -> all.<Published>list());
  }

  /**
   * Publishes a batch in order: each publication's outcome in the same place, a refused one
   * without stopping the others. {@code checked} holds a {@link Publication} or, for one that
   * failed its check, the {@link ProtocolException}.
   */
  public Future<List<Outcome>> publishAll(List<Object> checked) {
    ChannelStore target = store;
    if (target == null) {
      return Future.failedFuture(unavailable("the channel log is not started"));
    }
    if (target.anyThread()) {
      return collect(checked, target);
    }
    return onStore(() -> collect(checked, target));
  }

  private Future<List<Outcome>> collect(List<Object> checked, ChannelStore target) {
    List<Future<Published>> each = new ArrayList<>(checked.size());
    for (Object item : checked) {
      each.add(item instanceof Publication publication
          ? counted(publication, stored(target, publication))
          : Future.failedFuture((ProtocolException) item));
    }
    return Future.join(each).transform(ignored -> {
      List<Outcome> outcomes = new ArrayList<>(each.size());
      for (int i = 0; i < each.size(); i++) {
        Future<Published> result = each.get(i);
        Object item = checked.get(i);
        String channel = item instanceof Publication publication
            ? publication.channel().toString() : ((ProtocolException) item).channel();
        outcomes.add(result.succeeded() ? new Outcome(channel, result.result(), null)
            : new Outcome(channel, null, refusal(result.cause())));
      }
      return Future.succeededFuture(outcomes);
    });
  }

  private static Future<Published> stored(ChannelStore target, Publication publication) {
    try {
      return target.publish(publication);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Published> counted(Publication publication, Future<Published> result) {
    if (result.isComplete()) {
      count(publication, result.succeeded());
      return result;
    }
    return result.andThen(outcome -> count(publication, outcome.succeeded()));
  }

  private void count(Publication publication, boolean succeeded) {
    if (succeeded) {
      published.computeIfAbsent(publication.policy().name(), ns -> Counter.builder(
              "tickwire.channels.published").description("Messages published, per namespace")
          .tag("namespace", ns).register(registry)).increment();
    }
  }

  /**
   * Runs {@code work} on the store's context and completes on the caller's: a store that is not
   * {@link ChannelStore#anyThread()} is confined to the channel log's event loop.
   */
  private <T> Future<T> onStore(Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    Promise<T> answer = Promise.promise();
    Context store = storeContext;
    long timer = store.owner().setTimer(timeoutMs, fired -> answer.tryFail(new ProtocolException(
        ErrorCode.TIMEOUT, "the channel store did not answer within " + timeoutMs + " ms")));
    store.runOnContext(ignored -> {
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(outcome -> {
        store.owner().cancelTimer(timer);
        if (caller == null || caller == Vertx.currentContext()) {
          settle(answer, outcome);
        } else {
          caller.runOnContext(back -> settle(answer, outcome));
        }
      });
    });
    return answer.future();
  }

  private static <T> void settle(Promise<T> answer, AsyncResult<T> outcome) {
    if (outcome.succeeded()) {
      answer.tryComplete(outcome.result());
    } else {
      answer.tryFail(outcome.cause());
    }
  }

  /** What a store's failure means for the publisher: its own refusal, else {@code unavailable}. */
  static ProtocolException refusal(Throwable failure) {
    return failure instanceof ProtocolException refusal ? refusal
        : unavailable("channel store unavailable: " + failure.getMessage());
  }

  static ProtocolException unavailable(String message) {
    return new ProtocolException(ErrorCode.UNAVAILABLE, message);
  }
}
