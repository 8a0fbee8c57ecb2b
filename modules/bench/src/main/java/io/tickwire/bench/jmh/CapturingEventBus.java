package io.tickwire.bench.jmh;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link EventBus} stand-in that only registers consumers, and hands a benchmark the handler
 * a class under test installed, so the benchmark can call it directly: what it measures is the
 * consumer's own work, not the event bus's dispatch to an event loop. Any other use of the bus
 * fails with {@link UnsupportedOperationException}. Not thread-safe.
 */
public final class CapturingEventBus {

  private final Map<String, Handler<Message<Object>>> handlers = new HashMap<>();
  private final EventBus eventBus = (EventBus) Proxy.newProxyInstance(
      EventBus.class.getClassLoader(), new Class<?>[] {EventBus.class},
      (proxy, method, args) -> switch (method.getName()) {
        case "consumer", "localConsumer" -> consumer((String) args[0],
            args.length > 1 ? castHandler(args[1]) : null);
        case "toString" -> "CapturingEventBus";
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> throw new UnsupportedOperationException("the benchmark event bus only "
            + "registers consumers, not " + method.getName());
      });

  /** The stand-in to give the class under test. */
  public EventBus eventBus() {
    return eventBus;
  }

  /** The handler registered for {@code address}. */
  @SuppressWarnings("unchecked")
  public <T> Handler<Message<T>> handler(String address) {
    Handler<Message<Object>> handler = handlers.get(address);
    if (handler == null) {
      throw new IllegalStateException("no consumer registered for " + address);
    }
    return (Handler<Message<T>>) (Handler<?>) handler;
  }

  /** A message as a consumer receives it: only its address and body are known. */
  public static <T> Message<T> message(String address, T body) {
    return new BodyOnly<>(address, body);
  }

  @SuppressWarnings("unchecked")
  private static Handler<Message<Object>> castHandler(Object handler) {
    return (Handler<Message<Object>>) handler;
  }

  private MessageConsumer<?> consumer(String address, Handler<Message<Object>> initial) {
    if (initial != null) {
      handlers.put(address, initial);
    }
    return (MessageConsumer<?>) Proxy.newProxyInstance(MessageConsumer.class.getClassLoader(),
        new Class<?>[] {MessageConsumer.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "handler" -> {
              if (args[0] == null) {
                handlers.remove(address);
              } else {
                handlers.put(address, castHandler(args[0]));
              }
              return proxy;
            }
            case "completion" -> {
              return Future.succeededFuture();
            }
            case "unregister" -> {
              handlers.remove(address);
              return Future.succeededFuture();
            }
            case "isRegistered" -> {
              return handlers.containsKey(address);
            }
            case "address" -> {
              return address;
            }
            case "hashCode" -> {
              return System.identityHashCode(proxy);
            }
            case "equals" -> {
              return proxy == args[0];
            }
            case "toString" -> {
              return "consumer of " + address;
            }
            default -> {
              if (method.getReturnType().isInstance(proxy)) {
                return proxy;
              }
              throw new UnsupportedOperationException(method.getName());
            }
          }
        });
  }

  private record BodyOnly<T>(String address, T body) implements Message<T> {

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }

    @Override
    public String replyAddress() {
      return null;
    }

    @Override
    public boolean isSend() {
      return false;
    }

    @Override
    public void reply(Object message, DeliveryOptions options) {
      throw new UnsupportedOperationException("a published message takes no reply");
    }

    @Override
    public <R> Future<Message<R>> replyAndRequest(Object message, DeliveryOptions options) {
      throw new UnsupportedOperationException("a published message takes no reply");
    }
  }
}
