package io.tickwire.client;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a client told its listeners, in order, for a test to wait on. */
final class Events {

  static final long WAIT_SECONDS = 15;

  final BlockingQueue<StateChange> states = new LinkedBlockingQueue<>();
  final BlockingQueue<TickwireMessage> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<Resync> resyncs = new LinkedBlockingQueue<>();

  static Events of(TickwireClient client) {
    Events events = new Events();
    client.onState(events.states::add);
    client.onMessage(events.messages::add);
    client.onResync(events.resyncs::add);
    return events;
  }

  /** Skips state changes until one matches. */
  StateChange state(Predicate<StateChange> match) {
    while (true) {
      StateChange change = take(states, "a state change");
      if (match.test(change)) {
        return change;
      }
    }
  }

  StateChange state(ConnectionState state) {
    return state(change -> change.state() == state);
  }

  TickwireMessage message() {
    return take(messages, "a message");
  }

  Resync resync() {
    return take(resyncs, "a resync");
  }

  private static <T> T take(BlockingQueue<T> queue, String what) {
    try {
      T item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (item == null) {
        throw new AssertionError("no " + what + " within " + WAIT_SECONDS + " s");
      }
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
