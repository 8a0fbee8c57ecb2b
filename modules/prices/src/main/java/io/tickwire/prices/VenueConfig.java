package io.tickwire.prices;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One price source, from {@code prices.venues.<name>}.
 *
 * @param name the section's name; for exchanges also the venue's name in published values
 * @param type which kind of source
 * @param enabled whether it runs
 * @param symbols canonical symbol → the venue's symbol, for every symbol it quotes (from
 *     {@code symbols}, a map; absent: every configured symbol, spelt the venue's way)
 * @param url the WebSocket endpoint (exchanges; the type's public endpoint by default)
 * @param reconnectInitialMs the first reconnect delay ({@value #DEFAULT_RECONNECT_INITIAL_MS})
 * @param reconnectMaxMs the longest reconnect delay ({@value #DEFAULT_RECONNECT_MAX_MS})
 * @param stallAfterMs silence after which the venue is unhealthy and the connection is replaced
 *     ({@value #DEFAULT_STALL_AFTER_MS})
 * @param malformedLimit malformed messages in a row, without valid data between them, that make
 *     the venue unhealthy ({@value #DEFAULT_MALFORMED_LIMIT})
 * @param maxConnectionMs age at which a connection is replaced; 0 means never (Binance: just
 *     under 24 h)
 * @param pingIntervalMs time between application-level pings; 0 means none (Kraken: 30 s)
 * @param simulation the simulation's settings ({@code type: simulated} only, else {@code null})
 * @param restUrl the REST endpoint for book snapshots, {@code http://} or {@code https://}
 *     (Binance only, its public endpoint by default; else {@code null})
 */
public record VenueConfig(String name, VenueType type, boolean enabled,
    Map<String, String> symbols, String url, long reconnectInitialMs, long reconnectMaxMs,
    long stallAfterMs, int malformedLimit, long maxConnectionMs, long pingIntervalMs,
    SimulationConfig simulation, String restUrl) {

  public static final long DEFAULT_RECONNECT_INITIAL_MS = 500;
  public static final long DEFAULT_RECONNECT_MAX_MS = 30_000;
  public static final long DEFAULT_STALL_AFTER_MS = 30_000;
  public static final int DEFAULT_MALFORMED_LIMIT = 10;

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  public VenueConfig {
    symbols = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
  }

  /** A source with its type's default REST endpoint. */
  public VenueConfig(String name, VenueType type, boolean enabled, Map<String, String> symbols,
      String url, long reconnectInitialMs, long reconnectMaxMs, long stallAfterMs,
      int malformedLimit, long maxConnectionMs, long pingIntervalMs,
      SimulationConfig simulation) {
    this(name, type, enabled, symbols, url, reconnectInitialMs, reconnectMaxMs, stallAfterMs,
        malformedLimit, maxConnectionMs, pingIntervalMs, simulation, type.defaultRestUrl());
  }

  /** The names of the venues this source quotes as: its own, or the simulated venues'. */
  public List<String> venueNames() {
    return type == VenueType.SIMULATED ? simulation.venues() : List.of(name);
  }

  /** A simulated source quoting every one of {@code symbols}. */
  public static VenueConfig simulated(String name, List<String> symbols,
      SimulationConfig simulation) {
    Map<String, String> map = new LinkedHashMap<>();
    symbols.forEach(symbol -> map.put(symbol, symbol));
    return new VenueConfig(name, VenueType.SIMULATED, true, map, null, 0, 0, 0, 0, 0, 0,
        simulation);
  }

  /** Reads one venue section; {@code name} was checked against {@link #NAME} by the caller. */
  static VenueConfig from(Section section, String name, List<String> symbols) {
    Set<String> types = Arrays.stream(VenueType.values()).map(VenueType::token)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
    String token = section.oneOf("type", null, types);
    if (token == null) {
      throw new ConfigException(section.key("type"), "is required: one of " + types);
    }
    VenueType type = VenueType.of(token);
    boolean enabled = section.bool("enabled", true);
    VenueConfig config;
    if (type == VenueType.SIMULATED) {
      SimulationConfig simulation = SimulationConfig.from(section);
      for (String venue : simulation.venues()) {
        if (!NAME.matcher(venue).matches()) {
          throw new ConfigException(section.key("venues"),
              "'" + venue + "' is not a venue name: [a-z][a-z0-9_-]*");
        }
      }
      VenueConfig all = simulated(name, symbols, simulation);
      config = new VenueConfig(name, type, enabled, all.symbols(), null, 0, 0, 0, 0, 0, 0,
          simulation);
    } else {
      Map<String, String> map = symbols(section, type, symbols);
      String url = url(section, type);
      long initial = section.longValue("reconnectInitialMs", DEFAULT_RECONNECT_INITIAL_MS, 1,
          600_000);
      long max = section.longValue("reconnectMaxMs", DEFAULT_RECONNECT_MAX_MS, 1, 3_600_000);
      if (max < initial) {
        throw new ConfigException(section.key("reconnectMaxMs"),
            "must not be below " + section.key("reconnectInitialMs"));
      }
      config = new VenueConfig(name, type, enabled, map, url, initial, max,
          section.longValue("stallAfterMs", DEFAULT_STALL_AFTER_MS, 50, 3_600_000),
          section.intValue("malformedLimit", DEFAULT_MALFORMED_LIMIT, 1, 1_000_000),
          section.longValue("maxConnectionMs", type.defaultMaxConnectionMs(), 0, 7 * 86_400_000L),
          section.longValue("pingIntervalMs", type.defaultPingIntervalMs(), 0, 3_600_000),
          null, type.defaultRestUrl() == null ? null : restUrl(section, type));
    }
    section.done();
    return config;
  }

  private static String url(Section section, VenueType type) {
    String url = section.string("url", type.defaultUrl());
    try {
      URI uri = new URI(url);
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new URISyntaxException(url, "not a ws:// or wss:// URL with a host");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(section.key("url"),
          "must be a ws:// or wss:// URL, got '" + url + "'");
    }
    return url;
  }

  private static String restUrl(Section section, VenueType type) {
    String url = section.string("restUrl", type.defaultRestUrl());
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null || uri.getRawQuery() != null) {
        throw new URISyntaxException(url, "not an http:// or https:// URL with a host");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(section.key("restUrl"),
          "must be an http:// or https:// URL without a query, got '" + url + "'");
    }
    return url;
  }

  private static Map<String, String> symbols(Section section, VenueType type,
      List<String> symbols) {
    Object raw = section.raw("symbols");
    Map<String, String> map = new LinkedHashMap<>();
    if (raw == null) {
      symbols.forEach(symbol -> map.put(symbol, type.venueSymbol(symbol)));
      return map;
    }
    if (!(raw instanceof JsonObject json) || json.isEmpty()) {
      throw new ConfigException(section.key("symbols"),
          "must be a non-empty object: canonical symbol → the venue's symbol");
    }
    Map<String, String> seen = new HashMap<>();
    for (String canonical : json.fieldNames()) {
      String key = section.key("symbols") + "." + canonical;
      if (!symbols.contains(canonical)) {
        throw new ConfigException(key, "is not one of prices.symbols " + symbols);
      }
      Object value = json.getValue(canonical);
      if (!(value instanceof String venueSymbol) || venueSymbol.isBlank()
          || venueSymbol.contains(" ")) {
        throw new ConfigException(key, "must be the venue's symbol, a string without spaces");
      }
      String earlier = seen.put(venueSymbol, canonical);
      if (earlier != null) {
        throw new ConfigException(key, "maps to '" + venueSymbol + "' like " + earlier);
      }
      map.put(canonical, venueSymbol);
    }
    return map;
  }
}
