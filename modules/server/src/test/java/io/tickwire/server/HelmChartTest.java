package io.tickwire.server;

import static io.tickwire.server.ComposeFiles.ROOT;
import static io.tickwire.server.ComposeFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart's files, read without helm: {@code Chart.yaml}, {@code values.yaml}, and what
 * the templates ask of the values. {@link HelmTemplateTest} renders the chart when helm exists.
 */
@DisplayName("The Helm chart's files")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HelmChartTest {

  static final Path CHART = ROOT.resolve("deploy/helm/tickwire");
  private static final Pattern VALUE = Pattern.compile("\\.Values((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)");

  @Test
  @DisplayName("Chart.yaml: apiVersion v2, an application named tickwire at the image's version, Apache-2.0")
  void chart() throws Exception {
    Map<String, Object> chart = ComposeFiles.yaml(CHART.resolve("Chart.yaml"));
    assertThat(chart.get("apiVersion")).isEqualTo("v2");
    assertThat(chart.get("name")).isEqualTo("tickwire");
    assertThat(chart.get("type")).isEqualTo("application");
    assertThat(String.valueOf(chart.get("version"))).matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
    // The image make image builds is tagged with the project's version.
    assertThat(Files.readString(ROOT.resolve("modules/server/pom.xml")))
        .contains("<tickwire.image.name>tickwire:" + chart.get("appVersion") + "<");
    assertThat(map(chart.get("annotations"), "annotations"))
        .containsEntry("artifacthub.io/license", "Apache-2.0");
    assertThat(String.valueOf(chart.get("description"))).isNotBlank();
  }

  @Test
  @DisplayName("values.yaml: the Kustomize manifests' image, replicas and Secret keys; every value a template reads exists")
  void values() throws Exception {
    Map<String, Object> values = ComposeFiles.yaml(CHART.resolve("values.yaml"));
    Map<String, Object> image = map(values.get("image"), "image");
    assertThat(image.get("repository")).isEqualTo("tickwire");
    assertThat(image.get("pullPolicy")).isEqualTo("IfNotPresent");
    assertThat(values.get("replicaCount")).isEqualTo(3);
    Map<String, Object> kustomizeSecret = map(ComposeFiles.yaml(
        ROOT.resolve("deploy/kubernetes/secret.yaml")).get("stringData"), "stringData");
    Map<String, Object> secret = map(values.get("secret"), "secret");
    assertThat(map(secret.get("env"), "secret.env").keySet())
        .containsExactlyInAnyOrderElementsOf(kustomizeSecret.keySet());
    assertThat(map(values.get("podDisruptionBudget"), "pdb").get("maxUnavailable")).isEqualTo(1);
    // The graceful hand-over fits the grace period after preStop.
    int grace = (Integer) values.get("terminationGracePeriodSeconds");
    int preStop = (Integer) map(values.get("preStop"), "preStop").get("sleepSeconds");
    int handOver = (Integer) map(values.get("hazelcast"), "hazelcast")
        .get("gracefulShutdownMaxWaitSeconds");
    assertThat(preStop + handOver).isLessThan(grace);

    Set<String> read = new TreeSet<>();
    try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
      for (Path template : templates.toList()) {
        Matcher matcher = VALUE.matcher(Files.readString(template));
        while (matcher.find()) {
          read.add(matcher.group(1).substring(1));
        }
      }
    }
    assertThat(read).contains("config.ops.port", "secret.env", "replicaCount", "image.tag");
    for (String path : read) {
      Object value = values;
      for (String part : path.split("\\.")) {
        Map<String, Object> section = map(value, "values.yaml has " + path);
        assertThat(section).as("values.yaml has %s", path).containsKey(part);
        value = section.get(part);
      }
    }
  }

  @Test
  @DisplayName("values.yaml: the config overlay and the Secret's variables start the production profile, once the secrets are filled in")
  void configStartsProduction(@TempDir Path dir) throws Exception {
    Map<String, Object> values = ComposeFiles.yaml(CHART.resolve("values.yaml"));
    Path overlay = dir.resolve("tickwire.json");
    Files.writeString(overlay, new JsonObject(map(values.get("config"), "config")).encode());
    Map<String, String> env = new HashMap<>();
    map(map(values.get("secret"), "secret").get("env"), "secret.env")
        .forEach((name, value) -> env.put(name, String.valueOf(value)));
    env.put("TICKWIRE_CLUSTER_IDENTITY_SECRET", "made-by-the-operator-0123456789abcdef");
    TickwireConfig config = Main.load(LauncherTest.CONF, "production", overlay.toString(), env);
    assertThat(config.cluster().configFile()).isEqualTo("/etc/tickwire/hazelcast.xml");
    assertThat(config.gateway().ops().enabled()).isTrue();
    assertThat(config.gateway().ops().port())
        .isEqualTo(map(map(values.get("config"), "config").get("ops"), "ops").get("port"));
    // An HS256 secret instead of the JWKS, as the comments say.
    env.put("TICKWIRE_AUTH_JWKS_URL", "");
    env.put("TICKWIRE_AUTH_HMAC_SECRET", "an-operator-made-hs256-secret-0123456789");
    assertThat(Main.load(LauncherTest.CONF, "production", overlay.toString(), env)
        .gateway().auth().jwksUrl()).isNull();
  }

  /** The kinds and names of the objects a set of manifests declares. */
  static Set<String> kindsAndNames(List<Map<String, Object>> objects) {
    return objects.stream().map(object -> object.get("kind") + "/"
        + map(object.get("metadata"), "metadata").get("name")).collect(Collectors.toSet());
  }
}
