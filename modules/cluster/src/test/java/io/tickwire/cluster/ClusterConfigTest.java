package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The cluster section's transport keys")
class ClusterConfigTest {

  static ClusterConfig parse(JsonObject cluster) {
    return ClusterConfig.from(Section.root(new JsonObject().put("cluster", cluster))
        .section("cluster"));
  }

  static JsonObject enabled() {
    return new JsonObject().put("enabled", true)
        .put("identitySecret", TestCluster.IDENTITY_SECRET);
  }

  @Test
  @DisplayName("default to event-bus port 5801, plain TCP, and no identity secret while the cluster is off")
  void defaults() {
    ClusterConfig config = ClusterConfig.disabled();
    assertThat(config.eventBusPort()).isEqualTo(ClusterConfig.DEFAULT_EVENT_BUS_PORT)
        .isEqualTo(5801);
    assertThat(config.eventBusTls().enabled()).isFalse();
    assertThat(config.identitySecret()).isNull();
    assertThat(parse(enabled().put("eventBusPort", 0)).eventBusPort()).isZero();
    assertThatThrownBy(() -> parse(enabled().put("eventBusPort", 65_536)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.eventBusPort");
  }

  @Test
  @DisplayName("refuse a cluster without an identity secret, or with a short one, without showing it")
  void identitySecret() {
    assertThatThrownBy(() -> parse(new JsonObject().put("enabled", true)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.identitySecret")
        .hasMessageContaining("required");
    assertThatThrownBy(() -> parse(enabled().put("identitySecret", "short-secret-42")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32")
        .hasMessageNotContaining("short-secret-42");
    ClusterConfig config = parse(enabled());
    assertThat(config.toString()).doesNotContain(TestCluster.IDENTITY_SECRET)
        .contains("identitySecret=(set)");
  }

  @Test
  @DisplayName("refuse event-bus TLS without its three readable files, and unknown keys in its section")
  void tlsFiles(@TempDir Path dir) throws Exception {
    Path pem = Files.writeString(dir.resolve("member.pem"), "not checked here\n");
    JsonObject tls = new JsonObject().put("enabled", true).put("keyPath", pem.toString())
        .put("certPath", pem.toString()).put("trustPath", pem.toString());
    assertThat(parse(enabled().put("eventBusTls", tls.copy())).eventBusTls().enabled()).isTrue();
    assertThatThrownBy(() -> parse(enabled().put("eventBusTls", tls.copy().put("trustPath", ""))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.eventBusTls.trustPath")
        .hasMessageContaining("required");
    assertThatThrownBy(() -> parse(enabled().put("eventBusTls",
        tls.copy().put("keyPath", dir.resolve("missing.pem").toString()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.eventBusTls.keyPath")
        .hasMessageContaining("missing.pem");
    assertThatThrownBy(() -> parse(enabled().put("eventBusTls", tls.copy().put("clientAuth",
        "none")))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.eventBusTls.clientAuth");
    // Off, the paths are not needed.
    assertThat(parse(enabled().put("eventBusTls", new JsonObject().put("enabled", false)))
        .eventBusTls().enabled()).isFalse();
  }
}
