package io.tickwire.client;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Listeners of one kind of event. Adding and removing is safe from any thread; events are fired
 * on the client's event loop, in registration order. A listener that throws is logged and does
 * not stop the others.
 */
final class ListenerSet<T> {

  private static final System.Logger LOG = System.getLogger(ListenerSet.class.getName());

  private final CopyOnWriteArrayList<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();

  Registration add(Consumer<? super T> listener) {
    if (listener == null) {
      throw new NullPointerException("listener");
    }
    // A wrapper per registration, so the same listener added twice is removed once per handle.
    Consumer<? super T> entry = listener::accept;
    listeners.add(entry);
    return () -> listeners.remove(entry);
  }

  void fire(T event) {
    for (Consumer<? super T> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a tickwire client listener failed on " + event, e);
      }
    }
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }
}
