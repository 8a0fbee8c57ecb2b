package io.tickwire.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.tickwire.runtime.ConfigException;
import java.io.FileNotFoundException;
import java.util.UUID;

/**
 * Builds the Hazelcast configuration of a member from {@link ClusterConfig}: the optional file,
 * then the cluster name, network, failure detection, and the maps tickwire and the Vert.x
 * cluster manager need. Discovery is the file's unless the cluster section sets it: a
 * {@code discovery} enables that join method alone, {@code members} and
 * {@code kubernetesService} replace the file's member list and service name.
 */
final class HazelcastConfigs {

  /**
   * Channel histories: one entry per channel, mutated in place by entry processors. Each entry
   * carries its own time-to-live, set by every processor from its namespace's history age and
   * the members holding it (see {@link ChannelState}); the map needs no eviction of its own.
   */
  static final String CHANNELS_MAP = "tickwire.channels";
  /** Open connections by user. */
  static final String CONNECTIONS_MAP = "tickwire.connections";
  /**
   * Subscribers of the channels of namespaces with presence or joinLeave: one entry per session
   * and channel, written by the member the session is connected to.
   */
  static final String PRESENCE_MAP = "tickwire.presence";
  /** Services' shared documents (the transaction monitor's watch list). */
  static final String DOCUMENTS_MAP = "tickwire.documents";

  private HazelcastConfigs() {
  }

  static Config build(ClusterConfig cluster) {
    Config config = load(cluster.configFile());
    config.setClusterName(cluster.name());
    // The Vert.x cluster manager finds its node id among the member's attributes when it is
    // handed a running member.
    config.getMemberAttributeConfig().setAttribute("__vertx.nodeId",
        UUID.randomUUID().toString());
    config.setProperty("hazelcast.heartbeat.interval.seconds",
        String.valueOf(Math.max(1, cluster.heartbeatMs() / 1000)));
    config.setProperty("hazelcast.max.no.heartbeat.seconds",
        String.valueOf(Math.max(2, cluster.memberTimeoutMs() / 1000)));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true);
    if (!cluster.host().equals(ClusterConfig.AUTO_HOST)) {
      // Bind and announce exactly the configured address (loopback on a laptop, the pod IP in
      // Kubernetes), not whatever interface Hazelcast would pick.
      config.setProperty("hazelcast.local.localAddress", cluster.host());
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    join(network.getJoin(), cluster);

    // What the Vert.x cluster manager keeps (its default file has these).
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));

    config.addMapConfig(new MapConfig(CHANNELS_MAP).setBackupCount(cluster.backupCount())
        .setInMemoryFormat(InMemoryFormat.OBJECT));
    config.addMapConfig(new MapConfig(DOCUMENTS_MAP).setBackupCount(cluster.backupCount()));
    config.addMapConfig(new MapConfig(CONNECTIONS_MAP).setBackupCount(cluster.backupCount())
        .setInMemoryFormat(InMemoryFormat.OBJECT));
    config.addMapConfig(new MapConfig(PRESENCE_MAP).setBackupCount(cluster.backupCount())
        .setInMemoryFormat(InMemoryFormat.OBJECT));
    return config;
  }

  private static void join(JoinConfig join, ClusterConfig cluster) {
    String discovery = cluster.discovery();
    if (discovery == null && cluster.configFile() == null) {
      discovery = "tcp-ip";
    }
    if (discovery != null) {
      join.getAutoDetectionConfig().setEnabled(false);
      join.getMulticastConfig().setEnabled(discovery.equals("multicast"));
      join.getTcpIpConfig().setEnabled(discovery.equals("tcp-ip"));
      join.getKubernetesConfig().setEnabled(discovery.equals("kubernetes"));
    }
    if (!cluster.members().isEmpty()) {
      join.getTcpIpConfig().setMembers(cluster.members());
    } else if (join.getTcpIpConfig().isEnabled() && join.getTcpIpConfig().getMembers().isEmpty()) {
      join.getTcpIpConfig().addMember(ClusterConfig.DEFAULT_HOST);
    }
    if (cluster.kubernetesService() != null) {
      join.getKubernetesConfig().setProperty("service-dns", cluster.kubernetesService());
    }
  }

  private static Config load(String file) {
    if (file == null) {
      return new Config();
    }
    try {
      return Config.loadFromFile(new java.io.File(file));
    } catch (FileNotFoundException e) {
      throw new ConfigException("cluster.configFile", "no such file: " + file);
    } catch (RuntimeException e) {
      throw new ConfigException("cluster.configFile",
          "cannot read " + file + ": " + e.getMessage());
    }
  }
}
