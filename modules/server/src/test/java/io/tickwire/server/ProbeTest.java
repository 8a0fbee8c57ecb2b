package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.NodeContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The container health probe")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProbeTest {

  @Test
  @DisplayName("exits 0 only while the node is ready, from a JVM that has nothing but its own class")
  void followsReadiness(@TempDir Path dir) throws Exception {
    TickwireConfig config = Main.load(LauncherTest.CONF, "dev", null,
        LaunchedNode.env(dir, Map.of()));
    String url;
    try (LaunchedNode launched = LaunchedNode.start(config, NodeContext.create("probe-test"))) {
      url = "http://127.0.0.1:" + launched.port + "/health/ready";
      // Deployed but not yet marked ready, as while a container starts.
      launched.node.ready().set(false);
      assertThat(Probe.status(url)).isEqualTo(503);
      assertThat(runProbe(url)).isEqualTo(1);
      launched.node.ready().set(true);
      assertThat(Probe.status(url)).isEqualTo(200);
      assertThat(runProbe(url)).isEqualTo(0);
    }
    // Stopped: nobody answers.
    assertThat(Probe.status(url)).isEqualTo(-1);
    assertThat(runProbe(url)).isEqualTo(1);
    assertThat(Probe.status("not a url")).isEqualTo(-1);
  }

  /** Runs the probe as the compose health check does: its class directory alone. */
  private static int runProbe(String url) throws Exception {
    String classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
    Process process = new ProcessBuilder(String.join(File.separator,
        List.of(System.getProperty("java.home"), "bin", "java")), "-Xmx32m",
        "-XX:TieredStopAtLevel=1", "-cp", classes, Probe.class.getName(), url)
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      assertThat(output).contains("probe: " + url);
    }
    return process.exitValue();
  }
}
