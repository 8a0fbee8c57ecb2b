package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configurations under {@code deploy/} pass the launcher's checks as shipped, once the values
 * their comments ask for are filled in, and are refused before that with a message naming them.
 */
@DisplayName("The shipped deployment files")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeployConfigsTest {

  private static final Path DEPLOY = Path.of("../../deploy");
  private static final Pattern ENV_LINE = Pattern.compile("^([A-Z_]+)=\"?(.*?)\"?$");
  private static final Pattern SECRET_LINE = Pattern.compile("^  (TICKWIRE_[A-Z_]+): \"(.*)\"$");

  @Test
  @DisplayName("systemd: the example environment file starts production with the management port on")
  void systemd() throws IOException {
    Map<String, String> env = variables(DEPLOY.resolve("systemd/tickwire.env"), ENV_LINE);
    assertThat(env).containsKey("TICKWIRE_AUTH_JWKS_URL");
    TickwireConfig config = Main.load(LauncherTest.CONF, "production", null, env);
    assertThat(config.gateway().ops().enabled()).isTrue();
    assertThat(config.gateway().ops().host()).isEqualTo("127.0.0.1");
    assertThat(config.gateway().auth().devTokens()).isFalse();
    assertThat(config.cluster().enabled()).isFalse();
    Map<String, String> devKey = new HashMap<>(env);
    devKey.put("TICKWIRE_API_KEYS", "dev");
    assertThatThrownBy(() -> Main.load(LauncherTest.CONF, "production", null, devKey))
        .isInstanceOf(ConfigException.class).hasMessageContaining("api.keys");
  }

  @Test
  @DisplayName("Kubernetes: the ConfigMap overlay and the Secret start production with metrics on port 9090")
  void kubernetes(@TempDir Path dir) throws IOException {
    Path overlay = dir.resolve("tickwire.json");
    Files.writeString(overlay, configMapFile("tickwire.json", "hazelcast.xml"));
    Map<String, String> env = variables(DEPLOY.resolve("kubernetes/secret.yaml"), SECRET_LINE);
    assertThat(env).containsKeys("TICKWIRE_AUTH_JWKS_URL", "TICKWIRE_API_KEYS",
        "TICKWIRE_CLUSTER_IDENTITY_SECRET");
    // The template leaves the members' secret empty: the operator makes one (operations.md).
    env.put("TICKWIRE_CLUSTER_IDENTITY_SECRET", "made-by-the-operator-0123456789abcdef");
    TickwireConfig config = Main.load(LauncherTest.CONF, "production", overlay.toString(), env);
    assertThat(config.gateway().ops().enabled()).isTrue();
    assertThat(config.gateway().ops().host()).isEqualTo("0.0.0.0");
    assertThat(config.gateway().ops().port()).isEqualTo(9090);
    assertThat(Files.readString(DEPLOY.resolve("kubernetes/statefulset.yaml")))
        .contains("containerPort: 9090").contains("prometheus.io/port: \"9090\"");

    Map<String, String> withoutKeys = new HashMap<>(env);
    withoutKeys.put("TICKWIRE_AUTH_JWKS_URL", "");
    assertThatThrownBy(() -> Main.load(LauncherTest.CONF, "production", overlay.toString(),
        withoutKeys)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("TICKWIRE_AUTH_JWKS_URL");
  }

  @Test
  @DisplayName("local cluster: make cluster's nodes run the dev profile, on loopback")
  void localCluster() throws IOException {
    String script = Files.readString(DEPLOY.resolve("local/cluster.sh"));
    assertThat(script).contains("\"${TICKWIRE_PROFILE:-dev}\"").contains("127.0.0.1:808$i");
    TickwireConfig config = Main.load(LauncherTest.CONF, "dev", null, Map.of(
        "TICKWIRE_CLUSTER_ENABLED", "true", "TICKWIRE_NOTIFICATIONS_STORAGE_SHARED", "true",
        "TICKWIRE_GATEWAY_PORT", "8081", "TICKWIRE_CLUSTER_PORT", "5701"));
    assertThat(config.gateway().gateway().host()).isEqualTo("127.0.0.1");
    assertThat(config.cluster().host()).isEqualTo("127.0.0.1");
  }

  /** The {@code KEY=value} lines of a file, comments and blank lines skipped. */
  private static Map<String, String> variables(Path file, Pattern line) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String text : Files.readAllLines(file)) {
      Matcher matcher = line.matcher(text);
      if (!text.startsWith("#") && matcher.matches() && matcher.group(1).startsWith("TICKWIRE_")) {
        env.put(matcher.group(1), matcher.group(2));
      }
    }
    return env;
  }

  /** A file of the ConfigMap: the block under {@code name: |}, up to the next file. */
  private static String configMapFile(String name, String next) throws IOException {
    List<String> lines = Files.readAllLines(DEPLOY.resolve("kubernetes/configmap.yaml"));
    StringBuilder text = new StringBuilder();
    boolean inside = false;
    for (String line : lines) {
      if (line.trim().equals(next + ": |")) {
        break;
      }
      if (inside) {
        text.append(line.length() > 4 ? line.substring(4) : "").append('\n');
      }
      inside |= line.trim().equals(name + ": |");
    }
    return text.toString();
  }
}
