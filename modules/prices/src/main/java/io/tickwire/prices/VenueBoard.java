package io.tickwire.prices;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health of every venue of this node, for operators: the gauge
 * {@code tickwire.prices.venue.healthy{venue}} (1 or 0) and the {@code prices} detail of
 * {@code /health}: {@code status} UP (every venue healthy), DEGRADED (some) or DOWN (none), and
 * each venue's state. Written by the venue verticles, read by anyone; thread-safe.
 */
final class VenueBoard {

  /** One venue's state. */
  record Status(boolean healthy, String reason, long since) {
  }

  private final MeterRegistry registry;
  private final Map<String, Status> venues = new ConcurrentHashMap<>();
  private final Map<String, List<String>> unquoted = new ConcurrentHashMap<>();

  VenueBoard(MeterRegistry registry) {
    this.registry = registry;
  }

  void update(String venue, boolean healthy, String reason, long now) {
    Status previous = venues.put(venue, new Status(healthy, reason, now));
    if (previous == null) {
      Gauge.builder("tickwire.prices.venue.healthy", venues,
              all -> all.containsKey(venue) && all.get(venue).healthy() ? 1 : 0)
          .description("Whether a venue is healthy (1) or excluded as unhealthy (0)")
          .tag("venue", venue).register(registry);
    }
  }

  /** The configured symbols {@code venue} has not quoted since it connected; empty clears. */
  void unquoted(String venue, Collection<String> symbols) {
    if (symbols.isEmpty()) {
      unquoted.remove(venue);
    } else {
      unquoted.put(venue, symbols.stream().sorted().toList());
    }
  }

  Status status(String venue) {
    return venues.get(venue);
  }

  /** The {@code /health} detail. */
  JsonObject toJson() {
    JsonObject each = new JsonObject();
    int healthy = 0;
    for (Map.Entry<String, Status> entry : new TreeMap<>(venues).entrySet()) {
      Status status = entry.getValue();
      JsonObject json = new JsonObject().put("healthy", status.healthy()).put("since",
          status.since());
      if (status.reason() != null) {
        json.put("reason", status.reason());
      }
      List<String> silent = unquoted.get(entry.getKey());
      if (silent != null) {
        json.put("unquoted", new JsonArray(silent));
      }
      each.put(entry.getKey(), json);
      healthy += status.healthy() ? 1 : 0;
    }
    String state = healthy == venues.size() && healthy > 0 ? "UP" : healthy > 0 ? "DEGRADED"
        : "DOWN";
    return new JsonObject().put("status", state).put("venues", each);
  }
}
