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
  @DisplayName("the dashboard's footer says tickwire <version> · Apache-2.0 · notices and credits the vendored MessagePack codec, whose licence is served")
  void footer() {
    String version = System.getProperty("tickwire.version");
    assertThat(version).as("tickwire.version, set by the build").isNotBlank();
    Response page = node.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .containsPattern("<footer class=\"about\">\\s*tickwire " + version.replace(".", "\\.")
            + " · <a href=\"LICENSE\">Apache-2.0</a> · <a href=\"NOTICE\">notices</a>\\s*"
            + "· includes <a href=\"vendor/msgpack/LICENSE\">@msgpack/msgpack \\(ISC\\)</a>"
            + "\\s*</footer>")
        .doesNotContain("${");
    Response codecLicence = node.get("/vendor/msgpack/LICENSE");
    assertThat(codecLicence.status()).as("the MessagePack codec's licence, vendored by the build")
        .isEqualTo(200);
    assertThat(codecLicence.body()).contains("Copyright 2019 The MessagePack Community");
    assertThat(node.get("/NOTICE").body()).contains("@msgpack/msgpack (npm package, ISC License)");
  }
}
