package io.tickwire.notifications;

import io.tickwire.protocol.Addresses;
import io.tickwire.runtime.MethodCall;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Serves the user's side of notifications: {@code notifications.list} (paged, newest first,
 * optionally unread only, with each notification's deliveries), {@code notifications.ack}
 * (mark read, one or everything up to an id), {@code preferences.get} and
 * {@code preferences.set} (a new webhook secret is answered once, when it is made; a new webhook
 * URL whose host is or resolves to an internal address is refused with {@code bad_request}). A
 * token is required.
 *
 * <p>Consumes {@code tickwire.rpc.notifications.*} and {@code tickwire.rpc.preferences.*};
 * sends {@link Addresses#NOTIFICATIONS_DISPATCH} when changed preferences may release waiting
 * deliveries. Config: {@code notifications.limits}, {@code webhook.allowHttp},
 * {@code webhook.allowedHosts}. Runs on one event loop; storage and name lookups run off it.
 */
public final class InboxVerticle extends VerticleBase {

  private final NotificationsConfig config;
  private final Storage storage;
  private final Function<Vertx, HostResolver> resolvers;
  private WebhookTargets targets;

  public InboxVerticle(NotificationsConfig config, Storage storage) {
    this(config, storage, HostResolver::system);
  }

  /** An inbox that checks webhook hosts with the resolver {@code resolvers} makes. */
  InboxVerticle(NotificationsConfig config, Storage storage,
      Function<Vertx, HostResolver> resolvers) {
    this.config = config;
    this.storage = storage;
    this.resolvers = resolvers;
  }

  @Override
  public Future<?> start() {
    targets = new WebhookTargets(config.webhook().policy(), resolvers.apply(vertx));
    return Future.all(
        Methods.register(vertx, "notifications.list", this::list).completion(),
        Methods.register(vertx, "notifications.ack", this::ack).completion(),
        Methods.register(vertx, "preferences.get", this::preferences).completion(),
        Methods.register(vertx, "preferences.set", this::setPreferences).completion());
  }

  private Future<JsonObject> list(MethodCall call) {
    String user = call.requireUser();
    JsonObject data = call.data();
    Requests.only(data, Set.of("limit", "before", "unreadOnly"));
    int limit = config.limits().pageSize();
    Object asked = data.getValue("limit");
    if (asked != null) {
      int max = config.limits().maxPageSize();
      if (!(asked instanceof Number number) || number.doubleValue() != Math.rint(
          number.doubleValue()) || number.intValue() < 1 || number.intValue() > max) {
        throw Requests.bad("field 'limit' must be a whole number from 1 to " + max);
      }
      limit = number.intValue();
    }
    String before = data.getValue("before") == null ? null : Requests.id(data, "before");
    boolean unreadOnly = Requests.flag(data, "unreadOnly", false);
    return storage.notifications().list(user, before, limit, unreadOnly).map(page -> {
      JsonArray notifications = new JsonArray();
      for (Notification notification : page.notifications()) {
        JsonArray deliveries = new JsonArray();
        for (NotificationStore.DeliveryStatus status : page.deliveries()
            .getOrDefault(notification.id(), List.of())) {
          JsonObject delivery = new JsonObject().put("channel", status.channel())
              .put("status", status.status()).put("attempts", status.attempts());
          if (DeliveryQueue.WAITING.equals(status.status())
              || DeliveryQueue.PENDING.equals(status.status())) {
            delivery.put("nextAttemptAt", status.nextAttemptAt());
          }
          if (status.error() != null) {
            delivery.put("error", status.error());
          }
          deliveries.add(delivery);
        }
        notifications.add(notification.toJson().put("deliveries", deliveries));
      }
      return new JsonObject().put("notifications", notifications).put("unread", page.unread())
          .put("next", page.next());
    });
  }

  private Future<JsonObject> ack(MethodCall call) {
    String user = call.requireUser();
    JsonObject data = call.data();
    Requests.only(data, Set.of("id", "upTo"));
    boolean upTo = data.containsKey("upTo");
    if (upTo == data.containsKey("id")) {
      throw Requests.bad("give either 'id' (one notification) or 'upTo' (every one up to it)");
    }
    String id = Requests.id(data, upTo ? "upTo" : "id");
    return storage.notifications().ack(user, id, upTo)
        .compose(acked -> storage.notifications().unread(user)
            .map(unread -> new JsonObject().put("acked", acked).put("unread", unread)));
  }

  private Future<JsonObject> preferences(MethodCall call) {
    String user = call.requireUser();
    Requests.only(call.data(), Set.of());
    return storage.preferences().get(user)
        .map(stored -> stored.preferences().toJson(stored.webhookSecret() != null));
  }

  private Future<JsonObject> setPreferences(MethodCall call) {
    String user = call.requireUser();
    JsonObject changes = call.data();
    return storage.preferences().get(user).compose(stored -> {
      Preferences.Change change = stored.preferences().apply(changes,
          config.webhook().allowHttp(), stored.webhookSecret() != null);
      String secret = change.newSecret() ? WebhookSignature.newSecret() : stored.webhookSecret();
      Preferences preferences = change.preferences();
      String url = preferences.webhookUrl();
      boolean newUrl = url != null && !url.equals(stored.preferences().webhookUrl());
      return (newUrl ? checkTarget(url) : Future.<Void>succeededFuture())
          .compose(ignored -> storage.preferences().put(user, preferences, secret))
          // Deliveries waiting for quiet hours are looked at again under the new preferences.
          .compose(ignored -> storage.deliveries().wake(user, System.currentTimeMillis()))
          .map(woken -> {
            if (woken > 0) {
              vertx.eventBus().send(Addresses.NOTIFICATIONS_DISPATCH, user,
                  new DeliveryOptions().setLocalOnly(true));
            }
            JsonObject answer = preferences.toJson(secret != null);
            if (change.newSecret()) {
              answer.put("webhookSecret", secret);
            }
            return answer;
          });
    });
  }

  /**
   * Refuses a webhook URL whose host is, or resolves to, an address webhooks may not go to; the
   * name is looked up off the event loop. One answer for "no such host" and "an internal
   * host", so the check tells nothing about the internal network.
   */
  private Future<Void> checkTarget(String url) {
    WebhookTargets.Target target = WebhookTargets.Target.parse(url);
    return targets.address(target.host())
        .timeout(config.webhook().timeoutMs(), TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(Requests.bad("field 'webhook.url' must name a host"
            + " with public addresses only (not loopback, private, link-local, shared,"
            + " multicast or unspecified)")));
  }
}
