package io.tickwire.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The size of a publication's data, counted without encoding it")
class Utf8LengthTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "{\"n\":1}", "\"Zürich\"", "€ 64 210,5", "\"📈 BTC\"",
      "日本語のテキスト", "a\u0000b"})
  @DisplayName("is its length in UTF-8")
  void utf8(String text) {
    assertThat(FrameRouter.utf8Length(text))
        .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }
}
