package io.tickwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.TestGateway;
import io.tickwire.testkit.core.NodeFixture.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node serves the repository's LICENSE and NOTICE from the web module's webroot, and the
 * dashboard's footer names the version and links to both.
 */
@DisplayName("The licence and notices a node serves")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LegalFilesTest {

  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

  private static TestGateway node;

  @BeforeAll
  static void start() {
    node = TestGateway.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("GET /LICENSE and /NOTICE answer the repository's files as plain text")
  void licenceAndNotice() throws IOException {
    for (String file : new String[] {"LICENSE", "NOTICE"}) {
      Response response = node.get("/" + file);
      assertThat(response.status()).as(file).isEqualTo(200);
      assertThat(response.contentType()).as(file).startsWith("text/plain");
      assertThat(response.body()).as(file).isEqualTo(Files.readString(ROOT.resolve(file)));
    }
    assertThat(node.get("/LICENSE").body()).contains("Apache License", "Version 2.0, January 2004");
    assertThat(node.get("/NOTICE").body())
        .startsWith("tickwire\nCopyright 2026 The tickwire developers");
  }

  @Test
  @DisplayName("the dashboard's footer says tickwire <version> · Apache-2.0 · notices and credits the vendored MessagePack codec and TradingView's chart library, whose licences and notice are served")
  void footer() {
    String version = System.getProperty("tickwire.version");
    assertThat(version).as("tickwire.version, set by the build").isNotBlank();
    Response page = node.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .containsPattern("<footer class=\"about\">\\s*tickwire " + version.replace(".", "\\.")
            + " · <a href=\"LICENSE\">Apache-2.0</a> · <a href=\"NOTICE\">notices</a>\\s*"
            + "· includes <a href=\"vendor/msgpack/LICENSE\">@msgpack/msgpack \\(ISC\\)</a>"
            + "\\s*· charts by <a href=\"https://www\\.tradingview\\.com/\">TradingView</a>"
            + " Lightweight Charts™\\s*\\(<a href=\"vendor/lightweight-charts/NOTICE\">notice</a>,"
            + " <a href=\"vendor/lightweight-charts/LICENSE\">Apache-2\\.0</a>\\)"
            + "\\s*</footer>")
        .doesNotContain("${");
    Response codecLicence = node.get("/vendor/msgpack/LICENSE");
    assertThat(codecLicence.status()).as("the MessagePack codec's licence, vendored by the build")
        .isEqualTo(200);
    assertThat(codecLicence.body()).contains("Copyright 2019 The MessagePack Community");
    assertThat(node.get("/NOTICE").body()).contains("@msgpack/msgpack (npm package, ISC License)");
  }

  @Test
  @DisplayName("the vendored chart library is served with its licence and the attribution notice its licence asks for, which the repository's NOTICE carries too")
  void chartLibrary() throws IOException {
    Response library = node.get("/vendor/lightweight-charts/lightweight-charts.mjs");
    assertThat(library.status()).as("the chart library, vendored by the build").isEqualTo(200);
    assertThat(library.contentType()).contains("javascript");
    assertThat(library.body()).startsWith("/*!").contains("TradingView Lightweight Charts™ v5.3.0")
        .contains("export{");
    Response licence = node.get("/vendor/lightweight-charts/LICENSE");
    assertThat(licence.status()).isEqualTo(200);
    assertThat(licence.body()).contains("Apache License", "Copyright 2023 TradingView, Inc.");
    Response notice = node.get("/vendor/lightweight-charts/NOTICE");
    assertThat(notice.status()).isEqualTo(200);
    String attribution = Files.readString(
        Path.of("src/vendor/lightweight-charts.NOTICE").toAbsolutePath());
    assertThat(notice.body()).isEqualTo(attribution)
        .startsWith("TradingView Lightweight Charts™\nCopyright (c) ")
        .contains("TradingView, Inc. https://www.tradingview.com/");
    assertThat(Files.readString(ROOT.resolve("NOTICE")))
        .contains("=== lightweight-charts (npm package, Apache License 2.0) ===")
        .contains(attribution.strip());
  }
}
