package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trades of one symbol on their way to {@code trades.<SYMBOL>}: drops a trade whose venue id
 * was seen among the venue's last {@code dedupIds} trades (a venue replays recent trades after a
 * reconnect), queues the others, and hands them out in batches of at most {@code maxPerMessage},
 * at most {@code maxRatePerSec} batches a second, each batch in venue time order. The queue holds
 * at most {@code maxBacklog} trades: when a flood outruns the rate the oldest waiting trades are
 * dropped and counted ({@link #takeDropped()}), so the tape stays current. A plain class; not
 * thread-safe.
 */
final class TradeTape {

  /** Venue time, then arrival order (the sort is stable). */
  private static final Comparator<Trade> VENUE_TIME = Comparator.comparingLong(Trade::ts);

  private final String symbol;
  private final TradesConfig config;
  private final long minIntervalMs;
  // Venue → its last ids, oldest first (a set that keeps insertion order, trimmed at the front).
  private final Map<String, LinkedHashSet<String>> seen = new HashMap<>();
  private final ArrayDeque<Trade> backlog = new ArrayDeque<>();
  private long lastBatchAt = Long.MIN_VALUE;
  private long dropped;

  TradeTape(String symbol, TradesConfig config) {
    this.symbol = symbol;
    this.config = config;
    this.minIntervalMs = PublishGate.minIntervalMs(config.maxRatePerSec());
  }

  /** What became of an offered trade. */
  enum Offer {
    /** Queued for the next message. */
    QUEUED,
    /** Its id is among the venue's last ones: dropped. */
    REPEAT,
    /** No id, an id over {@value #MAX_ID_CHARS} characters, or a price or size not positive. */
    INVALID
  }

  /** The longest venue trade id kept. */
  static final int MAX_ID_CHARS = 64;

  /** Takes a trade. */
  Offer offer(Trade trade) {
    if (trade.id() == null || trade.id().isEmpty() || trade.id().length() > MAX_ID_CHARS
        || !(trade.price() > 0) || !(trade.size() > 0) || !Double.isFinite(trade.price())
        || !Double.isFinite(trade.size())) {
      return Offer.INVALID;
    }
    Set<String> ids = seen.computeIfAbsent(trade.venue(), venue -> new LinkedHashSet<>());
    if (!ids.add(trade.id())) {
      return Offer.REPEAT;
    }
    if (ids.size() > config.dedupIds()) {
      ids.remove(ids.iterator().next());
    }
    if (backlog.size() == config.maxBacklog()) {
      backlog.pollFirst();
      dropped++;
    }
    backlog.addLast(trade);
    return Offer.QUEUED;
  }

  /** The trades waiting for a message. */
  int waiting() {
    return backlog.size();
  }

  /**
   * The next message's data at {@code now}, or {@code null} when nothing waits or the last batch
   * was less than {@code 1 / maxRatePerSec} ago. A returned batch counts as published.
   */
  JsonObject poll(long now) {
    if (backlog.isEmpty() || (lastBatchAt != Long.MIN_VALUE && now - lastBatchAt < minIntervalMs)) {
      return null;
    }
    lastBatchAt = now;
    List<Trade> batch = new ArrayList<>(Math.min(backlog.size(), config.maxPerMessage()));
    while (!backlog.isEmpty() && batch.size() < config.maxPerMessage()) {
      batch.add(backlog.pollFirst());
    }
    batch.sort(VENUE_TIME);
    JsonArray trades = new JsonArray(new ArrayList<>(batch.size()));
    for (Trade trade : batch) {
      trades.add(new JsonObject().put("venue", trade.venue()).put("id", trade.id())
          .put("price", trade.price()).put("size", trade.size()).put("side", trade.side())
          .put("ts", trade.ts()));
    }
    return new JsonObject().put("symbol", symbol).put("trades", trades);
  }

  /** The trades dropped from a full backlog since the last call; resets the count. */
  long takeDropped() {
    long count = dropped;
    dropped = 0;
    return count;
  }

  /** The ids remembered for {@code venue} (for tests of the bound). */
  int remembered(String venue) {
    Set<String> ids = seen.get(venue);
    return ids == null ? 0 : ids.size();
  }
}
