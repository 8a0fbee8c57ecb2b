package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The active price rules, indexed per symbol by level so that a tick costs O(log n + rules
 * fired), not O(rules).
 *
 * <p>Per symbol, levels sit in sorted maps: the rules that fire when the price rises through
 * their level ({@code above}, {@code crosses} up or either), and those that fire when it falls
 * through it ({@code below}; {@code crosses} down or either). A tick from {@code p} to {@code q}
 * fires exactly the levels between them: {@code (p, q]} going up; going down {@code [q, p)} for
 * {@code below} (at or below the level) and {@code (q, p]} for {@code crosses} (a crossing is a
 * move between "below the level" and "at or above it", both ways).
 * {@code change_pct} rules sit the same way per window, keyed by percentage, against the change
 * from the window's low (up) or high (down). {@code above}, {@code below} and
 * {@code change_pct} rules fire on their first tick when their condition already holds;
 * {@code crosses} needs a real crossing. {@code every} rules stay and fire again on the next
 * crossing outside their cooldown (event time); {@code once} rules leave after firing. Rules
 * loaded from storage ({@link #load}) that fired before wait for a crossing too.
 *
 * <p>Not thread-safe: feed it from one thread (the evaluator's event loop, or a benchmark).
 */
public final class PriceIndex {

  private final Map<String, Book> books = new HashMap<>();
  private final Map<String, Armed> byId = new HashMap<>();

  /** Adds an active price rule, replacing one with the same id. */
  public void add(Rule rule) {
    RuleSpec spec = rule.spec();
    if (!spec.condition().isPrice()) {
      throw new IllegalArgumentException("not a price rule: " + spec.condition().wire());
    }
    remove(rule.id());
    Armed armed = new Armed(rule);
    byId.put(rule.id(), armed);
    Book book = books.computeIfAbsent(spec.symbol(), ignored -> new Book());
    switch (spec.condition()) {
      case ABOVE, BELOW -> book.fresh.put(rule.id(), armed);
      case CROSSES -> book.insert(armed);
      default -> book.windows.computeIfAbsent(spec.windowMs(), Window::new).fresh
          .put(rule.id(), armed);
    }
  }

  /**
   * Adds an active price rule as loaded from storage (at start, or after ownership moved), when
   * the last price before is unknown. Like {@link #add}, except that an {@code every}
   * {@code above} or {@code below} rule that has fired before is not checked on its first tick:
   * its condition held when it fired, so it fires again only once the price has crossed back and
   * over its level, as it would have without the restart.
   */
  public void load(Rule rule) {
    add(rule);
    RuleSpec spec = rule.spec();
    if (!spec.once() && rule.lastFiredAt() != null
        && (spec.condition() == Condition.ABOVE || spec.condition() == Condition.BELOW)) {
      Book book = books.get(spec.symbol());
      book.insert(book.fresh.remove(rule.id()));
    }
  }

  /** Removes a rule; answers whether it was there. */
  public boolean remove(String id) {
    Armed armed = byId.remove(id);
    if (armed == null) {
      return false;
    }
    Book book = books.get(armed.spec.symbol());
    book.fresh.remove(id);
    book.drop(armed);
    Window window = armed.spec.windowMs() == null ? null : book.windows.get(armed.spec.windowMs());
    if (window != null) {
      window.drop(armed);
      if (window.isEmpty()) {
        book.windows.remove(armed.spec.windowMs());
      }
    }
    return true;
  }

  /** The indexed rule with its firing state, or {@code null}. */
  Armed armed(String id) {
    return byId.get(id);
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** The number of rules in the index. */
  public int size() {
    return byId.size();
  }

  /** The last price seen for {@code symbol}, or NaN. */
  public double lastPrice(String symbol) {
    Book book = books.get(symbol);
    return book == null ? Double.NaN : book.last;
  }

  /**
   * Feeds a tick: reports each rule that fires to {@code fired}, in level order; {@code once}
   * rules that fired leave the index.
   *
   * @param ts the tick's event time, ms since the epoch: cooldowns and windows are measured in it
   */
  public void onTick(String symbol, double price, long ts, Consumer<Fired> fired) {
    if (!(price > 0) || Double.isInfinite(price)) {
      return;
    }
    Book book = books.computeIfAbsent(symbol, ignored -> new Book());
    double previous = book.last;
    book.last = price;
    List<Armed> finished = new ArrayList<>(0);
    if (previous > 0) {
      if (price > previous) {
        fireRange(book.up.subMap(previous, false, price, true), symbol, price, previous, "up",
            ts, fired, finished);
      } else if (price < previous) {
        fireRange(book.down.subMap(price, true, previous, false), symbol, price, previous,
            "down", ts, fired, finished);
        fireRange(book.crossDown.subMap(price, false, previous, true), symbol, price, previous,
            "down", ts, fired, finished);
      }
    }
    if (!book.fresh.isEmpty()) {
      for (Armed armed : book.fresh.values()) {
        boolean above = armed.spec.condition() == Condition.ABOVE;
        boolean holds = above ? price >= armed.spec.price() : price <= armed.spec.price();
        if (holds && armed.mayFire(ts)) {
          fired.accept(armed.fire(ts, null,
              priceFacts(armed, symbol, price, previous, above ? "up" : "down")));
        }
        if (armed.done) {
          finished.add(armed);
        } else {
          book.insert(armed);
        }
      }
      book.fresh.clear();
    }
    for (Window window : book.windows.values()) {
      window.onTick(symbol, price, ts, fired, finished);
    }
    for (Armed armed : finished) {
      remove(armed.id());
    }
  }

  private static void fireRange(NavigableMap<Double, List<Armed>> range, String symbol,
      double price, double previous, String direction, long ts, Consumer<Fired> fired,
      List<Armed> finished) {
    if (range.isEmpty()) {
      return;
    }
    for (List<Armed> bucket : range.values()) {
      for (Armed armed : bucket) {
        if (armed.mayFire(ts)) {
          fired.accept(armed.fire(ts, null, priceFacts(armed, symbol, price, previous,
              direction)));
          if (armed.done) {
            finished.add(armed);
          }
        }
      }
    }
  }

  private static JsonObject priceFacts(Armed armed, String symbol, double price,
      double previous, String direction) {
    JsonObject facts = new JsonObject().put("symbol", symbol).put("price", price)
        .put("level", armed.spec.price()).put("direction", direction);
    if (previous > 0) {
      facts.put("previous", previous);
    }
    return facts;
  }

  /** The rules and last price of one symbol. */
  private static final class Book {
    double last = Double.NaN;
    final TreeMap<Double, List<Armed>> up = new TreeMap<>();
    final TreeMap<Double, List<Armed>> down = new TreeMap<>();
    final TreeMap<Double, List<Armed>> crossDown = new TreeMap<>();
    final Map<String, Armed> fresh = new LinkedHashMap<>();
    final Map<Long, Window> windows = new HashMap<>();

    void insert(Armed armed) {
      if (armed.spec.up()) {
        Armed.put(up, armed.spec.price(), armed);
      }
      if (armed.spec.down()) {
        Armed.put(armed.spec.condition() == Condition.BELOW ? down : crossDown,
            armed.spec.price(), armed);
      }
    }

    void drop(Armed armed) {
      if (armed.spec.price() != null) {
        Armed.drop(up, armed.spec.price(), armed);
        Armed.drop(down, armed.spec.price(), armed);
        Armed.drop(crossDown, armed.spec.price(), armed);
      }
    }
  }

  /** The {@code change_pct} rules of one symbol and window, keyed by percentage. */
  private static final class Window {
    final long windowMs;
    final MinMaxWindow range;
    final TreeMap<Double, List<Armed>> rising = new TreeMap<>();
    final TreeMap<Double, List<Armed>> falling = new TreeMap<>();
    final Map<String, Armed> fresh = new LinkedHashMap<>();
    double previousUp;
    double previousDown;

    Window(long windowMs) {
      this.windowMs = windowMs;
      this.range = new MinMaxWindow(windowMs);
    }

    boolean isEmpty() {
      return rising.isEmpty() && falling.isEmpty() && fresh.isEmpty();
    }

    void drop(Armed armed) {
      fresh.remove(armed.id());
      Armed.drop(rising, armed.spec.pct(), armed);
      Armed.drop(falling, armed.spec.pct(), armed);
    }

    void onTick(String symbol, double price, long ts, Consumer<Fired> fired,
        List<Armed> finished) {
      range.add(price, ts);
      double low = range.min();
      double high = range.max();
      double up = (price - low) / low * 100;
      double down = (high - price) / high * 100;
      if (up > previousUp) {
        fire(rising.subMap(previousUp, false, up, true), symbol, price, low, up, "up", ts, fired,
            finished);
      }
      if (down > previousDown) {
        fire(falling.subMap(previousDown, false, down, true), symbol, price, high, -down, "down",
            ts, fired, finished);
      }
      previousUp = up;
      previousDown = down;
      if (fresh.isEmpty()) {
        return;
      }
      for (Armed armed : fresh.values()) {
        double pct = armed.spec.pct();
        if (armed.spec.up() && up >= pct && armed.mayFire(ts)) {
          fired.accept(armed.fire(ts, null, facts(armed, symbol, price, low, up, "up")));
        } else if (armed.spec.down() && down >= pct && armed.mayFire(ts)) {
          fired.accept(armed.fire(ts, null, facts(armed, symbol, price, high, -down, "down")));
        }
        if (armed.done) {
          finished.add(armed);
          continue;
        }
        if (armed.spec.up()) {
          Armed.put(rising, pct, armed);
        }
        if (armed.spec.down()) {
          Armed.put(falling, pct, armed);
        }
      }
      fresh.clear();
    }

    private void fire(NavigableMap<Double, List<Armed>> range, String symbol, double price,
        double from, double change, String direction, long ts, Consumer<Fired> fired,
        List<Armed> finished) {
      if (range.isEmpty()) {
        return;
      }
      for (List<Armed> bucket : range.values()) {
        for (Armed armed : bucket) {
          if (armed.mayFire(ts)) {
            fired.accept(armed.fire(ts, null, facts(armed, symbol, price, from, change,
                direction)));
            if (armed.done) {
              finished.add(armed);
            }
          }
        }
      }
    }

    private JsonObject facts(Armed armed, String symbol, double price, double from,
        double change, String direction) {
      return new JsonObject().put("symbol", symbol).put("price", price).put("from", from)
          .put("change", Math.round(change * 10_000) / 10_000.0).put("pct", armed.spec.pct())
          .put("windowMs", windowMs).put("direction", direction);
    }
  }
}
