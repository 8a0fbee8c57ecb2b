package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Where the notifications module keeps everything, in one database: {@link StorageConfig#kind()}
 * chooses an embedded file database (H2, run on worker threads) or PostgreSQL (the reactive
 * client). The schema is created or migrated when it opens.
 */
public interface Storage {

  RuleStore rules();

  NotificationStore notifications();

  DeliveryQueue deliveries();

  PreferenceStore preferences();

  /** Closes the connections; the stores must not be used afterwards. */
  Future<Void> close();

  /** Opens the configured storage and brings its schema up to date. */
  static Future<Storage> open(Vertx vertx, StorageConfig config) {
    return SqlStorage.open(vertx, config);
  }
}
