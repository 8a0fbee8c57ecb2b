package io.tickwire.notifications;

import java.util.List;

/**
 * The tables of the notifications module, as numbered migrations that run once each, in order,
 * when the storage opens ({@code schema_version} remembers the last one). Written in the SQL
 * that both H2 (PostgreSQL mode) and PostgreSQL accept. Times are ms since the epoch.
 */
final class Schema {

  /** Migration {@code i + 1} is {@code MIGRATIONS.get(i)}. Never change one that shipped. */
  static final List<List<String>> MIGRATIONS = List.of(List.of(
      """
      CREATE TABLE rules (
        id VARCHAR(64) PRIMARY KEY,
        user_id VARCHAR(256) NOT NULL,
        spec VARCHAR NOT NULL,
        state VARCHAR(16) NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        expires_at BIGINT,
        fire_count BIGINT NOT NULL,
        last_fired_at BIGINT
      )""",
      "CREATE INDEX rules_by_user ON rules (user_id, id)",
      "CREATE INDEX rules_by_expiry ON rules (expires_at)",
      """
      CREATE TABLE rule_keys (
        user_id VARCHAR(256) NOT NULL,
        idem_key VARCHAR(256) NOT NULL,
        rule_id VARCHAR(64) NOT NULL,
        answer VARCHAR NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, idem_key)
      )""",
      """
      CREATE TABLE notifications (
        id VARCHAR(64) PRIMARY KEY,
        firing_id VARCHAR(512) NOT NULL UNIQUE,
        user_id VARCHAR(256) NOT NULL,
        rule_id VARCHAR(64),
        title VARCHAR NOT NULL,
        body VARCHAR NOT NULL,
        payload VARCHAR NOT NULL,
        created_at BIGINT NOT NULL,
        is_read BOOLEAN NOT NULL
      )""",
      "CREATE INDEX notifications_by_user ON notifications (user_id, id)",
      """
      CREATE TABLE deliveries (
        id VARCHAR(96) PRIMARY KEY,
        notification_id VARCHAR(64) NOT NULL,
        user_id VARCHAR(256) NOT NULL,
        channel VARCHAR(16) NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts BIGINT NOT NULL,
        next_attempt_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        last_error VARCHAR
      )""",
      "CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)",
      "CREATE INDEX deliveries_by_notification ON deliveries (notification_id)",
      "CREATE INDEX deliveries_by_user ON deliveries (user_id, status)",
      """
      CREATE TABLE preferences (
        user_id VARCHAR(256) PRIMARY KEY,
        doc VARCHAR NOT NULL,
        webhook_secret VARCHAR,
        updated_at BIGINT NOT NULL
      )"""),
      // 2: what the retention job looks rows up by.
      List.of(
          "CREATE INDEX notifications_by_age ON notifications (created_at)",
          "CREATE INDEX deliveries_by_age ON deliveries (updated_at)",
          "CREATE INDEX rule_keys_by_age ON rule_keys (created_at)"));

  private Schema() {
  }
}
