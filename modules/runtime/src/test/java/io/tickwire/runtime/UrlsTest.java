package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Redacted URLs")
class UrlsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "wss://mainnet.example.org/v3/SECRETKEY, wss://mainnet.example.org",
      "https://eth.example.org:8443/rpc?apikey=SECRET#frag, https://eth.example.org:8443",
      "ws://user:SECRET@127.0.0.1:8545/, ws://127.0.0.1:8545",
      "WS://[::1]:8546/SECRET, ws://[::1]:8546",
      "http://idp.example.com, http://idp.example.com"})
  @DisplayName("keep only scheme://host[:port]")
  void keepsSchemeAndHost(String url, String shown) {
    assertThat(Urls.redact(url)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"not a url SECRET", "/v3/SECRET", "mailto:SECRET@example.org", "ws://:8545/SECRET",
      "'ws://exa mple/SECRET'"})
  @DisplayName("show a placeholder, never the value, for what is not a URL with a host")
  void placeholder(String url) {
    assertThat(Urls.redact(url)).isEqualTo(Urls.INVALID).doesNotContain("SECRET");
  }

  @Test
  @DisplayName("answer the placeholder for null")
  void nullUrl() {
    assertThat(Urls.redact(null)).isEqualTo(Urls.INVALID);
  }
}
