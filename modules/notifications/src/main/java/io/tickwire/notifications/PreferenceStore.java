package io.tickwire.notifications;

import io.vertx.core.Future;

/** Durable notification preferences and webhook secrets, per user. */
public interface PreferenceStore {

  /** A user's preferences and webhook secret ({@code null} when none was made yet). */
  record Stored(Preferences preferences, String webhookSecret) {
  }

  /** The user's preferences; the defaults when they never set any. */
  Future<Stored> get(String user);

  /** Stores the user's preferences and secret. */
  Future<Void> put(String user, Preferences preferences, String webhookSecret);
}
