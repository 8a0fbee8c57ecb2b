package io.tickwire.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The webhook address policy")
class WebhookPolicyTest {

  static InetAddress ip(String literal) {
    InetAddress address = WebhookPolicy.literal(literal);
    assertThat(address).as(literal).isNotNull();
    return address;
  }

  @Test
  @DisplayName("refuses each internal range, to its edges, and allows the public addresses next"
      + " to them")
  void ranges() {
    List<String> refused = List.of("0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255",
        "100.64.0.0", "100.127.255.255", "127.0.0.1", "127.255.255.255", "169.254.0.0",
        "169.254.169.254", "172.16.0.0", "172.31.255.255", "192.168.0.0", "192.168.255.255",
        "224.0.0.0", "239.255.255.255", "255.255.255.255", "::", "::1", "fc00::", "fdff::1",
        "fe80::1", "febf::1", "ff02::1", "::ffff:10.1.2.3", "::127.0.0.1", "64:ff9b::7f00:1",
        "2002:a9fe:a9fe::1");
    List<String> allowed = List.of("1.1.1.1", "9.255.255.255", "11.0.0.0", "100.63.255.255",
        "100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0",
        "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0", "223.255.255.255",
        "2001:4860:4860::8888", "2002:0808:0808::1", "::ffff:8.8.8.8", "fbff::1");
    for (String address : refused) {
      assertThat(WebhookPolicy.refusedKind(ip(address))).as(address).isNotNull();
    }
    for (String address : allowed) {
      assertThat(WebhookPolicy.refusedKind(ip(address))).as(address).isNull();
    }
    assertThat(WebhookPolicy.refusedKind(ip("fec0::1"))).as("site-local").isEqualTo("private");
    assertThat(WebhookPolicy.refusedKind(ip("127.0.0.1"))).isEqualTo("loopback");
    assertThat(WebhookPolicy.refusedKind(ip("100.64.1.1"))).isEqualTo("shared (CGNAT)");
    assertThat(WebhookPolicy.refusedKind(ip("169.254.169.254"))).isEqualTo("link-local");
    assertThat(WebhookPolicy.refusedKind(ip("ff05::2"))).isEqualTo("multicast");
  }

  @Test
  @DisplayName("opens exact host names whatever they resolve to, and addresses or CIDR ranges for"
      + " any name")
  void allowedHosts() {
    WebhookPolicy policy = WebhookPolicy.of(List.of("Hooks.Internal.", "127.0.0.1",
        "10.20.0.0/16", "fd00::/8"));
    assertThat(policy.allowed()).containsExactly("hooks.internal", "127.0.0.1/32",
        "10.20.0.0/16", "fd00:0:0:0:0:0:0:0/8");
    assertThat(policy.allows("hooks.internal", ip("192.168.1.1"))).isTrue();
    assertThat(policy.allows("HOOKS.internal.", ip("192.168.1.1"))).isTrue();
    assertThat(policy.allows("other.internal", ip("192.168.1.1"))).isFalse();
    assertThat(policy.allows("any.example", ip("127.0.0.1"))).isTrue();
    assertThat(policy.allows("any.example", ip("127.0.0.2"))).isFalse();
    assertThat(policy.allows("any.example", ip("10.20.255.1"))).isTrue();
    assertThat(policy.allows("any.example", ip("10.21.0.1"))).isFalse();
    assertThat(policy.allows("any.example", ip("fd12::1"))).isTrue();
    assertThat(policy.allows("any.example", ip("fc12::1"))).isFalse();
    assertThat(policy.allows("any.example", ip("8.8.8.8"))).isTrue();
    assertThat(WebhookPolicy.of(List.of()).allows("localhost", ip("::1"))).isFalse();
  }

  @Test
  @DisplayName("refuses allowedHosts entries that are neither a name, an address nor a range")
  void badEntries() {
    for (String bad : List.of("10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "not a host",
        "http://hooks.example", "999.1.1.1/8")) {
      assertThatThrownBy(() -> NotificationsConfigTest.read(
          "{\"notifications\": {\"webhook\": {\"allowedHosts\": [\"" + bad + "\"]}}}"))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("notifications.webhook.allowedHosts");
    }
    assertThat(NotificationsConfigTest.read("{\"notifications\": {\"webhook\":"
        + " {\"allowedHosts\": \"hooks.internal, 10.0.0.0/8\"}}}").webhook().allowedHosts())
        .containsExactly("hooks.internal", "10.0.0.0/8");
    assertThat(NotificationsConfigTest.read("{}").webhook().allowedHosts()).isEmpty();
  }
}
