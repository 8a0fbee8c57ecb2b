package io.tickwire.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("URL redaction")
class UrlsTest {

  @Test
  @DisplayName("keeps scheme, host and port and drops userinfo, path, query and fragment")
  void keepsOnlySchemeHostPort() {
    assertThat(Urls.redact("wss://user:pw@Eth.Example:8546/v3/SECRETKEY?apikey=SECRET#frag"))
        .isEqualTo("wss://eth.example:8546");
    assertThat(Urls.redact("https://mainnet.example/v2/SECRETKEY"))
        .isEqualTo("https://mainnet.example");
    assertThat(Urls.redact("http://127.0.0.1:8545")).isEqualTo("http://127.0.0.1:8545");
    assertThat(Urls.redact("http://[::1]:8545/x")).isEqualTo("http://[::1]:8545");
    assertThat(Urls.redact("https://host?key=SECRET")).isEqualTo("https://host");
    assertThat(Urls.redact("https://a:b@c@host/p")).isEqualTo("https://host");
  }

  @Test
  @DisplayName("never returns a text it cannot read as a URL, since it may be a key on its own")
  void unreadableIsRedacted() {
    assertThat(Urls.redact(null)).isNull();
    assertThat(Urls.redact("SECRETKEY")).isEqualTo(Urls.REDACTED);
    assertThat(Urls.redact("//host/SECRET")).isEqualTo(Urls.REDACTED);
    assertThat(Urls.redact("https://ho st/SECRET")).isEqualTo(Urls.REDACTED);
    assertThat(Urls.redact("https://host:99999999/SECRET")).isEqualTo(Urls.REDACTED);
  }

  @Test
  @DisplayName("redacts every URL inside a text and leaves the rest alone")
  void redactsInsideText() {
    assertThat(Urls.redactAll("connect to wss://u:p@node.example/v3/SECRET failed: refused; "
        + "fallback https://other.example:443/?k=SECRET too"))
        .isEqualTo("connect to wss://node.example failed: refused; "
            + "fallback https://other.example:443 too");
    assertThat(Urls.redactAll("cannot connect to ws://127.0.0.1:8545: refused (see wss://h.example/k.)"))
        .isEqualTo("cannot connect to ws://127.0.0.1:8545: refused (see wss://h.example.)");
    assertThat(Urls.redactAll("no url here")).isEqualTo("no url here");
    assertThat(Urls.redactAll(null)).isNull();
  }
}
