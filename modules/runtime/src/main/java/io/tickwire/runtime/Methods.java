package io.tickwire.runtime;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ClientFrames;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.RequestHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way services offer request methods and the gateway calls them. A service registers a
 * {@link MethodHandler} per method; the gateway forwards each {@code request} frame to the
 * method's address with the caller in {@link RequestHeaders}; the reply body is
 * {@code {"data": result}}, a refusal is an event-bus failure whose code is the
 * {@link ErrorCode#status()}.
 */
public final class Methods {

  private static final Logger LOG = LoggerFactory.getLogger(Methods.class);

  private Methods() {
  }

  /**
   * Registers {@code handler} for {@code method} on the (clustered) event bus. Unregister the
   * returned consumer to withdraw the method.
   */
  public static MessageConsumer<JsonObject> register(Vertx vertx, String method,
      MethodHandler handler) {
    if (!ClientFrames.isMethodName(method)) {
      throw new IllegalArgumentException("not a method name: " + method);
    }
    return vertx.eventBus().consumer(Addresses.method(method),
        message -> serve(method, handler, message));
  }

  private static void serve(String method, MethodHandler handler, Message<JsonObject> message) {
    MethodCall call = new MethodCall(method, message.headers().get(RequestHeaders.USER),
        message.headers().get(RequestHeaders.SESSION), wallets(message.headers()),
        message.body());
    Future<?> result;
    try {
      result = handler.handle(call);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(
        data -> message.reply(new JsonObject().put("data", data)),
        failure -> {
          ProtocolException refusal = errorOf(failure);
          if (refusal.code() == ErrorCode.INTERNAL) {
            LOG.error("method {} failed for user {}", method, call.user(), failure);
          }
          message.fail(refusal.code().status(), refusal.getMessage());
        });
  }

  /**
   * Calls {@code method} as the gateway does, for services calling each other and for tests.
   * Fails with a {@link ProtocolException}.
   */
  public static Future<Object> call(Vertx vertx, String method, JsonObject data, String user,
      long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    if (user != null) {
      options.addHeader(RequestHeaders.USER, user);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.method(method), data, options)
        .<Object>map(reply -> reply.body().getValue("data"))
        .recover(failure -> Future.failedFuture(errorOf(failure)));
  }

  /**
   * What a failed call means for the client: a service's own refusal keeps its code; no handler
   * is {@code not_found}; no answer in time is {@code timeout}; anything else is
   * {@code internal}.
   */
  public static ProtocolException errorOf(Throwable failure) {
    if (failure instanceof ProtocolException refusal) {
      return refusal;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case NO_HANDLERS -> new ProtocolException(ErrorCode.NOT_FOUND, "no service offers this");
        case TIMEOUT -> new ProtocolException(ErrorCode.TIMEOUT, "the service did not answer in time");
        case RECIPIENT_FAILURE -> new ProtocolException(ErrorCode.fromStatus(reply.failureCode()),
            reply.getMessage() == null ? "the service failed" : reply.getMessage());
        default -> new ProtocolException(ErrorCode.UNAVAILABLE, "the service is unavailable");
      };
    }
    return new ProtocolException(ErrorCode.INTERNAL, "internal error");
  }

  private static Set<String> wallets(MultiMap headers) {
    String wallets = headers.get(RequestHeaders.WALLETS);
    if (wallets == null || wallets.isEmpty()) {
      return Set.of();
    }
    return Arrays.stream(wallets.split(",")).collect(Collectors.toUnmodifiableSet());
  }
}
