package io.tickwire.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The idempotency cache")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IdempotencyCacheTest {

  private final AtomicLong clock = new AtomicLong(500);

  @Test
  @DisplayName("answers a remembered value until its ttl has passed")
  void ttl() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(1_000, 10, clock::get);
    cache.put("k", "first");
    assertThat(cache.get("k")).isEqualTo("first");
    assertThat(cache.get("other")).isNull();
    clock.addAndGet(999);
    assertThat(cache.get("k")).isEqualTo("first");
    clock.addAndGet(1);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  @DisplayName("starts a key's ttl again when it is put again")
  void putAgain() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(1_000, 10, clock::get);
    cache.put("k", "first");
    clock.addAndGet(800);
    cache.put("k", "second");
    clock.addAndGet(800);
    assertThat(cache.get("k")).isEqualTo("second");
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("keeps at most maxEntries, evicting the oldest first")
  void maxEntries() {
    IdempotencyCache<Integer> cache = new IdempotencyCache<>(60_000, 2, clock::get);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo(2);
    assertThat(cache.get("c")).isEqualTo(3);
  }

  @Test
  @DisplayName("counts a key put again as the newest when evicting")
  void reinsertedIsNewest() {
    IdempotencyCache<Integer> cache = new IdempotencyCache<>(60_000, 2, clock::get);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("a", 10);
    cache.put("c", 3);
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo(10);
    assertThat(cache.get("c")).isEqualTo(3);
  }

  @Test
  @DisplayName("expire() forgets expired entries and keeps live ones")
  void expire() {
    IdempotencyCache<String> cache = new IdempotencyCache<>(1_000, 10, clock::get);
    cache.put("a", "1");
    clock.addAndGet(400);
    cache.put("b", "2");
    clock.addAndGet(400);
    cache.put("c", "3");
    clock.addAndGet(300);
    cache.expire();
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo("2");
    clock.addAndGet(1_000);
    cache.expire();
    assertThat(cache.size()).isZero();
  }
}
