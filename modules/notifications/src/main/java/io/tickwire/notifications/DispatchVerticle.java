package io.tickwire.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.LogContext;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers recorded notifications from the durable queue, under each user's current
 * preferences: WebSocket (publish on {@code user.<id>}), webhook (signed POST) and e-mail.
 * Muted users and channels that are off are skipped; webhooks and mails wait out quiet hours;
 * failed attempts come back with backoff and jitter until their retry window closes, except a
 * mail the SMTP server refused for good (5xx), which fails at once; a webhook that answers 410
 * is disabled and the user is told. Webhooks go only to addresses {@link WebhookTargets} allows,
 * checked at every attempt; a failed one is recorded with a generic reason.
 *
 * <p>Consumes {@link Addresses#NOTIFICATIONS_DISPATCH} (local) and polls the queue every
 * {@code delivery.pollMs}; publishes on {@code user.<id>}. Config: {@code notifications.delivery},
 * {@code webhook}, {@code mail}. Single instance on one event loop; storage, HTTP and SMTP are
 * non-blocking. Attempts run concurrently, up to {@code delivery.maxInFlight} for WebSocket and
 * as many again for webhooks and e-mail, so a hung receiver delays no one else. Stopping gives
 * deliveries still in flight back to the queue.
 */
public final class DispatchVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DispatchVerticle.class);
  /** Publishing on the user's channel is local; retry it briskly. */
  static final RetryPolicy WEBSOCKET_RETRY = new RetryPolicy(1_000, 60_000, 86_400_000, 0.2);

  private final NotificationsConfig config;
  private final Storage storage;
  private final MeterRegistry registry;
  private final Function<Vertx, HostResolver> resolvers;
  private final Set<String> inFlight = new HashSet<>();
  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, Timer> waits = new HashMap<>();
  private UserChannel channel;
  private WebhookSender webhooks;
  private Mailer mailer;
  private final Lane local = new Lane(List.of("websocket"));
  private final Lane remote = new Lane(List.of("webhook", "email"));

  public DispatchVerticle(NotificationsConfig config, Storage storage, MeterRegistry registry) {
    this(config, storage, registry, HostResolver::system);
  }

  /** A dispatcher that looks webhook hosts up with the resolver {@code resolvers} makes. */
  DispatchVerticle(NotificationsConfig config, Storage storage, MeterRegistry registry,
      Function<Vertx, HostResolver> resolvers) {
    this.config = config;
    this.storage = storage;
    this.registry = registry;
    this.resolvers = resolvers;
  }

  @Override
  public Future<?> start() {
    channel = new UserChannel(new ChannelPublisher(vertx));
    webhooks = new WebhookSender(vertx, config.webhook(),
        new WebhookTargets(config.webhook().policy(), resolvers.apply(vertx)));
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

  /** Looks for due deliveries on every lane. */
  private void poll() {
    local.poll();
    remote.poll();
  }

  /**
   * Deliveries on some channels, taken from the queue and attempted concurrently, at most
   * {@code delivery.maxInFlight} at once: the lane keeps taking due deliveries while attempts
   * are in flight, so a slow receiver holds one slot, not the lane. WebSocket deliveries have a
   * lane of their own, so no webhook or mail server ever delays them.
   */
  private final class Lane {
    private final List<String> channels;
    private final Set<String> attempts = new HashSet<>();
    private boolean claiming;
    private boolean again;

    Lane(List<String> channels) {
      this.channels = channels;
    }

    void poll() {
      int room = config.delivery().maxInFlight() - attempts.size();
      if (claiming || room <= 0) {
        // Looked at again when the claim returns or an attempt frees a slot.
        again = true;
        return;
      }
      claiming = true;
      again = false;
      int limit = Math.min(config.delivery().batchSize(), room);
      storage.deliveries().claim(System.currentTimeMillis(), limit, config.delivery().leaseMs(),
              channels)
          .onComplete(result -> {
            claiming = false;
            if (result.failed()) {
              LOG.warn("could not read the delivery queue: {}", result.cause().getMessage());
              return;
            }
            start(result.result());
            if (again || result.result().size() == limit) {
              poll();
            }
          });
    }

    private void start(List<DeliveryQueue.Delivery> deliveries) {
      Map<String, Future<PreferenceStore.Stored>> preferences = new HashMap<>();
      long now = System.currentTimeMillis();
      for (DeliveryQueue.Delivery delivery : deliveries) {
        String user = delivery.notification().user();
        if (delivery.attempts() == 0) {
          waited(delivery.channel(), now - delivery.queuedAt());
        }
        attempts.add(delivery.id());
        inFlight.add(delivery.id());
        preferences.computeIfAbsent(user, storage.preferences()::get)
            .compose(stored -> deliver(delivery, stored))
            .onFailure(e -> {
              try (LogContext.Scope ignored = LogContext.user(user)) {
                LOG.warn("delivery {} failed unexpectedly: {}", delivery.id(), e.getMessage());
              }
            })
            .onComplete(ignored -> {
              attempts.remove(delivery.id());
              inFlight.remove(delivery.id());
              if (again) {
                poll();
              }
            });
      }
    }
  }

  private Future<Void> deliver(DeliveryQueue.Delivery delivery, PreferenceStore.Stored stored) {
    Preferences preferences = stored.preferences();
    Notification notification = delivery.notification();
    long now = System.currentTimeMillis();
    if (LOG.isDebugEnabled()) {
      // The log context only for the line: a delivery pays nothing while debug is off.
      try (LogContext.Scope ignored = LogContext.user(notification.user())) {
        LOG.debug("delivering {} (attempt {}) by {}", delivery.id(), delivery.attempts() + 1,
            delivery.channel());
      }
    }
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
              return retry(delivery, config.webhook().retry(),
                  WebhookSender.statusReason(status));
            }, e -> retry(delivery, config.webhook().retry(), WebhookSender.reason(e)));
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
                e -> e instanceof Mailer.Refused ? refused(delivery, e.getMessage())
                    : retry(delivery, config.mail().retry(), String.valueOf(e.getMessage())));
      }
      default -> {
        return finish(delivery, DeliveryQueue.FAILED, "unknown channel");
      }
    }
  }

  /** The SMTP server refused a mail for good: retrying for a day would only repeat it. */
  private Future<Void> refused(DeliveryQueue.Delivery delivery, String reply) {
    try (LogContext.Scope ignored = LogContext.user(delivery.notification().user())) {
      LOG.warn("mail {} refused, not retried: {}", delivery.id(), reply);
    }
    return finish(delivery, DeliveryQueue.FAILED, "refused: " + reply);
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
      try (LogContext.Scope ignored = LogContext.user(delivery.notification().user())) {
        LOG.warn("giving up delivery {} by {} after {} attempts: {}", delivery.id(),
            delivery.channel(), attempts, error);
      }
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
    try (LogContext.Scope ignored = LogContext.user(user)) {
      LOG.info("webhook disabled: {}", reason);
    }
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

  /** How long a delivery waited in the queue before its first attempt. */
  private void waited(String channelName, long millis) {
    waits.computeIfAbsent(channelName, key -> Timer.builder("tickwire.notifications.queue.wait")
        .description("From a notification's recording to its delivery's first attempt, per"
            + " channel (quiet hours included)")
        .tag("channel", channelName).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
        .register(registry)).record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  private void count(String channelName, String outcome) {
    counters.computeIfAbsent(channelName + "/" + outcome, key -> Counter
        .builder("tickwire.notifications.deliveries").description("Delivery outcomes")
        .tag("channel", channelName).tag("outcome", outcome).register(registry)).increment();
  }
}
