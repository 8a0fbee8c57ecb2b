package io.tickwire.notifications;

import java.util.List;

/**
 * A firing to record: its notification, the rule's new firing state (for a rule's firing), and
 * the channels to queue deliveries on.
 *
 * @param notification the notification; its {@code firingId} makes recording idempotent
 * @param ruleState the rule's state afterwards ({@code fired} for a {@code once} rule), or
 *     {@code null} for a notification of the system itself
 * @param fireCount the rule's firing count afterwards
 * @param lastFiredAt the event time of the firing
 * @param channels the delivery channels to queue
 */
public record Firing(Notification notification, RuleState ruleState, long fireCount,
    long lastFiredAt, List<String> channels) {

  /** Every delivery channel. */
  public static final List<String> CHANNELS = List.of("websocket", "webhook", "email");

  /** A notification of the system itself (no rule), queued on {@code channels}. */
  static Firing system(Notification notification, List<String> channels) {
    return new Firing(notification, null, 0, notification.createdAt(), channels);
  }
}
