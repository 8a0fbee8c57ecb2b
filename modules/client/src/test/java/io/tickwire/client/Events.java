package io.tickwire.client;

import io.tickwire.testkit.core.Await;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/** What a client told its listeners, in order, for a test to wait on. */
final class Events {

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
      StateChange change = Await.next(states, "state change");
      if (match.test(change)) {
        return change;
      }
    }
  }

  StateChange state(ConnectionState state) {
    return state(change -> change.state() == state);
  }

  TickwireMessage message() {
    return Await.next(messages, "message");
  }

  Resync resync() {
    return Await.next(resyncs, "resync");
  }
}
