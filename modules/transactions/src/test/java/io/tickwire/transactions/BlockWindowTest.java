package io.tickwire.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The block window")
class BlockWindowTest {

  @Test
  @DisplayName("remembers the newest blocks, rolls back to a fork and survives a round trip")
  void window() {
    BlockWindow window = new BlockWindow(3);
    for (long n = 1; n <= 5; n++) {
      window.add(n, "h" + n);
    }
    assertThat(window.oldestNumber()).isEqualTo(3);
    assertThat(window.tipNumber()).isEqualTo(5);
    assertThat(window.hashAt(2)).isNull();
    assertThat(window.rollbackTo(3)).containsExactly("h4", "h5");
    assertThat(window.tipHash()).isEqualTo("h3");
    BlockWindow copy = new BlockWindow(3);
    copy.load(window.toJson());
    assertThat(copy.tipNumber()).isEqualTo(3);
    assertThat(copy.hashAt(3)).isEqualTo("h3");
  }
}
