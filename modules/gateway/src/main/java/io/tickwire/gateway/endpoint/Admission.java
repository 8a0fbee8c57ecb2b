package io.tickwire.gateway.endpoint;

import io.netty.util.NetUtil;
import io.tickwire.gateway.GatewayMetrics;
import io.tickwire.gateway.api.HttpErrors;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.middleware.TokenBucket;
import io.tickwire.protocol.ErrorCode;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may open a connection (a WebSocket or an SSE stream) on this node: at most
 * {@code maxConnections} open at once, and at most {@code ratePerSec} attempts a second (burst
 * {@code burst}) from one source address, counted in a token bucket per address. IPv6 addresses
 * count by their /64 prefix, which one host can fill with addresses of its own. The buckets are
 * bounded: a bucket that has filled up again is forgotten (it would answer the same), and past
 * {@value #MAX_ADDRESSES} addresses the least recently seen is dropped. Pure apart from the
 * clock it is given; thread-safe, shared by every gateway instance of the node.
 */
public final class Admission {

  /** The most source addresses whose buckets are kept. */
  static final int MAX_ADDRESSES = 65_536;
  /** Idle buckets looked at, oldest first, on each attempt. */
  private static final int SWEEP = 4;

  /** The answer to one attempt. */
  enum Verdict {
    /** Admitted: a slot is taken, to be given back with {@link #release()}. */
    ADMITTED,
    /** Too many attempts from this address: HTTP 429. */
    RATE_LIMITED,
    /** The node holds {@code maxConnections}: HTTP 503. */
    FULL
  }

  private final int maxConnections;
  private final double ratePerSec;
  private final int burst;
  private final int maxAddresses;
  private final AtomicInteger open = new AtomicInteger();
  private final LinkedHashMap<String, TokenBucket> buckets;

  public Admission(GatewayConfig.Edge edge) {
    this(edge.maxConnections(), edge.connectRatePerIp(), edge.connectBurstPerIp(), MAX_ADDRESSES);
  }

  Admission(int maxConnections, double ratePerSec, int burst, int maxAddresses) {
    this.maxConnections = maxConnections;
    this.ratePerSec = ratePerSec;
    this.burst = burst;
    this.maxAddresses = maxAddresses;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
        return size() > Admission.this.maxAddresses;
      }
    };
  }

  /**
   * The edge check of a WebSocket or SSE handshake: answers whether a slot was taken for it (to
   * be released when it closes or fails to open); otherwise the request is answered 429
   * {@code rate_limited} or 503 {@code unavailable}, and {@code metrics} count the refusal.
   */
  public boolean admit(RoutingContext rc, GatewayMetrics metrics) {
    SocketAddress remote = rc.request().remoteAddress();
    Verdict verdict = admit(remote == null ? null : remote.hostAddress(), System.nanoTime());
    if (verdict == Verdict.ADMITTED) {
      return true;
    }
    rc.response().putHeader("retry-after", "1");
    if (verdict == Verdict.RATE_LIMITED) {
      metrics.refused("rate_limited").increment();
      HttpErrors.send(rc.response(), ErrorCode.RATE_LIMITED,
          "too many connection attempts from this address, try again later");
    } else {
      metrics.refused("full").increment();
      HttpErrors.send(rc.response(), ErrorCode.UNAVAILABLE,
          "this node holds the most connections it accepts, try again later");
    }
    return false;
  }

  /**
   * One connection attempt from {@code address} (a literal IP address, or {@code null} when
   * unknown). The rate is checked first, so that refused attempts still count against it.
   */
  Verdict admit(String address, long nowNanos) {
    if (ratePerSec > 0 && !take(key(address), nowNanos)) {
      return Verdict.RATE_LIMITED;
    }
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return Verdict.FULL;
    }
    return Verdict.ADMITTED;
  }

  /** Gives back the slot of an admitted connection that closed or failed to open. */
  public void release() {
    open.decrementAndGet();
  }

  /** Connections admitted and not released. */
  public int open() {
    return open.get();
  }

  /** Source addresses with a bucket (for tests of the bound). */
  synchronized int trackedAddresses() {
    return buckets.size();
  }

  private synchronized boolean take(String key, long nowNanos) {
    Iterator<TokenBucket> oldest = buckets.values().iterator();
    for (int i = 0; i < SWEEP && oldest.hasNext(); i++) {
      if (!oldest.next().fullAt(nowNanos)) {
        break;
      }
      oldest.remove();
    }
    return buckets.computeIfAbsent(key, ignored -> new TokenBucket(ratePerSec, burst, nowNanos))
        .tryTake(nowNanos);
  }

  /** The key of an address: itself for IPv4, its /64 prefix for IPv6. */
  static String key(String address) {
    if (address == null || address.indexOf(':') < 0) {
      return address == null ? "unknown" : address;
    }
    // Parsed as a literal only: never a name lookup or an interface lookup on the event loop.
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return address;
    }
    try {
      // getByAddress makes an IPv4-mapped address (::ffff:a.b.c.d) the IPv4 address it carries.
      InetAddress literal = InetAddress.getByAddress(bytes);
      if (literal instanceof Inet4Address) {
        return literal.getHostAddress();
      }
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
            .append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException notLiteral) {
      return address;
    }
  }
}
