package io.tickwire.server;

import static io.tickwire.server.ComposeFiles.COMPOSE;
import static io.tickwire.server.ComposeFiles.MEMBERS;
import static io.tickwire.server.ComposeFiles.ROOT;
import static io.tickwire.server.ComposeFiles.list;
import static io.tickwire.server.ComposeFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.ConfigLoader;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/compose/compose.yaml} read as compose would, without a container runtime: the
 * services, their images and ports, and the members' environment loaded by the launcher as the
 * production profile, with the secrets the Makefile writes.
 */
@DisplayName("The compose setup's files")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ComposeFileTest {

  @Test
  @DisplayName("three members from the Jib image, PostgreSQL, Prometheus and Grafana; every published port on 127.0.0.1")
  void servicesAndPorts() throws Exception {
    Map<String, Object> services = map(ComposeFiles.yaml(COMPOSE).get("services"), "services");
    assertThat(services).containsOnlyKeys("tickwire-1", "tickwire-2", "tickwire-3", "postgres",
        "prometheus", "grafana");
    String pom = Files.readString(ROOT.resolve("modules/server/pom.xml"));
    String makefile = Files.readString(ROOT.resolve("Makefile"));
    for (int i = 0; i < MEMBERS.size(); i++) {
      String name = MEMBERS.get(i);
      Map<String, Object> member = map(services.get(name), name);
      // The image make image builds and compose-up loads: never pulled from a registry.
      assertThat(member.get("image")).isEqualTo("tickwire:0.1.0");
      assertThat(pom).contains("<tickwire.image.name>tickwire:0.1.0</tickwire.image.name>")
          .contains("/tickwire-0.1.0.tar</tar>");
      assertThat(makefile).contains("IMAGE_TAR := target/image/tickwire-0.1.0.tar")
          .contains("docker load -i $(IMAGE_TAR)");
      assertThat(member.get("pull_policy")).isEqualTo("never");
      assertThat(member.get("hostname")).isEqualTo(name);
      assertThat(list(member.get("ports"), name + " ports"))
          .containsExactly("127.0.0.1:" + (8081 + i) + ":8080");
    }
    assertThat(list(map(services.get("grafana"), "grafana").get("ports"), "grafana ports"))
        .containsExactly("127.0.0.1:3000:3000");
    assertThat(list(map(services.get("prometheus"), "prometheus").get("ports"), "ports"))
        .containsExactly("127.0.0.1:9090:9090");
    // Nothing else is published, and nothing on every interface.
    assertThat(map(services.get("postgres"), "postgres")).doesNotContainKey("ports");
    services.forEach((name, service) -> {
      Object ports = map(service, name).get("ports");
      if (ports != null) {
        assertThat(list(ports, name + " ports")).allSatisfy(port ->
            assertThat(String.valueOf(port)).as(name).startsWith("127.0.0.1:"));
      }
    });
  }

  @Test
  @DisplayName("the Makefile writes every secret compose requires, once, private, and random")
  void envWriter(@TempDir Path dir) throws Exception {
    String compose = Files.readString(COMPOSE);
    Set<String> required = ComposeFiles.references(compose).entrySet().stream()
        .filter(Map.Entry::getValue).map(Map.Entry::getKey).collect(Collectors.toSet());
    assertThat(required).contains("TICKWIRE_AUTH_HMAC_SECRET", "TICKWIRE_API_KEYS",
        "TICKWIRE_CLUSTER_IDENTITY_SECRET", "POSTGRES_PASSWORD", "GRAFANA_ADMIN_PASSWORD");

    Path env = ComposeFiles.writeEnv(dir, Map.of("PATH", System.getenv("PATH")));
    Map<String, String> written = ComposeFiles.envFile(env);
    assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(required);
    assertThat(Files.getPosixFilePermissions(env)).containsOnly(PosixFilePermission.OWNER_READ,
        PosixFilePermission.OWNER_WRITE);
    // HS256 wants a key as long as its hash: 32 random bytes, hex.
    assertThat(written.get("TICKWIRE_AUTH_HMAC_SECRET")).matches("[0-9a-f]{64}");
    assertThat(written.get("TICKWIRE_CLUSTER_IDENTITY_SECRET")).matches("[0-9a-f]{64}");
    assertThat(written.get("TICKWIRE_API_KEYS")).matches("[0-9a-f]{48}");
    assertThat(new HashSet<>(written.values())).hasSameSizeAs(written.values());

    // Written once: running again keeps the secrets the setup was started with; another
    // checkout gets secrets of its own.
    Map<String, String> path = Map.of("PATH", System.getenv("PATH"));
    assertThat(ComposeFiles.envFile(ComposeFiles.writeEnv(dir, path))).isEqualTo(written);
    assertThat(ComposeFiles.envFile(ComposeFiles.writeEnv(dir.resolve("other"), path)))
        .doesNotContainValue(written.get("TICKWIRE_AUTH_HMAC_SECRET"));
    assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("deploy/compose/.env\n");
  }

  @Test
  @DisplayName("each member's environment starts the production profile as a TCP-IP cluster of the three, on PostgreSQL, with metrics for Prometheus")
  void membersEnvironment(@TempDir Path dir) throws Exception {
    Map<String, Object> services = map(ComposeFiles.yaml(COMPOSE).get("services"), "services");
    Map<String, String> secrets = ComposeFiles.envFile(ComposeFiles.writeEnv(dir,
        Map.of("PATH", System.getenv("PATH"))));
    Map<String, String> postgres = ComposeFiles.environment(map(services.get("postgres"),
        "postgres"), secrets);
    // An override of a key the production file lacks would be silently ignored.
    Set<String> overridable = ConfigLoader.leafKeys(new JsonObject(
        Files.readString(Path.of(LauncherTest.CONF, "production.json")))).stream()
        .map(ConfigLoader::envName).collect(Collectors.toSet());
    Set<String> nodeIds = new HashSet<>();
    for (String name : MEMBERS) {
      Map<String, Object> member = map(services.get(name), name);
      Map<String, String> env = ComposeFiles.environment(member, secrets);
      env.keySet().stream().filter(key -> key.startsWith("TICKWIRE_")).forEach(key ->
          assertThat(overridable).as("%s of %s overrides a key of production.json", key, name)
              .contains(key));
      assertThat(env).doesNotContainKeys("TICKWIRE_PROFILE", "TICKWIRE_AUTH_DEV_TOKENS");

      // The image's default profile, production, with these variables.
      TickwireConfig config = Main.load(LauncherTest.CONF, "production", null, env);
      nodeIds.add(config.nodeId());
      assertThat(config.nodeId()).isEqualTo(name);
      assertThat(config.gateway().gateway().port()).isEqualTo(8080);
      assertThat(config.gateway().auth().hmacSecret())
          .isEqualTo(secrets.get("TICKWIRE_AUTH_HMAC_SECRET"));
      assertThat(config.gateway().auth().jwksUrl()).isNull();
      assertThat(config.gateway().auth().devTokens()).isFalse();
      assertThat(config.gateway().api().keys()).containsExactly(secrets.get("TICKWIRE_API_KEYS"));
      assertThat(config.cluster().enabled()).isTrue();
      assertThat(config.cluster().discovery()).isEqualTo("tcp-ip");
      assertThat(config.cluster().members()).containsExactlyElementsOf(MEMBERS);
      assertThat(config.cluster().identitySecret())
          .isEqualTo(secrets.get("TICKWIRE_CLUSTER_IDENTITY_SECRET"));
      // The file is in the image (Jib copies deploy/hazelcast*.xml next to conf/).
      assertThat(ROOT.resolve(config.cluster().configFile())).exists();
      assertThat(config.cluster().configFile()).matches("deploy/hazelcast[^/]*\\.xml");
      var storage = config.notifications().storage();
      assertThat(storage.kind()).isEqualTo("postgres");
      assertThat(services).containsKey(storage.postgres().host());
      assertThat(storage.postgres().user()).isEqualTo(postgres.get("POSTGRES_USER"));
      assertThat(storage.postgres().database()).isEqualTo(postgres.get("POSTGRES_DB"));
      assertThat(storage.postgres().password()).isEqualTo(postgres.get("POSTGRES_PASSWORD"))
          .isEqualTo(secrets.get("POSTGRES_PASSWORD"));
      assertThat(config.gateway().ops().enabled()).isTrue();
      assertThat(config.gateway().ops().host()).isEqualTo("0.0.0.0");
      assertThat(config.transactions().source()).isEqualTo("simulated");

      // The health check asks the probe for the public port's readiness.
      Map<String, Object> health = map(member.get("healthcheck"), name + " healthcheck");
      List<Object> test = list(health.get("test"), "test");
      assertThat(test).contains(Probe.class.getName(),
          "http://127.0.0.1:" + config.gateway().gateway().port() + "/health/ready");
      // Jib lays the classes out in /app/classes (make image).
      assertThat(String.valueOf(test.get(test.indexOf("-cp") + 1)).split(":"))
          .contains("/app/classes");
      Map<String, Object> dependsOn = map(member.get("depends_on"), name + " depends_on");
      assertThat(map(dependsOn.get("postgres"), "postgres").get("condition"))
          .isEqualTo("service_healthy");
      if (!name.equals(MEMBERS.get(0))) {
        assertThat(map(dependsOn.get(MEMBERS.get(0)), "first").get("condition"))
            .isEqualTo("service_healthy");
      }
    }
    assertThat(nodeIds).hasSize(MEMBERS.size());
  }

  @Test
  @DisplayName("the members' health check, run as the container would with the member's JAVA_TOOL_OPTIONS, exits 0 only while /health/ready answers 200")
  void healthCheckCommand(@TempDir Path dir) throws Exception {
    Map<String, Object> member = map(map(ComposeFiles.yaml(COMPOSE).get("services"), "services")
        .get(MEMBERS.get(0)), "member");
    Map<String, String> env = ComposeFiles.environment(member, ComposeFiles.envFile(
        ComposeFiles.writeEnv(dir, Map.of("PATH", System.getenv("PATH")))));
    List<Object> test = list(map(member.get("healthcheck"), "healthcheck").get("test"), "test");
    assertThat(test.subList(0, 2)).containsExactly("CMD", "java");
    AtomicInteger status = new AtomicInteger(503);
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request ->
          request.response().setStatusCode(request.path().equals("/health/ready")
              ? status.get() : 404).end()).listen(0, "127.0.0.1"));
      String url = "http://127.0.0.1:" + server.actualPort() + "/health/ready";
      assertThat(healthCheck(test, env, url)).isEqualTo(1);
      status.set(200);
      assertThat(healthCheck(test, env, url)).isZero();
    } finally {
      Await.result(vertx.close());
    }
  }

  /**
   * Runs the health check's command here: this JVM's java for the image's, this module's classes
   * for /app/classes, {@code url} for the node's; the member's environment.
   */
  private static int healthCheck(List<Object> test, Map<String, String> env, String url)
      throws Exception {
    String classes = Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
    List<String> command = new ArrayList<>();
    for (Object part : test.subList(1, test.size())) {
      String text = String.valueOf(part);
      command.add(text.equals("java") ? Path.of(System.getProperty("java.home"), "bin", "java")
          .toString() : text.startsWith("http://") ? url
          : text.replace("/app/classes", classes));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // A JVM that cannot start (conflicting options) exits 1 too: it must not be the reason.
    assertThat(output).as(output).doesNotContain("Error occurred during initialization of VM");
    return process.exitValue();
  }

  @Test
  @DisplayName("Prometheus scrapes the three management ports and loads deploy/prometheus; Grafana gets it as data source and the dashboards of deploy/grafana")
  void monitoring(@TempDir Path dir) throws Exception {
    Map<String, Object> services = map(ComposeFiles.yaml(COMPOSE).get("services"), "services");
    Map<String, String> secrets = ComposeFiles.envFile(ComposeFiles.writeEnv(dir,
        Map.of("PATH", System.getenv("PATH"))));
    Path composeDir = COMPOSE.getParent();

    Map<String, Object> prometheus = map(services.get("prometheus"), "prometheus");
    Map<String, String> mounts = mounts(prometheus);
    Path config = composeDir.resolve(key(mounts, "/etc/prometheus/prometheus.yml"));
    assertThat(list(prometheus.get("command"), "command"))
        .contains("--config.file=/etc/prometheus/prometheus.yml");
    Map<String, Object> scrape = ComposeFiles.yaml(config);
    Map<String, Object> job = map(list(scrape.get("scrape_configs"), "jobs").get(0), "job");
    assertThat(job.get("metrics_path")).isEqualTo("/metrics");
    List<Object> targets = list(map(list(job.get("static_configs"), "static").get(0), "static")
        .get("targets"), "targets");
    String opsPort = ComposeFiles.environment(map(services.get("tickwire-1"), "member"), secrets)
        .get("TICKWIRE_OPS_PORT");
    assertThat(targets).containsExactlyElementsOf(MEMBERS.stream()
        .map(member -> member + ":" + opsPort).toList());
    // The rules: deploy/prometheus (alerts.yaml), whatever that directory holds.
    String rulesDir = mounts.get("../prometheus");
    assertThat(rulesDir).isEqualTo("/etc/prometheus/rules");
    assertThat(list(scrape.get("rule_files"), "rule_files")).allSatisfy(rules ->
        assertThat(String.valueOf(rules)).startsWith(rulesDir + "/"));
    assertThat(composeDir.resolve("../prometheus").normalize())
        .isEqualTo(ROOT.resolve("deploy/prometheus").normalize());

    Map<String, Object> grafana = map(services.get("grafana"), "grafana");
    Map<String, String> grafanaMounts = mounts(grafana);
    Map<String, Object> datasources = ComposeFiles.yaml(composeDir.resolve(
        key(grafanaMounts, "/etc/grafana/provisioning/datasources/tickwire.yaml")));
    Map<String, Object> datasource = map(list(datasources.get("datasources"), "ds").get(0), "ds");
    assertThat(datasource.get("type")).isEqualTo("prometheus");
    assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
    assertThat(datasource.get("isDefault")).isEqualTo(true);
    Map<String, Object> dashboards = ComposeFiles.yaml(composeDir.resolve(
        key(grafanaMounts, "/etc/grafana/provisioning/dashboards/tickwire.yaml")));
    Map<String, Object> provider = map(list(dashboards.get("providers"), "providers").get(0), "p");
    String path = String.valueOf(map(provider.get("options"), "options").get("path"));
    assertThat(grafanaMounts.get("../grafana")).isEqualTo(path);
    try (var files = Files.list(ROOT.resolve("deploy/grafana"))) {
      assertThat(files.map(Path::toString)).anyMatch(file -> file.endsWith(".json"));
    }
    assertThat(ComposeFiles.environment(grafana, secrets).get("GF_SECURITY_ADMIN_PASSWORD"))
        .isEqualTo(secrets.get("GRAFANA_ADMIN_PASSWORD"));
  }

  /** A service's bind mounts, host path to container path (the mode cut off). */
  private static Map<String, String> mounts(Map<String, Object> service) {
    return list(service.get("volumes"), "volumes").stream().map(String::valueOf)
        .filter(volume -> volume.startsWith(".")).map(volume -> volume.split(":"))
        .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
  }

  private static String key(Map<String, String> mounts, String target) {
    return mounts.entrySet().stream().filter(entry -> entry.getValue().equals(target))
        .map(Map.Entry::getKey).findFirst()
        .orElseThrow(() -> new AssertionError("nothing mounted at " + target + ": " + mounts));
  }
}
