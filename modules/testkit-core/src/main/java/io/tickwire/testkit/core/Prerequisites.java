package io.tickwire.testkit.core;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine it runs on (a database, a program, a local chain). When it
 * is missing the test is skipped, saying why, except on a CI run ({@code CI=true}), where nothing
 * may be skipped and the test fails instead.
 */
public final class Prerequisites {

  private Prerequisites() {
  }

  /** Whether this is a CI run ({@code CI=true}), where no test may be skipped. */
  public static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Ends the test because {@code why} (what is missing and how to get it): skips it, or fails it
   * on a CI run; {@code tests} names what does not run. Never returns.
   */
  public static <T> T missing(String why, String tests) {
    if (ci()) {
      Assertions.fail(why + "; under CI=true " + tests + " must run");
    }
    Assumptions.abort(why + ": skipping " + tests);
    throw new IllegalStateException("unreachable: abort throws");
  }
}
