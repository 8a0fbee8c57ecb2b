package io.tickwire.notifications;

import io.netty.channel.ConnectTimeoutException;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a notification to a webhook URL, signed the Standard Webhooks way: headers
 * {@code webhook-id} (the notification's id, the same on every retry), {@code webhook-timestamp}
 * (seconds) and {@code webhook-signature}. Answers the response's status; redirects are not
 * followed.
 *
 * <p>The host is resolved and checked by {@link WebhookTargets}, and the request goes to that
 * very address (the URL's host stays in {@code Host} and TLS SNI, and the certificate is
 * verified against it); the connection's remote address is checked once more before anything is
 * sent. At most {@value #MAX_RESPONSE_BYTES} bytes of the answer are read, then the connection
 * is closed. The whole attempt, resolving included, gets {@code webhook.timeoutMs}; then the
 * request is reset. A failure carries a generic reason ({@code connection refused},
 * {@code timeout}, …), never the exception's text, which would tell a user what listens where.
 */
final class WebhookSender {

  /** The most of a receiver's answer that is read. */
  static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

  /** A failed attempt: the message is a generic reason, safe to show the user. */
  static final class Failure extends RuntimeException {
    Failure(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final WebhookTargets targets;
  private final long timeoutMs;

  WebhookSender(Vertx vertx, WebhookConfig config, WebhookTargets targets) {
    this.vertx = vertx;
    this.targets = targets;
    this.timeoutMs = config.timeoutMs();
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) config.timeoutMs()).setKeepAlive(false).setVerifyHost(true));
  }

  /** The body POSTed for a notification. */
  static String body(Notification notification, long now) {
    return new JsonObject().put("type", "notification.created")
        .put("timestamp", Instant.ofEpochMilli(now).toString())
        .put("data", notification.toJson()).encode();
  }

  /** What a user is told about an answer that is not 2xx: its class, {@code HTTP 5xx}. */
  static String statusReason(int status) {
    return "HTTP " + (status / 100) + "xx";
  }

  /**
   * Sends one attempt. Must be called on the caller's event loop, where its future completes;
   * fails with a {@link Failure}.
   */
  Future<Integer> send(String url, String secret, Notification notification) {
    WebhookTargets.Target target;
    try {
      target = WebhookTargets.Target.parse(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new Failure("invalid URL"));
    }
    return new Attempt(target, notification, secret).run();
  }

  Future<Void> close() {
    return client.close();
  }

  /** One POST: its request once there is one, and its deadline. Confined to one event loop. */
  private final class Attempt {
    private final WebhookTargets.Target target;
    private final Notification notification;
    private final String secret;
    private final Promise<Integer> result = Promise.promise();
    private HttpClientRequest request;
    private boolean over;

    Attempt(WebhookTargets.Target target, Notification notification, String secret) {
      this.target = target;
      this.notification = notification;
      this.secret = secret;
    }

    Future<Integer> run() {
      long timer = vertx.setTimer(timeoutMs, ignored -> fail(new Failure("timeout")));
      long now = System.currentTimeMillis();
      String body = body(notification, now);
      targets.address(target.host())
          .compose(address -> client.request(options(address, body, now / 1_000)))
          .compose(this::connected)
          .compose(sent -> sent.send(body))
          .compose(this::read)
          .onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
              over = true;
              result.tryComplete(done.result());
            } else {
              fail(done.cause());
            }
          });
      return result.future();
    }

    private RequestOptions options(InetAddress address, String body, long timestamp) {
      // Connect to the address that was checked; the name stays the request's authority.
      return new RequestOptions().setMethod(HttpMethod.POST)
          .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address,
              target.port())))
          .setHost(target.host()).setPort(target.port()).setSsl(target.https())
          .setURI(target.requestUri()).setFollowRedirects(false)
          .setConnectTimeout(timeoutMs).setIdleTimeout(timeoutMs)
          .putHeader("content-type", "application/json")
          .putHeader("user-agent", "tickwire-webhooks/1")
          .putHeader("webhook-id", notification.id())
          .putHeader("webhook-timestamp", Long.toString(timestamp))
          .putHeader("webhook-signature",
              WebhookSignature.sign(secret, notification.id(), timestamp, body));
    }

    /** Checks the address actually connected to before anything is written on it. */
    private Future<HttpClientRequest> connected(HttpClientRequest opened) {
      request = opened;
      if (over) {
        opened.reset();
        return Future.failedFuture(new Failure("timeout"));
      }
      SocketAddress remote = opened.connection().remoteAddress(true);
      byte[] bytes = remote == null || remote.hostAddress() == null ? null
          : NetUtil.createByteArrayFromIpAddressString(remote.hostAddress());
      try {
        if (bytes == null || !targets.allows(target.host(), InetAddress.getByAddress(bytes))) {
          return Future.failedFuture(new Failure(WebhookTargets.NOT_ALLOWED));
        }
      } catch (UnknownHostException e) {
        return Future.failedFuture(new Failure(WebhookTargets.NOT_ALLOWED));
      }
      return Future.succeededFuture(opened);
    }

    /** Reads at most {@link #MAX_RESPONSE_BYTES} of the answer, then cuts the connection. */
    private Future<Integer> read(HttpClientResponse response) {
      Promise<Integer> read = Promise.promise();
      int status = response.statusCode();
      long[] bytes = {0};
      response.handler(chunk -> {
        bytes[0] += chunk.length();
        if (bytes[0] > MAX_RESPONSE_BYTES && read.tryComplete(status)) {
          LOG.debug("webhook answer for {} over {} bytes: connection closed",
              notification.id(), MAX_RESPONSE_BYTES);
          request.reset();
        }
      });
      response.exceptionHandler(read::tryFail);
      response.endHandler(ignored -> read.tryComplete(status));
      return read.future();
    }

    private void fail(Throwable cause) {
      if (over) {
        return;
      }
      over = true;
      if (request != null) {
        request.reset();
      }
      String reason = reason(cause);
      LOG.debug("webhook attempt for {} failed ({}): {}", notification.id(), reason,
          String.valueOf(cause));
      result.tryFail(new Failure(reason));
    }
  }

  /** The generic reason of a failed attempt. */
  static String reason(Throwable cause) {
    if (cause instanceof Failure || cause instanceof WebhookTargets.Refused) {
      return cause.getMessage();
    }
    if (cause instanceof TimeoutException
        || cause instanceof ConnectTimeoutException) {
      return "timeout";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof HttpClosedException || cause instanceof StreamResetException) {
      return "connection closed";
    }
    if (cause instanceof SSLException) {
      return "TLS handshake failed";
    }
    if (cause instanceof UnknownHostException) {
      return WebhookTargets.NOT_FOUND;
    }
    return "connection failed";
  }
}
