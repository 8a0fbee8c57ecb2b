package io.tickwire.cluster;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.List;
import java.util.Set;

/**
 * The {@code cluster} section: whether the node joins a Hazelcast cluster, and how it finds the
 * other members.
 *
 * @param enabled join a cluster (off: a single node, no Hazelcast at all)
 * @param name the cluster name; members only join a cluster of the same name
 * @param host the address this member binds and announces ({@value #DEFAULT_HOST}); {@code auto}
 *     lets Hazelcast pick an interface
 * @param port the member port ({@value #DEFAULT_PORT}); the next free one is taken when busy
 * @param discovery {@code tcp-ip} (the {@code members} list), {@code multicast} or
 *     {@code kubernetes} (Hazelcast's Kubernetes discovery, see {@code kubernetesService}):
 *     that join method alone is enabled. {@code null} (unset): the join of {@code configFile} as
 *     written, or without a file {@code tcp-ip}
 * @param members TCP-IP members, {@code host} or {@code host:port}, port ranges allowed; when
 *     set they replace the file's list; empty: the file's, or without a file
 *     {@value #DEFAULT_HOST}
 * @param kubernetesService the headless service whose DNS names the members (kubernetes); when
 *     set it replaces the file's {@code service-dns}
 * @param configFile a Hazelcast XML or YAML file to start from (for example
 *     deploy/hazelcast.xml, which carries the join); the keys above are applied over it, the
 *     join ones only when they are set
 * @param heartbeatMs how often members tell each other they are alive
 * @param memberTimeoutMs silence after which a member is declared dead and its work taken over
 * @param backupCount synchronous backups of cluster state (channel histories, registries)
 * @param eventBusPort the port of the member's event bus ({@value #DEFAULT_EVENT_BUS_PORT}), on
 *     the member's address; 0 takes any free port (announced to the others through the cluster,
 *     but no firewall rule can name it)
 * @param eventBusTls mutual TLS between the members' event buses
 * @param identitySecret the key members seal the caller of every request with (at least
 *     {@value #MIN_IDENTITY_SECRET_LENGTH} characters, the same on every member); a service
 *     refuses a request whose seal does not verify, see {@link CallerSeal}. Required when
 *     {@code enabled}
 */
public record ClusterConfig(boolean enabled, String name, String host, int port,
    String discovery, List<String> members, String kubernetesService, String configFile,
    long heartbeatMs, long memberTimeoutMs, int backupCount, int eventBusPort,
    EventBusTlsConfig eventBusTls, String identitySecret) {

  /** The identity secret of the dev profile ({@code conf/dev.json}): public, so dev only. */
  public static final String DEV_IDENTITY_SECRET = "dev-cluster-identity-secret-not-for-production";
  public static final String DEFAULT_NAME = "tickwire";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String AUTO_HOST = "auto";
  public static final int DEFAULT_PORT = 5701;
  public static final long DEFAULT_HEARTBEAT_MS = 1_000;
  public static final long DEFAULT_MEMBER_TIMEOUT_MS = 4_000;
  public static final int DEFAULT_BACKUP_COUNT = 1;
  public static final int DEFAULT_EVENT_BUS_PORT = 5801;
  public static final int MIN_IDENTITY_SECRET_LENGTH = 32;

  public ClusterConfig {
    members = List.copyOf(members);
    if (memberTimeoutMs < heartbeatMs * 2) {
      throw new ConfigException("cluster.memberTimeoutMs",
          "must be at least twice cluster.heartbeatMs");
    }
    if (enabled && "kubernetes".equals(discovery) && kubernetesService == null
        && configFile == null) {
      throw new ConfigException("cluster.kubernetesService",
          "is required with cluster.discovery = kubernetes (or a cluster.configFile that names"
              + " the service)");
    }
    if (enabled && identitySecret == null) {
      throw new ConfigException("cluster.identitySecret",
          "is required with cluster.enabled: the same random secret of at least "
              + MIN_IDENTITY_SECRET_LENGTH + " characters on every member"
              + " (TICKWIRE_CLUSTER_IDENTITY_SECRET)");
    }
    if (identitySecret != null && identitySecret.length() < MIN_IDENTITY_SECRET_LENGTH) {
      throw new ConfigException("cluster.identitySecret",
          "must have at least " + MIN_IDENTITY_SECRET_LENGTH + " characters (value not shown)");
    }
  }

  /** Leaves the secret out, so that a logged or printed config shows no key. */
  @Override
  public String toString() {
    return "ClusterConfig[enabled=" + enabled + ", name=" + name + ", host=" + host + ", port="
        + port + ", discovery=" + discovery + ", members=" + members + ", kubernetesService="
        + kubernetesService + ", configFile=" + configFile + ", heartbeatMs=" + heartbeatMs
        + ", memberTimeoutMs=" + memberTimeoutMs + ", backupCount=" + backupCount
        + ", eventBusPort=" + eventBusPort + ", eventBusTls=" + eventBusTls
        + ", identitySecret=" + (identitySecret == null ? "unset" : "(set)") + "]";
  }

  /** A disabled cluster: the default of a single node. */
  public static ClusterConfig disabled() {
    return from(Section.root(null).section("cluster"));
  }

  /**
   * Refuses what only the dev profile may use: its identity secret, which is in the repository
   * and so lets anyone who reaches the event bus seal requests as any user.
   *
   * @throws ConfigException naming the key
   */
  public void refuseDevSettings() {
    if (DEV_IDENTITY_SECRET.equals(identitySecret)) {
      throw new ConfigException("cluster.identitySecret", "is the dev profile's secret, which is"
          + " public: set TICKWIRE_CLUSTER_IDENTITY_SECRET to a secret of your own");
    }
  }

  public static ClusterConfig from(Section section) {
    ClusterConfig config = new ClusterConfig(
        section.bool("enabled", false),
        section.string("name", DEFAULT_NAME),
        section.string("host", DEFAULT_HOST),
        section.intValue("port", DEFAULT_PORT, 1, 65_535),
        section.oneOf("discovery", null, Set.of("tcp-ip", "multicast", "kubernetes")),
        section.strings("members", List.of()),
        section.string("kubernetesService", null),
        section.string("configFile", null),
        section.longValue("heartbeatMs", DEFAULT_HEARTBEAT_MS, 100, 60_000),
        section.longValue("memberTimeoutMs", DEFAULT_MEMBER_TIMEOUT_MS, 200, 600_000),
        section.intValue("backupCount", DEFAULT_BACKUP_COUNT, 0, 6),
        section.intValue("eventBusPort", DEFAULT_EVENT_BUS_PORT, 0, 65_535),
        EventBusTlsConfig.from(section.section("eventBusTls")),
        section.secret("identitySecret", null));
    section.done();
    return config;
  }
}
