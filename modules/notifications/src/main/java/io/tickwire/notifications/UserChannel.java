package io.tickwire.notifications;

import io.tickwire.protocol.Channels;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.ChannelPublisher.Published;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the notifications module says on a user's channel {@code user.<id>} (stream mode): data
 * {@code {"event": "notification", "notification": {…}}} for each notification, and
 * {@code {"event": "alert.created" | "alert.updated" | "alert.deleted" | "alert.expired",
 * "rule": {…}}} when a rule changes, so every open dashboard of the user stays in step.
 */
final class UserChannel {

  private static final Logger LOG = LoggerFactory.getLogger(UserChannel.class);

  private final ChannelPublisher publisher;

  UserChannel(ChannelPublisher publisher) {
    this.publisher = publisher;
  }

  /** Publishes a notification once per notification id (within the channel log's window). */
  Future<Published> notification(Notification notification) {
    return publisher.publish(Channels.user(notification.user()), new JsonObject()
        .put("event", "notification").put("notification", notification.toJson()),
        "ntf:" + notification.id());
  }

  /** Tells the user's dashboards about a rule change; best effort, failures are only logged. */
  void ruleEvent(String user, String event, JsonObject rule) {
    publisher.publish(Channels.user(user), new JsonObject().put("event", event).put("rule", rule))
        .onFailure(e -> LOG.debug("could not tell user {} about {}: {}", user, event,
            e.getMessage()));
  }
}
