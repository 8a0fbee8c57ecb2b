package io.tickwire.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.runtime.Ownership;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is past keeping, so that storage does not grow for ever: idempotency keys of
 * {@code alerts.create} past {@code limits.idempotencyTtlMs}, notifications older than
 * {@code retention.notificationsMs} with their deliveries (never one with a delivery still
 * pending or waiting), and finished deliveries older than {@code retention.deliveriesMs}. Runs at start and
 * every {@code retention.intervalMs}, in batches of {@code retention.batchSize} rows until a
 * batch comes back short; a run never overlaps the previous one. In a cluster only the member
 * that owns {@value #OWNERSHIP_KEY} runs it.
 *
 * <p>No addresses. Config: {@code notifications.retention}, {@code limits.idempotencyTtlMs}.
 * Single instance on one event loop; the deletes run on the storage's worker threads or reactive
 * client, never on it. Counts what it deletes in {@code tickwire.notifications.purged{kind}}.
 */
public final class RetentionVerticle extends VerticleBase {

  /** The ownership key of the job: one member of a cluster runs it. */
  static final String OWNERSHIP_KEY = "notifications.retention";

  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  private final NotificationsConfig config;
  private final Storage storage;
  private final MeterRegistry registry;
  private final Ownership ownership;
  private boolean running;

  public RetentionVerticle(NotificationsConfig config, Storage storage, MeterRegistry registry,
      Ownership ownership) {
    this.config = config;
    this.storage = storage;
    this.registry = registry;
    this.ownership = ownership;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(config.retention().intervalMs(), ignored -> run());
    run();
    return Future.succeededFuture();
  }

  /** One run of the job, unless one still runs or another member owns it. */
  private void run() {
    if (running || !ownership.owns(OWNERSHIP_KEY)) {
      return;
    }
    running = true;
    NotificationsConfig.Retention retention = config.retention();
    long now = System.currentTimeMillis();
    purge("idempotency_keys", limit -> storage.rules().purgeKeys(
            now - config.limits().idempotencyTtlMs(), limit))
        // Notifications first: their deliveries go with them, in the same statements.
        .compose(ignored -> retention.notificationsMs() == 0 ? Future.succeededFuture(0L)
            : purge("notifications", limit -> storage.notifications().purge(
                now - retention.notificationsMs(), limit)))
        .compose(ignored -> retention.deliveriesMs() == 0 ? Future.succeededFuture(0L)
            : purge("deliveries", limit -> storage.deliveries().purge(
                now - retention.deliveriesMs(), limit)))
        .onFailure(e -> LOG.warn("could not purge old notifications: {}", e.getMessage()))
        .onComplete(ignored -> running = false);
  }

  /** Deletes batches with {@code batch} until one comes back short; answers the total. */
  private Future<Long> purge(String kind, IntFunction<Future<Long>> batch) {
    int limit = config.retention().batchSize();
    return batch.apply(limit).compose(deleted -> {
      if (deleted > 0) {
        Counter.builder("tickwire.notifications.purged")
            .description("Rows deleted by the retention job").tag("kind", kind)
            .register(registry).increment(deleted);
        LOG.debug("purged {} {}", deleted, kind);
      }
      return deleted < limit ? Future.succeededFuture(deleted)
          : purge(kind, batch).map(more -> deleted + more);
    });
  }
}
