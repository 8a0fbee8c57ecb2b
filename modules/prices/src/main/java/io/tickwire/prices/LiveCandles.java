package io.tickwire.prices;

import io.tickwire.protocol.Channels;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The live view of a {@link CandleStore}: what to publish on {@code candles.<SYMBOL>.<interval>}
 * so that a client sees the same candles {@code prices.history} answers with. Per symbol and
 * interval: the forming candle at most once per {@value #FORMING_INTERVAL_MS} ms while it
 * changes, and each candle once more with {@code closed: true} when its interval is over: on
 * the first value of a later candle ({@link #recorded}), or on a sweep ({@link #sweep}) once the
 * interval has been over for {@value #CLOSE_GRACE_MS} ms, whichever comes first. The grace lets
 * a value made just before the end, still on its way, into the candle before it is closed.
 *
 * <p>Every member follows every symbol, so that the one that gains a symbol after a fail-over
 * goes on from the candles it has; only symbols {@code owned} are published (a candle that
 * closes while the symbol is not owned here is taken as published by its owner). A value that
 * arrives late for a candle already closed (a clock step, a fail-over) changes the history but
 * is not published again. A plain class; not thread-safe.
 */
final class LiveCandles {

  /** The shortest time between two messages of one forming candle channel. */
  static final long FORMING_INTERVAL_MS = 1_000;
  /** How long after its end a candle with no later value is closed by time alone. */
  static final long CLOSE_GRACE_MS = 250;

  /** One channel message to publish. */
  record Message(String channel, JsonObject data) {
  }

  private final CandleStore store;
  private final Map<String, Map<CandleInterval, Channel>> channels = new HashMap<>();

  LiveCandles(CandleStore store) {
    this.store = store;
  }

  /** What to publish after {@code symbol}'s value was recorded in the store at {@code now}. */
  List<Message> recorded(String symbol, long now, boolean owned) {
    List<Message> messages = new ArrayList<>(2);
    Map<CandleInterval, Channel> bySymbol = channels.computeIfAbsent(symbol,
        ignored -> new EnumMap<>(CandleInterval.class));
    for (CandleInterval interval : CandleInterval.values()) {
      bySymbol.computeIfAbsent(interval, ignored -> new Channel(symbol, interval, now))
          .check(store, now, owned, messages);
    }
    return messages;
  }

  /** What time alone makes due at {@code now}: closed candles, forming ones held back. */
  List<Message> sweep(long now, Predicate<String> owned) {
    List<Message> messages = new ArrayList<>();
    channels.forEach((symbol, bySymbol) -> {
      boolean publish = owned.test(symbol);
      bySymbol.values().forEach(channel -> channel.check(store, now, publish, messages));
    });
    return messages;
  }

  /** One symbol at one interval: what its channel has been told. */
  private static final class Channel {

    private final String symbol;
    private final CandleInterval interval;
    private final String name;
    // Candles starting at or before this are closed and done with.
    private long closedThrough;
    private Candle sent;
    private long sentAt = Long.MIN_VALUE;

    Channel(String symbol, CandleInterval interval, long now) {
      this.symbol = symbol;
      this.interval = interval;
      this.name = Channels.candles(symbol, interval.token());
      // Candles closed before this member looked are not news.
      this.closedThrough = interval.start(now) - interval.millis();
    }

    void check(CandleStore store, long now, boolean publish, List<Message> messages) {
      // One value adds at most one candle, and a sweep closes only the newest: two suffice.
      List<Candle> latest = store.range(symbol, interval, null, null, 2);
      for (int i = 0; i < latest.size(); i++) {
        Candle candle = latest.get(i);
        boolean newest = i == latest.size() - 1;
        boolean over = !newest || candle.t() + interval.millis() + CLOSE_GRACE_MS <= now;
        if (candle.t() <= closedThrough) {
          continue;
        }
        if (!over) {
          if (publish && !candle.equals(sent) && (sentAt == Long.MIN_VALUE
              || now - sentAt >= FORMING_INTERVAL_MS)) {
            messages.add(message(candle, false));
            sent = candle;
            sentAt = now;
          }
          continue;
        }
        closedThrough = candle.t();
        if (publish) {
          messages.add(message(candle, true));
        }
      }
    }

    private Message message(Candle candle, boolean closed) {
      JsonObject data = new JsonObject().put("symbol", symbol).put("interval", interval.token());
      candle.toJson().forEach(field -> data.put(field.getKey(), field.getValue()));
      return new Message(name, data.put("closed", closed));
    }
  }
}
