package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The compose setup for real: {@code make compose-up} (the .env, the image, docker load, up),
 * the README's tour against its three members, {@code make compose-down}. It needs a container
 * runtime, which CI machines do not have: without one ({@code docker info} fails) the test is
 * skipped, under {@code CI=true} too. A running setup on the same ports is taken down at the end.
 */
@DisplayName("The compose setup, started")
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class ComposeClusterTest {

  private static final List<Integer> PORTS = List.of(8081, 8082, 8083);

  @Test
  @DisplayName("make compose-up starts three healthy members that pass the README's tour, make compose-down stops them")
  void upTourDown() throws Exception {
    // Not Prerequisites.missing: no CI machine has a container runtime, so this one test is
    // skipped there as everywhere else without one.
    Assumptions.assumeTrue(ComposeFiles.runs("docker", "info"),
        "no container runtime ('docker info' fails: no Docker engine or compatible runs here):"
            + " skipping the compose setup's start-up and tour, also under CI=true");
    Assumptions.assumeTrue(ComposeFiles.runs("docker", "compose", "version"),
        "no 'docker compose' (the Compose plugin): skipping the compose setup's start-up and"
            + " tour, also under CI=true");
    ComposeFiles.Result up = ComposeFiles.run(20 * 60, "make", "compose-up");
    try {
      assertThat(up.code()).as(up.output()).isZero();
      Map<String, String> secrets = ComposeFiles.envFile(ComposeFiles.ENV_FILE);
      // up --wait returned once every health check passed; the tour starts by asking each
      // member's /health/ready on 127.0.0.1.
      ComposeTour.run(PORTS, secrets.get("TICKWIRE_API_KEYS"),
          secrets.get("TICKWIRE_AUTH_HMAC_SECRET"));
    } finally {
      ComposeFiles.Result down = ComposeFiles.run(5 * 60, "make", "compose-down");
      assertThat(down.code()).as(down.output()).isZero();
    }
  }
}
