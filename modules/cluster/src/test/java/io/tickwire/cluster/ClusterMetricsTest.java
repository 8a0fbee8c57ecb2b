package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Cluster metrics")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterMetricsTest {

  /** Hazelcast's default partition count. */
  static final int PARTITIONS = 271;

  @Test
  @DisplayName("serve on /metrics the members each one sees, the partitions each owns, and the migrations a leaving member causes")
  void membersPartitionsMigrations() {
    try (TestCluster cluster = new TestCluster(3)) {
      for (TestCluster.Member member : cluster.members) {
        assertThat(value(member, "tickwire_cluster_members")).isEqualTo(3);
        assertThat(value(member, "tickwire_cluster_partitions_owned")).isPositive();
      }
      assertThat(owned(cluster)).isEqualTo(PARTITIONS);
      assertThat(metrics(cluster.member(0))).contains("tickwire_cluster_migrations_total{")
          .contains("outcome=\"failed\"");
      double before = migrations(cluster);

      // A member leaves: its partitions move to the two others.
      cluster.member(2).stop();
      cluster.settle(30);
      Await.until("both survivors to see two members", Duration.ofSeconds(20),
          Duration.ofMillis(100), () -> cluster.members.stream().filter(m -> !m.stopped)
              .allMatch(member -> value(member, "tickwire_cluster_members") == 2));
      assertThat(owned(cluster)).isEqualTo(PARTITIONS);
      Await.until("the migrations to be counted", Duration.ofSeconds(20), Duration.ofMillis(100),
          () -> migrations(cluster) > before);
    }
  }

  private static double owned(TestCluster cluster) {
    return cluster.members.stream().filter(member -> !member.stopped)
        .mapToDouble(member -> value(member, "tickwire_cluster_partitions_owned")).sum();
  }

  private static double migrations(TestCluster cluster) {
    return cluster.members.stream().filter(member -> !member.stopped).mapToDouble(member ->
        value(member, "tickwire_cluster_migrations_total\\{[^}]*outcome=\"completed\"[^}]*\\}"))
        .sum();
  }

  private static String metrics(TestCluster.Member member) {
    return member.get("/metrics").body();
  }

  /** The value of the series {@code name} (a regex, up to the value) on a member's /metrics. */
  private static double value(TestCluster.Member member, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$")
        .matcher(metrics(member));
    assertThat(matcher.find()).as("%s on /metrics", name).isTrue();
    return Double.parseDouble(matcher.group(1));
  }
}
