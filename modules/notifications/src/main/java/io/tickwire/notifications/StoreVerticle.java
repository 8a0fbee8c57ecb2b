package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Owns the notifications storage's lifecycle: opens it (creating or migrating the schema) when
 * deployed and closes it when undeployed, after everything deployed later is gone. No
 * addresses. Config: {@code notifications.storage}. Single instance; the storage it hands out is
 * thread-safe.
 */
final class StoreVerticle extends VerticleBase {

  private final StorageConfig config;
  private volatile Storage storage;

  StoreVerticle(StorageConfig config) {
    this.config = config;
  }

  /** The open storage; only after a successful deployment. */
  Storage storage() {
    return storage;
  }

  @Override
  public Future<?> start() {
    return Storage.open(vertx, config).onSuccess(opened -> storage = opened);
  }

  @Override
  public Future<?> stop() {
    return storage == null ? Future.succeededFuture() : storage.close();
  }
}
