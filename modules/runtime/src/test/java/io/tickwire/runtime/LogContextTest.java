package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@DisplayName("The log context")
class LogContextTest {

  @Test
  @DisplayName("sets session, user and channel for a scope, skips nulls, and puts back what was there when scopes nest")
  void scopes() {
    MDC.clear();
    try (LogContext.Scope outer = LogContext.session("s1", "alice")) {
      assertThat(MDC.get(LogContext.SESSION)).isEqualTo("s1");
      assertThat(MDC.get(LogContext.USER)).isEqualTo("alice");
      try (LogContext.Scope inner = LogContext.userChannel("bob", "prices.BTC-USD")) {
        assertThat(MDC.get(LogContext.USER)).isEqualTo("bob");
        assertThat(MDC.get(LogContext.CHANNEL)).isEqualTo("prices.BTC-USD");
        assertThat(MDC.get(LogContext.SESSION)).isEqualTo("s1");
      }
      assertThat(MDC.get(LogContext.USER)).isEqualTo("alice");
      assertThat(MDC.get(LogContext.CHANNEL)).isNull();
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    // An anonymous connection: no user key at all, and nothing left after.
    try (LogContext.Scope anonymous = LogContext.session("s2", null)) {
      assertThat(MDC.get(LogContext.SESSION)).isEqualTo("s2");
      assertThat(MDC.get(LogContext.USER)).isNull();
    }
    try (LogContext.Scope none = LogContext.channel(null)) {
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
