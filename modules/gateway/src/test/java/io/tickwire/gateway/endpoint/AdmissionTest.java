package io.tickwire.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.endpoint.Admission.Verdict;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Admission at the edge")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AdmissionTest {

  private static final long START = 1_000_000_000_000L;
  private static final long MS = 1_000_000;

  @Test
  @DisplayName("holds at most maxConnections at once and gives a slot back on release")
  void nodeCap() {
    Admission admission = new Admission(2, 0, 1, 100);
    assertThat(admission.admit("10.0.0.1", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("10.0.0.2", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("10.0.0.3", START)).isEqualTo(Verdict.FULL);
    assertThat(admission.open()).isEqualTo(2);
    admission.release();
    assertThat(admission.admit("10.0.0.3", START)).isEqualTo(Verdict.ADMITTED);
  }

  @Test
  @DisplayName("limits attempts per address, refused ones included, and refills at the rate")
  void perAddress() {
    Admission admission = new Admission(1_000, 10, 2, 100);
    assertThat(admission.admit("10.0.0.1", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("10.0.0.1", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("10.0.0.1", START)).isEqualTo(Verdict.RATE_LIMITED);
    assertThat(admission.admit("10.0.0.2", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("10.0.0.1", START + 100 * MS)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("10.0.0.1", START + 100 * MS)).isEqualTo(Verdict.RATE_LIMITED);
    // Refused attempts took no slot of the node.
    assertThat(admission.open()).isEqualTo(4);
  }

  @Test
  @DisplayName("counts an IPv6 /64 as one address, which one host can fill with addresses")
  void ipv6Prefix() {
    Admission admission = new Admission(1_000, 1, 2, 100);
    assertThat(admission.admit("2001:db8:0:1::1", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("2001:db8:0:1:ffff::2", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(admission.admit("2001:db8:0:1:abcd:0:0:3", START))
        .isEqualTo(Verdict.RATE_LIMITED);
    assertThat(admission.admit("2001:db8:0:2::1", START)).isEqualTo(Verdict.ADMITTED);
    assertThat(Admission.key("2001:0db8:0000:0001:0000:0000:0000:0009"))
        .isEqualTo("2001:db8:0:1::/64");
    assertThat(Admission.key("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(Admission.key("192.0.2.7")).isEqualTo("192.0.2.7");
  }

  @Test
  @DisplayName("keeps a bounded number of buckets: 100,000 addresses never hold more than the bound")
  void boundedBuckets() {
    Admission admission = new Admission(10_000_000, 10, 5, 1_000);
    for (int i = 0; i < 100_000; i++) {
      admission.admit("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), START);
      assertThat(admission.trackedAddresses()).isLessThanOrEqualTo(1_000);
    }
    assertThat(admission.trackedAddresses()).isEqualTo(1_000);
  }

  @Test
  @DisplayName("forgets the buckets of addresses gone quiet, once they have filled up again")
  void expiresIdleBuckets() {
    Admission admission = new Admission(1_000, 10, 5, 1_000);
    for (int i = 0; i < 200; i++) {
      admission.admit("10.0." + (i >> 8) + "." + (i & 255), START);
    }
    assertThat(admission.trackedAddresses()).isEqualTo(200);
    // 5 tokens at 10 a second: full again after 500 ms. Each attempt looks at a few of the
    // oldest buckets, so a steady trickle of other addresses clears the quiet ones.
    long later = START + 600 * MS;
    for (int i = 0; i < 100; i++) {
      admission.admit("172.16.0." + (i % 2), later);
    }
    assertThat(admission.trackedAddresses()).isEqualTo(2);
    // A bucket still refilling is kept: forgetting it would hand out a fresh burst.
    Admission busy = new Admission(1_000, 10, 5, 1_000);
    busy.admit("10.9.9.9", START);
    busy.admit("172.16.0.1", START + 50 * MS);
    assertThat(busy.trackedAddresses()).isEqualTo(2);
  }
}
