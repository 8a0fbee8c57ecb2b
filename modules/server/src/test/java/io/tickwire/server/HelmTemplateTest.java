package io.tickwire.server;

import static io.tickwire.server.ComposeFiles.ROOT;
import static io.tickwire.server.ComposeFiles.list;
import static io.tickwire.server.ComposeFiles.map;
import static io.tickwire.server.HelmChartTest.CHART;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code helm lint} and {@code helm template} over the chart, and the rendered objects held
 * against the Kustomize manifests of {@code deploy/kubernetes}: the same kinds and names, and the
 * same settings where it matters (the StatefulSet's pod, the services, the member file, the
 * Secret's keys). Runs with a helm on the PATH, in {@code HELM}, or in {@code target/tools/helm}
 * ({@code deploy/helm/get-helm.sh}); skipped with a message otherwise, under {@code CI=true} too.
 */
@DisplayName("The Helm chart, rendered")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HelmTemplateTest {

  private static String helm;

  @BeforeAll
  static void findHelm() {
    List<String> candidates = new ArrayList<>();
    if (System.getenv("HELM") != null) {
      candidates.add(System.getenv("HELM"));
    }
    candidates.add("helm");
    candidates.add(ROOT.resolve("target/tools/helm/helm").toAbsolutePath().normalize()
        .toString());
    helm = candidates.stream().filter(candidate -> ComposeFiles.runs(candidate, "version"))
        .findFirst().orElse(null);
  }

  @BeforeEach
  void requireHelm() {
    // Not Prerequisites.missing: helm is in neither Debian nor the CI image, so these tests are
    // skipped wherever it is absent.
    Assumptions.assumeTrue(helm != null, "no helm (not on the PATH, in HELM, or in"
        + " target/tools/helm: deploy/helm/get-helm.sh puts one there): skipping helm lint and"
        + " helm template, also under CI=true");
  }

  @Test
  @DisplayName("helm lint --strict passes")
  void lint() throws Exception {
    ComposeFiles.Result lint = ComposeFiles.run(60, helm, "lint", "--strict",
        "deploy/helm/tickwire");
    assertThat(lint.code()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("0 chart(s) failed");
  }

  @Test
  @DisplayName("helm template renders the Kustomize manifests' objects: kinds, names, namespace and key fields")
  void sameObjectsAsKustomize() throws Exception {
    List<Map<String, Object>> rendered = render("--set", "namespace.create=true");
    List<Map<String, Object>> kustomize = kustomize();
    assertThat(HelmChartTest.kindsAndNames(rendered))
        .containsExactlyInAnyOrderElementsOf(HelmChartTest.kindsAndNames(kustomize));
    Map<String, Map<String, Object>> helmByName = byKindAndName(rendered);
    Map<String, Map<String, Object>> kustomizeByName = byKindAndName(kustomize);
    rendered.stream().filter(object -> !"Namespace".equals(object.get("kind"))).forEach(object ->
        assertThat(map(object.get("metadata"), "metadata").get("namespace"))
            .as("namespace of %s", object.get("kind")).isEqualTo("tickwire"));

    // The pod: everything but the labels (Helm's carry the release).
    Map<String, Object> helmSet = helmByName.get("StatefulSet/tickwire");
    Map<String, Object> kustomizeSet = kustomizeByName.get("StatefulSet/tickwire");
    Map<String, Object> helmSpec = map(helmSet.get("spec"), "spec");
    Map<String, Object> kustomizeSpec = map(kustomizeSet.get("spec"), "spec");
    for (String key : List.of("serviceName", "replicas", "podManagementPolicy", "updateStrategy",
        "minReadySeconds")) {
      assertThat(helmSpec.get(key)).as("StatefulSet spec.%s", key)
          .isEqualTo(kustomizeSpec.get(key));
    }
    Map<String, Object> helmPod = map(map(helmSpec.get("template"), "template").get("spec"), "p");
    Map<String, Object> kustomizePod =
        map(map(kustomizeSpec.get("template"), "template").get("spec"), "pod");
    for (String key : List.of("serviceAccountName", "automountServiceAccountToken",
        "enableServiceLinks", "terminationGracePeriodSeconds", "securityContext", "volumes")) {
      assertThat(helmPod.get(key)).as("pod %s", key).isEqualTo(kustomizePod.get(key));
    }
    Map<String, Object> helmContainer = map(list(helmPod.get("containers"), "c").get(0), "c");
    Map<String, Object> kustomizeContainer =
        map(list(kustomizePod.get("containers"), "c").get(0), "c");
    assertThat(helmContainer).containsOnlyKeys(kustomizeContainer.keySet());
    kustomizeContainer.forEach((key, value) ->
        assertThat(helmContainer.get(key)).as("container %s", key).isEqualTo(value));
    Map<String, Object> helmAnnotations = map(map(map(helmSpec.get("template"), "t")
        .get("metadata"), "metadata").get("annotations"), "annotations");
    map(map(map(kustomizeSpec.get("template"), "t").get("metadata"), "metadata")
        .get("annotations"), "annotations").forEach((key, value) ->
            assertThat(helmAnnotations.get(key)).as("pod annotation %s", key).isEqualTo(value));

    // Selectors: the StatefulSet's and the gateway Service's pick the pods; the headless
    // service and the budget pick every member.
    Map<String, Object> podLabels = map(map(map(helmSpec.get("template"), "t").get("metadata"),
        "metadata").get("labels"), "labels");
    assertThat(podLabels).containsAllEntriesOf(map(map(helmSpec.get("selector"), "selector")
        .get("matchLabels"), "matchLabels"));
    for (String service : List.of("Service/tickwire", "Service/tickwire-hazelcast")) {
      Map<String, Object> helmService = map(helmByName.get(service).get("spec"), "spec");
      Map<String, Object> kustomizeService = map(kustomizeByName.get(service).get("spec"), "s");
      assertThat(podLabels).containsAllEntriesOf(map(helmService.get("selector"), "selector"));
      for (String key : List.of("type", "clusterIP", "publishNotReadyAddresses", "ports")) {
        assertThat(helmService.get(key)).as("%s spec.%s", service, key)
            .isEqualTo(kustomizeService.get(key));
      }
    }
    Map<String, Object> budget = map(helmByName.get("PodDisruptionBudget/tickwire")
        .get("spec"), "spec");
    assertThat(podLabels).containsAllEntriesOf(map(map(budget.get("selector"), "selector")
        .get("matchLabels"), "matchLabels"));
    assertThat(budget.get("maxUnavailable")).isEqualTo(map(kustomizeByName
        .get("PodDisruptionBudget/tickwire").get("spec"), "spec").get("maxUnavailable"));
    assertThat(helmByName.get("ServiceAccount/tickwire").get("automountServiceAccountToken"))
        .isEqualTo(false);

    // The files of the ConfigMap and the keys of the Secret.
    Map<String, Object> helmData = map(helmByName.get("ConfigMap/tickwire-config").get("data"),
        "data");
    Map<String, Object> kustomizeData = map(kustomizeByName.get("ConfigMap/tickwire-config")
        .get("data"), "data");
    assertThat(helmData).containsOnlyKeys(kustomizeData.keySet());
    assertThat(new JsonObject(String.valueOf(helmData.get("tickwire.json"))))
        .isEqualTo(new JsonObject(String.valueOf(kustomizeData.get("tickwire.json"))));
    assertThat(memberFile(helmData.get("hazelcast.xml")))
        .isEqualTo(memberFile(kustomizeData.get("hazelcast.xml")));
    assertThat(map(helmByName.get("Secret/tickwire-secrets").get("stringData"), "stringData"))
        .isEqualTo(kustomizeByName.get("Secret/tickwire-secrets").get("stringData"));
  }

  @Test
  @DisplayName("helm template follows the values: another release name and namespace, an existing Secret, no event-bus TLS")
  void followsValues() throws Exception {
    List<Map<String, Object>> rendered = render("--set", "secret.create=false",
        "--set", "secret.existingSecret=made-by-hand", "--set", "clusterTls.enabled=false",
        "--set", "replicaCount=5");
    assertThat(HelmChartTest.kindsAndNames(rendered)).containsExactlyInAnyOrder(
        "ServiceAccount/tickwire", "ConfigMap/tickwire-config", "Service/tickwire",
        "Service/tickwire-hazelcast", "StatefulSet/tickwire", "PodDisruptionBudget/tickwire");
    String text = new Yaml().dump(rendered);
    assertThat(text).contains("made-by-hand").doesNotContain("cluster-tls")
        .doesNotContain("TICKWIRE_CLUSTER_EVENT_BUS_TLS_ENABLED");

    ComposeFiles.Result other = ComposeFiles.run(60, helm, "template", "feeds",
        "deploy/helm/tickwire", "--namespace", "markets");
    assertThat(other.code()).as(other.output()).isZero();
    assertThat(other.output()).contains("name: feeds-tickwire-hazelcast")
        .contains("<service-dns>feeds-tickwire-hazelcast.markets.svc.cluster.local</service-dns>")
        .contains("namespace: markets").doesNotContain("kind: Namespace");

    ComposeFiles.Result refused = ComposeFiles.run(60, helm, "template", "tickwire",
        "deploy/helm/tickwire", "--set", "secret.create=false");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.output()).contains("secret.existingSecret");
  }

  private static List<Map<String, Object>> render(String... settings) throws Exception {
    List<String> command = new ArrayList<>(List.of(helm, "template", "tickwire",
        "deploy/helm/tickwire", "--namespace", "tickwire"));
    command.addAll(List.of(settings));
    ComposeFiles.Result template = ComposeFiles.run(60, command.toArray(String[]::new));
    assertThat(template.code()).as(template.output()).isZero();
    return documents(template.output());
  }

  /** The objects {@code kubectl apply -k deploy/kubernetes} would create, namespace applied. */
  private static List<Map<String, Object>> kustomize() throws Exception {
    Path dir = ROOT.resolve("deploy/kubernetes");
    Map<String, Object> kustomization = ComposeFiles.yaml(dir.resolve("kustomization.yaml"));
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object resource : list(kustomization.get("resources"), "resources")) {
      for (Map<String, Object> object : documents(Files.readString(dir.resolve(
          String.valueOf(resource))))) {
        if (!"Namespace".equals(object.get("kind"))) {
          map(object.get("metadata"), "metadata").put("namespace",
              kustomization.get("namespace"));
        }
        objects.add(object);
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> documents(String text) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(text)) {
      if (document != null) {
        objects.add((Map<String, Object>) document);
      }
    }
    return objects;
  }

  private static Map<String, Map<String, Object>> byKindAndName(
      List<Map<String, Object>> objects) {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    objects.forEach(object -> byName.put(object.get("kind") + "/"
        + map(object.get("metadata"), "metadata").get("name"), object));
    return byName;
  }

  /** A member file without its comments and layout. */
  private static String memberFile(Object xml) {
    return String.valueOf(xml).replaceAll("(?s)<!--.*?-->", "").replaceAll("\\s+", " ").trim();
  }
}
