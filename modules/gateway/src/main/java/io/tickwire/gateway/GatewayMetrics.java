package io.tickwire.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters, shared by every gateway instance of a node (meters are thread-safe).
 * Names follow {@code tickwire.<area>.<thing>}; Prometheus shows them with underscores.
 */
public final class GatewayMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
  private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();
  private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
  private final Map<String, Counter> conflated = new ConcurrentHashMap<>();
  private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
  private final Map<String, Timer> requests = new ConcurrentHashMap<>();
  private final Map<String, Counter> closes = new ConcurrentHashMap<>();
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Counter rateLimited;
  private final Counter msgpackEncoded;
  private final AtomicInteger msgpackConnections = new AtomicInteger();
  private final Timer deliveryLatency;
  private final Timer rtt;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("tickwire.gateway.connections", connections, AtomicInteger::get)
        .description("Open WebSocket connections").register(registry);
    rateLimited = Counter.builder("tickwire.gateway.rate_limited")
        .description("Frames refused by the rate limit, and publish frames over their "
            + "namespace's publishRate").register(registry);
    msgpackEncoded = Counter.builder("tickwire.gateway.msgpack.encoded")
        .description("Channel message frames encoded as MessagePack, at most once per message "
            + "and node, and only for a message some MessagePack connection receives")
        .register(registry);
    Gauge.builder("tickwire.gateway.msgpack.connections", msgpackConnections, AtomicInteger::get)
        .description("Open WebSocket connections that negotiated MessagePack frames")
        .register(registry);
    deliveryLatency = Timer.builder("tickwire.gateway.delivery.latency")
        .description("From publication to the fan-out of a channel message on a gateway instance, "
            + "once per message and instance")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    rtt = Timer.builder("tickwire.heartbeat.rtt")
        .description("WebSocket ping round-trip time").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public int connections() {
    return connections.get();
  }

  public void connected() {
    connections.incrementAndGet();
  }

  public void disconnected(int code) {
    connections.decrementAndGet();
    closes.computeIfAbsent(closeTag(code), tag -> Counter.builder("tickwire.gateway.closes")
        .description("Closed connections by close code").tag("code", tag)
        .register(registry)).increment();
  }

  /**
   * The {@code code} tag of a close: the standard codes {@code 1000}…{@code 1011} and
   * tickwire's {@code 4000}…{@code 4009} as themselves, anything else {@code other}. A client
   * chooses the code it closes with, so taking it as it is would let clients mint tag values.
   */
  static String closeTag(int code) {
    return code >= 1000 && code <= 1011 || code >= 4000 && code <= 4009
        ? String.valueOf(code) : "other";
  }

  public Counter frameIn(String type) {
    return framesIn.computeIfAbsent(type, t -> Counter.builder("tickwire.gateway.frames.in")
        .description("Frames received by type").tag("type", t).register(registry));
  }

  public Counter frameOut(String type) {
    return framesOut.computeIfAbsent(type, t -> Counter.builder("tickwire.gateway.frames.out")
        .description("Frames sent by type").tag("type", t).register(registry));
  }

  public Counter delivered(String namespace) {
    return delivered.computeIfAbsent(namespace, ns -> Counter.builder("tickwire.gateway.delivered")
        .description("Channel messages written to sockets").tag("namespace", ns)
        .register(registry));
  }

  public Counter conflated(String namespace) {
    return conflated.computeIfAbsent(namespace, ns -> Counter.builder("tickwire.gateway.conflated")
        .description("Latest-mode messages replaced by a newer one before a slow client read them")
        .tag("namespace", ns).register(registry));
  }

  public Counter dropped(String namespace) {
    return dropped.computeIfAbsent(namespace, ns -> Counter.builder("tickwire.gateway.dropped")
        .description("Stream messages discarded when a slow consumer was closed (it recovers them)")
        .tag("namespace", ns).register(registry));
  }

  public Timer request(String method) {
    return requests.computeIfAbsent(method, m -> Timer.builder("tickwire.gateway.request.latency")
        .description("Request round trip through the event bus, by method").tag("method", m)
        .publishPercentileHistogram().register(registry));
  }

  /**
   * WebSocket and SSE handshakes refused at the edge, by reason: {@code rate_limited} (too many
   * attempts from one address) or {@code full} (the node holds {@code gateway.maxConnections}).
   */
  public Counter refused(String reason) {
    return refused.computeIfAbsent(reason, r -> Counter.builder("tickwire.gateway.refused")
        .description("Handshakes refused by the per-address rate or the node-wide cap")
        .tag("reason", r).register(registry));
  }

  public Counter rateLimited() {
    return rateLimited;
  }

  /** Counts a channel message frame encoded as MessagePack. */
  public Counter msgpackEncoded() {
    return msgpackEncoded;
  }

  /** A connection that negotiated MessagePack frames opened ({@code +1}) or closed ({@code -1}). */
  public void msgpackConnections(int change) {
    msgpackConnections.addAndGet(change);
  }

  public Timer deliveryLatency() {
    return deliveryLatency;
  }

  public Timer rtt() {
    return rtt;
  }
}
