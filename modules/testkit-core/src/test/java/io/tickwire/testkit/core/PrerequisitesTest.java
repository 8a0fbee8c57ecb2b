package io.tickwire.testkit.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

@DisplayName("A missing prerequisite")
class PrerequisitesTest {

  @Test
  @DisplayName("skips the test, or fails it on a CI run, saying what is missing and what does not run")
  void missing() {
    Class<? extends Throwable> ending = Prerequisites.ci() ? AssertionFailedError.class
        : TestAbortedException.class;
    assertThatThrownBy(() -> Prerequisites.missing("no database here", "the database tests"))
        .isInstanceOf(ending).hasMessageContaining("no database here")
        .hasMessageContaining("the database tests");
  }
}
