package io.tickwire.testkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Bounded waits")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AwaitTest {

  @Test
  @DisplayName("fail the test, with the cause, when a future fails or does not complete in time")
  void futures() {
    assertThat(Await.result(Future.succeededFuture("done"))).isEqualTo("done");
    IllegalStateException refused = new IllegalStateException("refused");
    assertThatThrownBy(() -> Await.result(Future.failedFuture(refused)))
        .isInstanceOf(AssertionError.class).hasRootCause(refused);
    assertThatThrownBy(() -> Await.result(Promise.promise().future(), Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("did not complete");
    assertThat(Await.failure(Future.failedFuture(refused))).isSameAs(refused);
    assertThatThrownBy(() -> Await.failure(Future.succeededFuture()))
        .hasMessageContaining("should have failed");
  }

  @Test
  @DisplayName("look at a condition until it holds, and fail naming it when it never does")
  void conditions() {
    AtomicInteger looks = new AtomicInteger();
    Await.until("the third look", () -> looks.incrementAndGet() == 3);
    assertThat(looks).hasValue(3);
    assertThatThrownBy(() -> Await.until("never", Duration.ofMillis(50), Duration.ofMillis(10),
        () -> false)).isInstanceOf(AssertionError.class).hasMessageContaining("never");
  }
}
