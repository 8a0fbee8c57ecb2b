package io.tickwire.client;

import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.ServerFrames.Granted;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The channels the client wants, where it stands in each, and the callers waiting for their
 * subscriptions to be answered. It builds every {@code subscribe} frame (with {@code since} for
 * channels seen before) and reads every {@code subscribed} answer, raising {@link Resync} for a
 * channel resumed with {@code since} that the server could not recover. Confined to the client's
 * event loop.
 */
final class Subscriptions {

  private static final class Waiter {
    final Set<String> remaining;
    final List<Granted> granted = new ArrayList<>();
    final List<ProtocolException> refused = new ArrayList<>();
    final Promise<SubscribeResult> promise = Promise.promise();

    Waiter(Collection<String> channels) {
      remaining = new LinkedHashSet<>(channels);
    }

    void settleIfDone() {
      if (remaining.isEmpty()) {
        promise.tryComplete(new SubscribeResult(granted, refused));
      }
    }
  }

  /** A subscribe frame waiting for its answer: its channels, and those sent with since. */
  private record InFlight(List<String> channels, Set<String> resumed) {
  }

  private final Set<String> wanted = new LinkedHashSet<>();
  private final Map<String, Granted> active = new HashMap<>();
  /** Subscribe frames in flight, by id. */
  private final Map<String, InFlight> inFlight = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Positions positions = new Positions();

  /**
   * Records that the caller wants {@code channels}; answers the caller's future and, through
   * {@code toSend}, the channels not yet granted on this connection (already granted ones are
   * answered at once with where they stand).
   */
  Promise<SubscribeResult> want(List<String> channels, List<String> toSend) {
    Waiter waiter = new Waiter(channels);
    for (String channel : channels) {
      wanted.add(channel);
      Granted granted = active.get(channel);
      if (granted != null) {
        waiter.remaining.remove(channel);
        waiter.granted.add(granted);
      } else if (!inFlight(channel)) {
        // A channel already asked for is answered by that frame; asking twice would make the
        // server answer the second as an existing subscription, without recovery.
        toSend.add(channel);
      }
    }
    waiters.add(waiter);
    waiter.settleIfDone();
    if (waiter.promise.future().isComplete()) {
      waiters.remove(waiter);
    }
    return waiter.promise;
  }

  /**
   * Forgets {@code channels}: no longer wanted, their positions dropped; callers still waiting for
   * them stop waiting.
   */
  void drop(Collection<String> channels) {
    for (String channel : channels) {
      wanted.remove(channel);
      active.remove(channel);
      positions.forget(channel);
      settle(channel, waiter -> { });
    }
  }

  boolean isWanted(String channel) {
    return wanted.contains(channel);
  }

  /** Every wanted channel, to subscribe again on a new connection. */
  List<String> all() {
    return new ArrayList<>(wanted);
  }

  /** The connection was lost: nothing is granted any more, positions stay. */
  void disconnected() {
    active.clear();
    inFlight.clear();
  }

  /** A {@code subscribe} frame for {@code channels}, resuming those seen before. */
  JsonObject frame(String id, List<String> channels) {
    Map<String, Position> since = positions.since(channels);
    inFlight.put(id, new InFlight(List.copyOf(channels), Set.copyOf(since.keySet())));
    return new ClientFrame.Subscribe(id, channels, since).toJson();
  }

  /** Whether a channel message is new (not a duplicate by seq) and wanted. */
  boolean accept(String channel, long seq, String epoch) {
    return wanted.contains(channel) && positions.advance(channel, seq, epoch);
  }

  Position position(String channel) {
    return positions.of(channel);
  }

  /**
   * Reads a {@code subscribed} frame; raises a resync for channels that were not recovered, and
   * drops the channels it lists as refused (under {@code errors}), answering them.
   */
  List<ProtocolException> subscribed(JsonObject frame, Consumer<Resync> resync) {
    InFlight sent = inFlight.remove(frame.getString("id"));
    Set<String> resumed = sent == null ? Set.of() : sent.resumed();
    JsonArray channels = frame.getJsonArray("channels", new JsonArray());
    for (int i = 0; i < channels.size(); i++) {
      JsonObject entry = channels.getJsonObject(i);
      String channel = entry.getString("channel");
      if (!wanted.contains(channel)) {
        continue;
      }
      Granted granted = new Granted(channel, entry.getLong("seq", 0L), entry.getString("epoch"),
          entry.getBoolean("recovered", false));
      active.put(channel, granted);
      if (resumed.contains(channel) && !granted.recovered()) {
        resync.accept(new Resync(channel, granted.seq(), granted.epoch()));
      }
      settle(channel, waiter -> waiter.granted.add(granted));
    }
    List<ProtocolException> refusals = new ArrayList<>();
    JsonArray errors = frame.getJsonArray("errors", new JsonArray());
    for (int i = 0; i < errors.size(); i++) {
      JsonObject entry = errors.getJsonObject(i);
      ErrorCode code = ErrorCode.fromToken(entry.getString("code"));
      ProtocolException error = new ProtocolException(code == null ? ErrorCode.INTERNAL : code,
          entry.getString("message", ""), frame.getString("id"), entry.getString("channel"));
      if (error.channel() != null) {
        refused(error);
        refusals.add(error);
      }
    }
    // A channel the answer lists nowhere was left meanwhile.
    return refusals;
  }

  /**
   * The server refused a whole {@code subscribe} frame (an error with its id and no channel, such
   * as more names than it allows in one frame): its channels are refused with that error. Answers
   * whether the error was for a subscribe frame.
   */
  boolean frameRefused(ProtocolException error) {
    InFlight sent = error.id() == null ? null : inFlight.remove(error.id());
    if (sent == null) {
      return false;
    }
    for (String channel : sent.channels()) {
      refused(new ProtocolException(error.code(), error.getMessage(), error.id(), channel));
    }
    return true;
  }

  /** A channel was refused or revoked by the server: it is no longer wanted. */
  void refused(ProtocolException error) {
    String channel = error.channel();
    settle(channel, waiter -> waiter.refused.add(error));
    drop(List.of(channel));
  }

  /** Fails every waiting caller (the client closed or gave up). */
  void failAll(Throwable cause) {
    for (Waiter waiter : waiters) {
      waiter.promise.tryFail(cause);
    }
    waiters.clear();
  }

  private boolean inFlight(String channel) {
    for (InFlight frame : inFlight.values()) {
      if (frame.channels().contains(channel)) {
        return true;
      }
    }
    return false;
  }

  private void settle(String channel, Consumer<Waiter> record) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.remaining.remove(channel)) {
        record.accept(waiter);
        waiter.settleIfDone();
        if (waiter.promise.future().isComplete()) {
          it.remove();
        }
      }
    }
  }

  /** The channels and positions, for diagnostics. */
  Map<String, Position> snapshot() {
    Map<String, Position> all = new LinkedHashMap<>();
    wanted.forEach(channel -> all.put(channel, positions.of(channel)));
    return all;
  }
}
