package io.tickwire.gateway.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The token bucket")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TokenBucketTest {

  private static final long START = 1_000_000_000_000L;
  private static final long MS = 1_000_000;

  @Test
  @DisplayName("allows a full burst at once, then refuses")
  void burst() {
    TokenBucket bucket = new TokenBucket(10, 3, START);
    assertThat(bucket.tryTake(START)).isTrue();
    assertThat(bucket.tryTake(START)).isTrue();
    assertThat(bucket.tryTake(START)).isTrue();
    assertThat(bucket.tryTake(START)).isFalse();
    assertThat(bucket.tryTake(START)).isFalse();
  }

  @Test
  @DisplayName("refills at the rate: one token per 100 ms at 10 per second")
  void refill() {
    TokenBucket bucket = new TokenBucket(10, 3, START);
    for (int i = 0; i < 3; i++) {
      bucket.tryTake(START);
    }
    assertThat(bucket.tryTake(START + 40 * MS)).isFalse();
    // 0.4 tokens then, 1.1 now.
    assertThat(bucket.tryTake(START + 110 * MS)).isTrue();
    assertThat(bucket.tryTake(START + 110 * MS)).isFalse();
    assertThat(bucket.tryTake(START + 320 * MS)).isTrue();
    assertThat(bucket.tryTake(START + 320 * MS)).isTrue();
    assertThat(bucket.tryTake(START + 320 * MS)).isFalse();
  }

  @Test
  @DisplayName("never holds more than the burst, however long it rested")
  void cappedAtBurst() {
    TokenBucket bucket = new TokenBucket(10, 3, START);
    long later = START + 3_600_000 * MS;
    assertThat(bucket.tryTake(later)).isTrue();
    assertThat(bucket.tryTake(later)).isTrue();
    assertThat(bucket.tryTake(later)).isTrue();
    assertThat(bucket.tryTake(later)).isFalse();
  }

  @Test
  @DisplayName("refills slowly at rates below one per second")
  void slowRate() {
    TokenBucket bucket = new TokenBucket(0.5, 1, START);
    assertThat(bucket.tryTake(START)).isTrue();
    assertThat(bucket.tryTake(START + 1_900 * MS)).isFalse();
    assertThat(bucket.tryTake(START + 2_100 * MS)).isTrue();
  }
}
