package io.tickwire.notifications;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses a webhook may be sent to: any public address, never a loopback, unspecified,
 * private (RFC 1918, {@code fc00::/7}), link-local ({@code 169.254/16}, {@code fe80::/10}),
 * shared (CGNAT, {@code 100.64/10}), multicast or reserved one — so that a user cannot make the
 * node call its own admin ports, the cloud's metadata service or the internal network. IPv6
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
 * {@code notifications.webhook.allowedHosts} opens exact host names (whatever they resolve to)
 * and address ranges (CIDR, or one address) for tests and on-premise receivers. Pure and
 * immutable; it never resolves a name.
 */
final class WebhookPolicy {

  /** A range of addresses: {@code prefix} leading bits of {@code network}. */
  record Range(byte[] network, int prefix) {

    static Range parse(String cidr) {
      int slash = cidr.indexOf('/');
      byte[] address = literalBytes(slash < 0 ? cidr : cidr.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("'" + cidr + "' is not an address or CIDR range");
      }
      int prefix = address.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > address.length * 8) {
          throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0 to "
              + address.length * 8);
        }
      }
      return new Range(address, prefix);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Range range && range.prefix == prefix
          && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(network) + prefix;
    }
  }

  /** A refused range and what it is. */
  private record Refused(Range range, String kind) {
  }

  private static Refused refused(String cidr, String kind) {
    return new Refused(Range.parse(cidr), kind);
  }

  private static final List<Refused> REFUSED = List.of(
      refused("0.0.0.0/8", "unspecified"),
      refused("10.0.0.0/8", "private"),
      refused("100.64.0.0/10", "shared (CGNAT)"),
      refused("127.0.0.0/8", "loopback"),
      refused("169.254.0.0/16", "link-local"),
      refused("172.16.0.0/12", "private"),
      refused("192.0.0.0/24", "reserved"),
      refused("192.168.0.0/16", "private"),
      refused("198.18.0.0/15", "reserved"),
      refused("224.0.0.0/4", "multicast"),
      refused("240.0.0.0/4", "reserved"),
      refused("::/128", "unspecified"),
      refused("::1/128", "loopback"),
      refused("fc00::/7", "private"),
      refused("fe80::/10", "link-local"),
      refused("fec0::/10", "private"),
      refused("ff00::/8", "multicast"));
  /** IPv6 ranges whose addresses carry an IPv4 address. */
  private static final Range IPV4_COMPATIBLE = Range.parse("::/96");
  private static final Range IPV4_MAPPED = Range.parse("::ffff:0:0/96");
  private static final Range NAT64 = Range.parse("64:ff9b::/96");
  private static final Range SIX_TO_FOUR = Range.parse("2002::/16");

  private static final Pattern HOST_NAME = Pattern.compile(
      "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

  private final Set<String> hosts;
  private final List<Range> ranges;

  private WebhookPolicy(Set<String> hosts, List<Range> ranges) {
    this.hosts = Set.copyOf(hosts);
    this.ranges = List.copyOf(ranges);
  }

  /**
   * The policy with {@code allowedHosts} opened: each entry an exact host name, an address or a
   * CIDR range.
   *
   * @throws IllegalArgumentException naming an entry that is none of these
   */
  static WebhookPolicy of(List<String> allowedHosts) {
    Set<String> hosts = new LinkedHashSet<>();
    List<Range> ranges = new ArrayList<>();
    for (String entry : allowedHosts) {
      String trimmed = entry.trim();
      if (trimmed.contains("/") || literalBytes(trimmed) != null) {
        ranges.add(Range.parse(trimmed));
      } else {
        String host = normalize(trimmed);
        if (!HOST_NAME.matcher(host).matches() || host.length() > 253) {
          throw new IllegalArgumentException("'" + entry
              + "' is not a host name, an address or a CIDR range");
        }
        hosts.add(host);
      }
    }
    return new WebhookPolicy(hosts, ranges);
  }

  /** The opened host names and ranges, as configured (normalised). */
  List<String> allowed() {
    List<String> allowed = new ArrayList<>(hosts);
    ranges.forEach(range -> allowed.add(range.toString()));
    return allowed;
  }

  /** Whether {@code host} is opened by name: then any address it resolves to is allowed. */
  boolean hostAllowed(String host) {
    return hosts.contains(normalize(host));
  }

  /** Whether a webhook for {@code host} may be sent to {@code address}. */
  boolean allows(String host, InetAddress address) {
    return hostAllowed(host) || opened(address.getAddress()) || refusedKind(address) == null;
  }

  private boolean opened(byte[] address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What kind of internal address {@code address} is ({@code loopback}, {@code private}, …), or
   * {@code null} for a public one.
   */
  static String refusedKind(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Refused refused : REFUSED) {
      if (refused.range().contains(bytes)) {
        return refused.kind();
      }
    }
    byte[] embedded = embeddedIpv4(bytes);
    if (embedded != null) {
      for (Refused refused : REFUSED) {
        if (refused.range().contains(embedded)) {
          return refused.kind();
        }
      }
    }
    return null;
  }

  /** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), or null. */
  private static byte[] embeddedIpv4(byte[] bytes) {
    if (bytes.length != 16) {
      return null;
    }
    if (IPV4_MAPPED.contains(bytes) || NAT64.contains(bytes)
        || IPV4_COMPATIBLE.contains(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    if (SIX_TO_FOUR.contains(bytes)) {
      return Arrays.copyOfRange(bytes, 2, 6);
    }
    return null;
  }

  /**
   * The address {@code host} spells literally (IPv4 dotted quad or IPv6, with or without
   * brackets), or null for a name. Never looks anything up.
   */
  static InetAddress literal(String host) {
    byte[] bytes = literalBytes(normalize(host));
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** A host as compared: lower case, without brackets or a trailing dot. */
  static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h;
  }

  private static byte[] literalBytes(String text) {
    String h = text.startsWith("[") && text.endsWith("]")
        ? text.substring(1, text.length() - 1) : text;
    return NetUtil.createByteArrayFromIpAddressString(h);
  }
}
