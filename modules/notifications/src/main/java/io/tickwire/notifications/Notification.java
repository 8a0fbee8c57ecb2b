package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;

/**
 * A notification as stored and shown: what fired, for whom, and whether it was read.
 *
 * @param id its id ({@code ntf_…}), time-ordered: newer notifications have greater ids
 * @param firingId the firing it records; one firing never makes two notifications
 * @param user the owner
 * @param ruleId the rule that fired, or {@code null} for a notification of the system itself
 * @param title a short title
 * @param body the text (the rule's message template, filled in, when it has one)
 * @param data the facts of the firing, for programs
 * @param createdAt when it was recorded (ms since the epoch)
 * @param read whether the user acknowledged it
 */
public record Notification(String id, String firingId, String user, String ruleId, String title,
    String body, JsonObject data, long createdAt, boolean read) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("ruleId", ruleId).put("user", user)
        .put("title", title).put("body", body).put("data", data).put("createdAt", createdAt)
        .put("read", read);
  }
}
