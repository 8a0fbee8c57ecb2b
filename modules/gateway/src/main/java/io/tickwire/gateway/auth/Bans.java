package io.tickwire.gateway.auth;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The users this node refuses for a while after a disconnect that carried {@code banSeconds}:
 * their WebSocket and SSE handshakes get 403 {@code forbidden}, and so does an {@code auth} frame
 * that would sign a connection in as one of them. Every node keeps its own list, filled by the
 * disconnect it receives on the event bus; a ban ends by itself. At most {@value #MAX_BANS}
 * users are held: beyond that, the ban that ends soonest is dropped. Thread-safe.
 */
public final class Bans {

  /** The most users banned at once on one node. */
  public static final int MAX_BANS = 100_000;

  private final ConcurrentHashMap<String, Long> until = new ConcurrentHashMap<>();
  private final LongSupplier clockNanos;

  public Bans() {
    this(System::nanoTime);
  }

  Bans(LongSupplier clockNanos) {
    this.clockNanos = clockNanos;
  }

  /** Refuses {@code user} for {@code seconds} from now; a longer ban in place is kept. */
  public void ban(String user, long seconds) {
    if (seconds <= 0) {
      return;
    }
    long now = clockNanos.getAsLong();
    if (until.size() >= MAX_BANS && !until.containsKey(user)) {
      until.entrySet().removeIf(entry -> entry.getValue() - now <= 0);
      if (until.size() >= MAX_BANS) {
        until.entrySet().stream().min(Map.Entry.comparingByValue())
            .ifPresent(soonest -> until.remove(soonest.getKey()));
      }
    }
    long end = now + seconds * 1_000_000_000L;
    until.merge(user, end, (a, b) -> b - a > 0 ? b : a);
  }

  /** How many ms the ban of {@code user} still lasts; 0 when the user is not banned. */
  public long remainingMs(String user) {
    if (user == null) {
      return 0;
    }
    Long end = until.get(user);
    if (end == null) {
      return 0;
    }
    long left = end - clockNanos.getAsLong();
    if (left <= 0) {
      until.remove(user, end);
      return 0;
    }
    return Math.max(1, left / 1_000_000);
  }

  /** {@code principal}, or a failed future with 403 {@code forbidden} while its user is banned. */
  public Future<Principal> admit(Principal principal) {
    long left = remainingMs(principal.user());
    if (left == 0) {
      return Future.succeededFuture(principal);
    }
    return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, "user "
        + principal.user() + " was disconnected by an operator and may not connect for another "
        + (left + 999) / 1000 + " s"));
  }

  /** How many users are banned now (ended bans not yet looked at may be counted). */
  public int size() {
    return until.size();
  }
}
