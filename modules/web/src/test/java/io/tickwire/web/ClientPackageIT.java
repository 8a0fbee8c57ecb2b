package io.tickwire.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.NodeJsScripts;
import io.tickwire.testkit.TestGateway;
import io.tickwire.testkit.core.Prerequisites;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The npm package the build packs ({@code target/tickwire-client-<version>.tgz}) as a user gets
 * it: installed into a scratch project, imported by its name in Node.js against a real node, and
 * its type declarations checked by the TypeScript compiler, both ways (what must compile does;
 * what must not, does not).
 */
@DisplayName("The npm package tickwire-client")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientPackageIT {

  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path ROOT = MODULE.resolve("../..").normalize();
  static final Path WEBROOT = MODULE.resolve("src/main/webroot");
  static final Path SCRATCH = MODULE.resolve("target/npm-consumer");
  static final Path INSTALLED = SCRATCH.resolve("node_modules/tickwire-client");
  static final String MARKER = "// @ts-expect-error";
  static final Pattern TSC_ERROR = Pattern.compile(
      "^misuse-unmarked\\.ts\\((\\d+),\\d+\\): error TS\\d+", Pattern.MULTILINE);

  private String version;
  private Path node;

  @BeforeAll
  void install() throws IOException {
    node = NodeJsScripts.require("node",
        "the npm package is installed and imported in Node.js 20+");
    Path npm = NodeJsScripts.require("npm", "it installs the packed tarball and the test packages");
    version = System.getProperty("tickwire.version");
    assertThat(version).as("tickwire.version, set by the build").isNotBlank();
    Path tarball = MODULE.resolve("target/tickwire-client-" + version + ".tgz");
    if (!Files.isRegularFile(tarball)) {
      Prerequisites.missing(tarball + " was not built (npm pack runs in the package phase, "
          + "skipped with -DskipTests)", "the npm package test");
    }
    // ws for Node.js 20's missing WebSocket, typescript for tsc: the harness's pinned packages.
    NodeJsScripts.npmInstall(MODULE, npm);

    deleteTree(SCRATCH);
    Files.createDirectories(SCRATCH);
    Files.writeString(SCRATCH.resolve("package.json"), new JsonObject()
        .put("name", "tickwire-client-consumer").put("private", true).put("type", "module")
        .encodePrettily() + "\n");
    // --offline: the tarball has no dependencies, so nothing may come from a registry.
    NodeJsScripts.Result installed = NodeJsScripts.run(SCRATCH, List.of(npm.toString(), "install",
            "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball.toString()),
        Map.of(), Duration.ofMinutes(2), MODULE.resolve("target/npm-consumer-install.log"));
    assertThat(installed.exitCode()).withFailMessage("npm install %s failed (exit %d):%n%s",
        tarball, installed.exitCode(), NodeJsScripts.tail(installed.output(), 4000)).isZero();
  }

  @Test
  @DisplayName("holds the shipped tickwire.js and tickwire.d.ts, a README, the licence and a package.json with exports and types")
  void contents() throws IOException {
    try (Stream<Path> files = Files.list(INSTALLED)) {
      assertThat(files.map(path -> path.getFileName().toString()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrder("package.json", "README.md", "LICENSE", "tickwire.js",
              "tickwire.d.ts");
    }
    for (String shipped : List.of("tickwire.js", "tickwire.d.ts")) {
      assertThat(INSTALLED.resolve(shipped)).hasSameBinaryContentAs(WEBROOT.resolve(shipped));
    }
    assertThat(INSTALLED.resolve("LICENSE")).hasSameBinaryContentAs(ROOT.resolve("LICENSE"));
    assertThat(Files.readString(INSTALLED.resolve("README.md")))
        .contains("npm install ./tickwire-client-" + version + ".tgz", "docs/clients.md")
        .doesNotContain("${");

    JsonObject pkg = new JsonObject(Files.readString(INSTALLED.resolve("package.json")));
    assertThat(pkg.getString("name")).isEqualTo("tickwire-client");
    assertThat(pkg.getString("version")).isEqualTo(version);
    assertThat(pkg.getString("license")).isEqualTo("Apache-2.0");
    assertThat(pkg.getString("type")).isEqualTo("module");
    assertThat(pkg.getString("types")).isEqualTo("./tickwire.d.ts");
    assertThat(pkg.getValue("private")).isNull();
    assertThat(pkg.getJsonObject("exports").getJsonObject(".").getMap())
        .containsEntry("types", "./tickwire.d.ts").containsEntry("default", "./tickwire.js");
    assertThat(pkg.getJsonObject("repository").getString("url"))
        .isEqualTo("git+https://github.com/tickwire/tickwire.git");
  }

  @Test
  @DisplayName("imports by its name in Node.js, connects to a real node, gets a welcome, a price and a response")
  void importsAndConnects() throws IOException {
    Files.copy(MODULE.resolve("src/test/package/consumer.mjs"), SCRATCH.resolve("consumer.mjs"),
        StandardCopyOption.REPLACE_EXISTING);
    try (TestGateway gateway = TestGateway.start()) {
      gateway.publish("prices.PKG-USD",
          new JsonObject().put("symbol", "PKG-USD").put("price", 42.5));
      NodeJsScripts.Result result = NodeJsScripts.run(SCRATCH,
          List.of(node.toString(), "consumer.mjs"),
          Map.of("TICKWIRE_URL", "ws://127.0.0.1:" + gateway.port + "/ws",
              "TICKWIRE_TOKEN", gateway.token(TestGateway.DEMO_USER, 300),
              "WS_MODULE", MODULE.resolve("node_modules/ws").toString()),
          Duration.ofSeconds(60), MODULE.resolve("target/npm-consumer-run.log"));
      assertThat(result.exitCode()).withFailMessage("node consumer.mjs failed (exit %d):%n%s",
          result.exitCode(), NodeJsScripts.tail(result.output(), 4000)).isZero();
      String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no result line in:\n" + result.output()));
      JsonObject seen = new JsonObject(line);

      assertThat(seen.getJsonObject("exports").getMap())
          .containsEntry("TickwireClient", "function").containsEntry("AlertRules", "function")
          .containsEntry("ProtocolError", "function").containsEntry("ClientError", "function")
          .containsEntry("backoffDelay", "function").containsEntry("tokenExpiry", "function")
          .containsEntry("isPaused", "function").containsEntry("DEFAULTS", "object");
      assertThat(Path.of(seen.getString("resolved")))
          .isEqualTo(INSTALLED.resolve("tickwire.js").toRealPath());
      assertThat(seen.getString("state")).isEqualTo("CONNECTED");
      assertThat(seen.getJsonObject("welcome").getString("type")).isEqualTo("welcome");
      assertThat(seen.getJsonObject("welcome").getInteger("protocol")).isEqualTo(1);
      assertThat(seen.getJsonArray("granted").getList()).containsExactly("prices.PKG-USD");
      assertThat(seen.getJsonObject("message").getDouble("price")).isEqualTo(42.5);
      assertThat(seen.getValue("time")).isNotNull();
    }
  }

  @Test
  @DisplayName("type-checks a usage file with tsc --noEmit, and every marked misuse fails on its own")
  void typeChecks() throws IOException {
    Path tsc = MODULE.resolve("node_modules/typescript/bin/tsc");
    Path ts = MODULE.resolve("src/test/ts");
    for (String file : List.of("tsconfig.json", "usage.ts", "misuse.ts")) {
      Files.copy(ts.resolve(file), SCRATCH.resolve(file),
          StandardCopyOption.REPLACE_EXISTING);
    }
    NodeJsScripts.Result checked = tsc(tsc, "tsconfig.json", "tsc.log");
    assertThat(checked.exitCode()).withFailMessage("tsc --noEmit failed (exit %d):%n%s",
        checked.exitCode(), NodeJsScripts.tail(checked.output(), 6000)).isZero();

    // The same misuses without their markers: each marked line must be an error of its own.
    List<String> lines = Files.readAllLines(ts.resolve("misuse.ts"));
    Set<Integer> expected = new TreeSet<>();
    List<String> unmarked = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith(MARKER)) {
        expected.add(i + 2);
        unmarked.add("//");
      } else {
        unmarked.add(lines.get(i));
      }
    }
    assertThat(expected).hasSizeGreaterThanOrEqualTo(10);
    Files.write(SCRATCH.resolve("misuse-unmarked.ts"), unmarked);
    Files.writeString(SCRATCH.resolve("tsconfig.unmarked.json"), new JsonObject()
        .put("extends", "./tsconfig.json").put("files", List.of("misuse-unmarked.ts"))
        .encodePrettily());
    NodeJsScripts.Result failed = tsc(tsc, "tsconfig.unmarked.json", "tsc-unmarked.log");
    assertThat(failed.exitCode()).as("tsc over the unmarked misuses").isNotZero();
    Set<Integer> errorLines = new TreeSet<>();
    Matcher matcher = TSC_ERROR.matcher(failed.output());
    while (matcher.find()) {
      errorLines.add(Integer.parseInt(matcher.group(1)));
    }
    assertThat(errorLines).as("lines tsc refuses, in:%n%s", failed.output())
        .isEqualTo(expected);
  }

  private NodeJsScripts.Result tsc(Path tsc, String project, String log) {
    return NodeJsScripts.run(SCRATCH, List.of(node.toString(), tsc.toString(), "--noEmit",
            "--pretty", "false", "-p", project),
        Map.of(), Duration.ofMinutes(1), MODULE.resolve("target").resolve(log));
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
