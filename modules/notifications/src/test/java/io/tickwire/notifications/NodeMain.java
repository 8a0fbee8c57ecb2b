package io.tickwire.notifications;

import io.tickwire.testkit.core.ForkedNode;
import java.nio.file.Path;

/**
 * Runs a test node in a JVM of its own, for tests that kill it ({@link ForkedNode}):
 * {@code NodeMain <data dir>} announces its port once it serves, then runs until killed.
 */
final class NodeMain {

  private NodeMain() {
  }

  public static void main(String[] args) {
    AlertsFixture node = AlertsFixture.start(AlertsFixture.config(Path.of(args[0]), 0));
    ForkedNode.announce(node.port);
    // Vert.x's threads keep the JVM running until it is killed.
  }
}
