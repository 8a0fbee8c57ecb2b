package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.JoinConfig;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Hazelcast member configuration")
class HazelcastConfigsTest {

  /** The repository's deploy/ directory, from this module's directory. */
  static final String DEPLOY = "../../deploy/";

  static JoinConfig join(JsonObject cluster) {
    ClusterConfig config = ClusterConfig.from(Section.root(new JsonObject()
        .put("cluster", cluster.put("enabled", true)
            .put("identitySecret", TestCluster.IDENTITY_SECRET))).section("cluster"));
    return HazelcastConfigs.build(config).getNetworkConfig().getJoin();
  }

  @Test
  @DisplayName("takes Kubernetes discovery and its service name from deploy/hazelcast.xml when the cluster section sets no join keys")
  void kubernetesFromFile() {
    JoinConfig join = join(new JsonObject().put("configFile", DEPLOY + "hazelcast.xml"));
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns"))
        .isEqualTo("tickwire-hazelcast.tickwire.svc.cluster.local");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("takes TCP-IP discovery and its member list from deploy/hazelcast-tcp-ip.xml")
  void tcpIpFromFile() {
    JoinConfig join = join(new JsonObject().put("configFile", DEPLOY + "hazelcast-tcp-ip.xml"));
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers())
        .containsExactly("10.0.0.11:5701", "10.0.0.12:5701", "10.0.0.13:5701");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("takes multicast discovery and its group from deploy/hazelcast-multicast.xml")
  void multicastFromFile() {
    JoinConfig join = join(new JsonObject().put("configFile",
        DEPLOY + "hazelcast-multicast.xml"));
    assertThat(join.getMulticastConfig().isEnabled()).isTrue();
    assertThat(join.getMulticastConfig().getMulticastGroup()).isEqualTo("224.2.2.3");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("lets the join keys that are set override the file: the method alone, the member list, the service name")
  void setKeysOverride() {
    JoinConfig tcp = join(new JsonObject().put("configFile", DEPLOY + "hazelcast.xml")
        .put("discovery", "tcp-ip").put("members", new JsonArray().add("10.1.0.1:5701")));
    assertThat(tcp.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(tcp.getTcpIpConfig().getMembers()).containsExactly("10.1.0.1:5701");
    assertThat(tcp.getKubernetesConfig().isEnabled()).isFalse();

    JoinConfig members = join(new JsonObject().put("configFile", DEPLOY + "hazelcast-tcp-ip.xml")
        .put("members", "10.2.0.1,10.2.0.2"));
    assertThat(members.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(members.getTcpIpConfig().getMembers()).containsExactly("10.2.0.1", "10.2.0.2");

    JoinConfig service = join(new JsonObject().put("configFile", DEPLOY + "hazelcast.xml")
        .put("kubernetesService", "members.other.svc.cluster.local"));
    assertThat(service.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(service.getKubernetesConfig().getProperty("service-dns"))
        .isEqualTo("members.other.svc.cluster.local");
  }

  @Test
  @DisplayName("without a file, finds members by TCP-IP on the members list, loopback by default")
  void withoutFile() {
    JoinConfig defaults = join(new JsonObject());
    assertThat(defaults.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(defaults.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(defaults.getMulticastConfig().isEnabled()).isFalse();
    assertThat(defaults.getAutoDetectionConfig().isEnabled()).isFalse();

    JoinConfig listed = join(new JsonObject().put("members",
        new JsonArray(List.of("127.0.0.1:5701", "127.0.0.1:5702"))));
    assertThat(listed.getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
  }

  @Test
  @DisplayName("refuses Kubernetes discovery that names no service, in the section or a file")
  void kubernetesNeedsService() {
    assertThatThrownBy(() -> join(new JsonObject().put("discovery", "kubernetes")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.kubernetesService");
  }
}
