package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * POSTs a notification to a webhook URL, signed the Standard Webhooks way: headers
 * {@code webhook-id} (the notification's id, the same on every retry), {@code webhook-timestamp}
 * (seconds) and {@code webhook-signature}. Answers the response's status; fails when there was
 * no answer within the timeout. Redirects are not followed.
 */
final class WebhookSender {

  private final HttpClient client;
  private final long timeoutMs;

  WebhookSender(Vertx vertx, WebhookConfig config) {
    this.timeoutMs = config.timeoutMs();
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) config.timeoutMs()).setKeepAlive(false));
  }

  /** The body POSTed for a notification. */
  static String body(Notification notification, long now) {
    return new JsonObject().put("type", "notification.created")
        .put("timestamp", Instant.ofEpochMilli(now).toString())
        .put("data", notification.toJson()).encode();
  }

  Future<Integer> send(String url, String secret, Notification notification) {
    long now = System.currentTimeMillis();
    String body = body(notification, now);
    long timestamp = now / 1_000;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(url).setFollowRedirects(false)
        .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
        .putHeader("content-type", "application/json")
        .putHeader("user-agent", "tickwire-webhooks/1")
        .putHeader("webhook-id", notification.id())
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature",
            WebhookSignature.sign(secret, notification.id(), timestamp, body));
    return client.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(ignored -> response.statusCode()))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  Future<Void> close() {
    return client.close();
  }
}
