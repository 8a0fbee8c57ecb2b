package io.tickwire.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The base of a test class whose tests share one cluster of three members, started before its
 * first test and closed after its last. Each test class gets a cluster of its own.
 */
abstract class ThreeMemberClusterTest {

  static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = new TestCluster(3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }
}
