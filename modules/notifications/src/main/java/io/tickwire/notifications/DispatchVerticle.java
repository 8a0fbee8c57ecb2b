package io.tickwire.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers recorded notifications from the durable queue, under each user's current
 * preferences: WebSocket (publish on {@code user.<id>}), webhook (signed POST) and e-mail.
 * Muted users and channels that are off are skipped; webhooks and mails wait out quiet hours;
 * failed attempts come back with backoff and jitter until their retry window closes; a webhook
 * that answers 410 is disabled and the user is told.
 *
 * <p>Consumes {@link Addresses#NOTIFICATIONS_DISPATCH} (local) and polls the queue every
 * {@code delivery.pollMs}; publishes on {@code user.<id>}. Config: {@code notifications.delivery},
 * {@code webhook}, {@code mail}. Single instance on one event loop; storage, HTTP and SMTP are
 * non-blocking. Stopping gives deliveries still in flight back to the queue.
 */
public final class DispatchVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DispatchVerticle.class);
  /** Publishing on the user's channel is local; retry it briskly. */
  static final RetryPolicy WEBSOCKET_RETRY = new RetryPolicy(1_000, 60_000, 86_400_000, 0.2);

  private final NotificationsConfig config;
  private final Storage storage;
  private final MeterRegistry registry;
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Counter> counters = new HashMap<>();
  private UserChannel channel;
  private WebhookSender webhooks;
  private Mailer mailer;
  private boolean polling;
  private boolean again;

  public DispatchVerticle(NotificationsConfig config, Storage storage, MeterRegistry registry) {
    this.config = config;
    this.storage = storage;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    channel = new UserChannel(new ChannelPublisher(vertx));
    webhooks = new WebhookSender(vertx, config.webhook());
    mailer = Mailer.create(vertx, config.mail());
    vertx.setPeriodic(config.delivery().pollMs(), ignored -> poll());
    return vertx.eventBus().localConsumer(Addresses.NOTIFICATIONS_DISPATCH, ignored -> poll())
        .completion().onSuccess(ignored -> poll());
  }

  @Override
  public Future<?> stop() {
    List<String> unfinished = new ArrayList<>(inFlight);
    return storage.deliveries().release(unfinished, System.currentTimeMillis())
        .otherwiseEmpty()
        .compose(ignored -> Future.join(webhooks.close(), mailer.close()));
  }

  /** Takes due deliveries until none is left; one pass at a time. */
  private void poll() {
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    again = false;
    int batch = config.delivery().batchSize();
    storage.deliveries().claim(System.currentTimeMillis(), batch, config.delivery().leaseMs())
        .compose(deliveries -> {
          Map<String, Future<PreferenceStore.Stored>> preferences = new HashMap<>();
          List<Future<Void>> attempts = new ArrayList<>();
          for (DeliveryQueue.Delivery delivery : deliveries) {
            String user = delivery.notification().user();
            inFlight.add(delivery.id());
            attempts.add(preferences.computeIfAbsent(user, storage.preferences()::get)
                .compose(stored -> deliver(delivery, stored))
                .recover(e -> {
                  LOG.warn("delivery {} failed unexpectedly: {}", delivery.id(), e.getMessage());
                  return Future.succeededFuture();
                })
                .eventually(() -> {
                  inFlight.remove(delivery.id());
                  return Future.succeededFuture();
                }));
          }
          return Future.join(attempts).map(deliveries.size() == batch);
        })
        .onComplete(result -> {
          polling = false;
          if (result.failed()) {
            LOG.warn("could not read the delivery queue: {}", result.cause().getMessage());
          } else if (again || result.result()) {
            poll();
          }
        });
  }

  private Future<Void> deliver(DeliveryQueue.Delivery delivery, PreferenceStore.Stored stored) {
    Preferences preferences = stored.preferences();
    Notification notification = delivery.notification();
    long now = System.currentTimeMillis();
    LOG.debug("delivering {} (attempt {}) to user {}", delivery.id(), delivery.attempts() + 1,
        notification.user());
    if (preferences.muteAll()) {
      return finish(delivery, DeliveryQueue.SKIPPED, "muted");
    }
    boolean quiet = preferences.quietHours() != null
        && preferences.quietHours().contains(Instant.ofEpochMilli(now));
    switch (delivery.channel()) {
      case "websocket" -> {
        if (!preferences.websocket()) {
          return finish(delivery, DeliveryQueue.SKIPPED, "channel off");
        }
        return channel.notification(notification).<Void>mapEmpty()
            .compose(ignored -> delivered(delivery),
                e -> Methods.errorOf(e).code() == ErrorCode.BAD_REQUEST
                    ? finish(delivery, DeliveryQueue.FAILED, e.getMessage())
                    : retry(delivery, WEBSOCKET_RETRY, e.getMessage()));
      }
      case "webhook" -> {
        if (!preferences.webhookActive()) {
          return finish(delivery, DeliveryQueue.SKIPPED, preferences.webhookDisabledReason() != null
              ? "webhook disabled" : "channel off");
        }
        if (quiet) {
          return waitForQuietEnd(delivery, preferences, now);
        }
        return webhooks.send(preferences.webhookUrl(), stored.webhookSecret(), notification)
            .compose(status -> {
              if (status >= 200 && status < 300) {
                return delivered(delivery);
              }
              if (status == 410) {
                return gone(delivery, stored);
              }
              return retry(delivery, config.webhook().retry(), "HTTP " + status);
            }, e -> retry(delivery, config.webhook().retry(), String.valueOf(e.getMessage())));
      }
      case "email" -> {
        if (!preferences.emailActive()) {
          return finish(delivery, DeliveryQueue.SKIPPED, "channel off");
        }
        if (quiet) {
          return waitForQuietEnd(delivery, preferences, now);
        }
        return mailer.send(preferences.emailAddress(), notification.title(), notification.body())
            .compose(ignored -> delivered(delivery),
                e -> retry(delivery, config.mail().retry(), String.valueOf(e.getMessage())));
      }
      default -> {
        return finish(delivery, DeliveryQueue.FAILED, "unknown channel");
      }
    }
  }

  private Future<Void> waitForQuietEnd(DeliveryQueue.Delivery delivery, Preferences preferences,
      long now) {
    long end = preferences.quietHours().endAfter(Instant.ofEpochMilli(now)).toEpochMilli();
    count(delivery.channel(), "waiting");
    return storage.deliveries().waitUntil(delivery.id(), end, now);
  }

  private Future<Void> delivered(DeliveryQueue.Delivery delivery) {
    count(delivery.channel(), DeliveryQueue.DELIVERED);
    return storage.deliveries().delivered(delivery.id(), delivery.attempts() + 1,
        System.currentTimeMillis());
  }

  private Future<Void> finish(DeliveryQueue.Delivery delivery, String status, String reason) {
    count(delivery.channel(), status);
    boolean attempted = DeliveryQueue.FAILED.equals(status);
    return storage.deliveries().finish(delivery.id(), status,
        delivery.attempts() + (attempted ? 1 : 0), reason, System.currentTimeMillis());
  }

  private Future<Void> retry(DeliveryQueue.Delivery delivery, RetryPolicy policy, String error) {
    long now = System.currentTimeMillis();
    long attempts = delivery.attempts() + 1;
    long next = policy.nextAttemptAt(delivery.queuedAt(), (int) Math.min(attempts, 64), now,
        ThreadLocalRandom.current()::nextDouble);
    if (next < 0) {
      LOG.warn("giving up delivery {} for user {} after {} attempts: {}", delivery.id(),
          delivery.notification().user(), attempts, error);
      count(delivery.channel(), DeliveryQueue.FAILED);
      return storage.deliveries().finish(delivery.id(), DeliveryQueue.FAILED, attempts,
          "gave up: " + error, now);
    }
    count(delivery.channel(), "retry");
    if (next - now < config.delivery().pollMs()) {
      // Sooner than the next poll: look again when it is due.
      vertx.setTimer(Math.max(1, next - now), ignored -> poll());
    }
    return storage.deliveries().retry(delivery.id(), attempts, next, error, now);
  }

  /** The endpoint answered 410 Gone: disable it, drop its queue, and tell the user. */
  private Future<Void> gone(DeliveryQueue.Delivery delivery, PreferenceStore.Stored stored) {
    String user = delivery.notification().user();
    String url = stored.preferences().webhookUrl();
    String reason = "the endpoint answered 410 Gone";
    long now = System.currentTimeMillis();
    Notification notice = new Notification(Ids.next("ntf"), "webhook-gone:" + delivery.id(),
        user, null, "Webhook disabled", "Your webhook endpoint " + url + " answered 410 Gone,"
        + " so no more notifications are sent to it. Set webhook.url again to re-enable it.",
        new JsonObject().put("event", "webhook.disabled").put("url", url), now, false);
    LOG.info("webhook of user {} disabled: {}", user, reason);
    return storage.preferences().put(user, stored.preferences().withWebhookDisabled(reason),
            stored.webhookSecret())
        .compose(ignored -> finish(delivery, DeliveryQueue.FAILED, "410 Gone: webhook disabled"))
        .compose(ignored -> storage.deliveries().cancel(user, "webhook", "webhook disabled", now))
        .compose(ignored -> storage.notifications().record(Firing.system(notice,
            List.of("websocket", "email"))))
        .onSuccess(ignored -> vertx.eventBus().send(Addresses.NOTIFICATIONS_DISPATCH, user,
            new DeliveryOptions().setLocalOnly(true)))
        .mapEmpty();
  }

  private void count(String channelName, String outcome) {
    counters.computeIfAbsent(channelName + "/" + outcome, key -> Counter
        .builder("tickwire.notifications.deliveries").description("Delivery outcomes")
        .tag("channel", channelName).tag("outcome", outcome).register(registry)).increment();
  }
}
