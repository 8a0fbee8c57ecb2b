package io.tickwire.notifications;

import java.nio.file.Path;

/**
 * Runs a test node in a JVM of its own, for tests that kill it: {@code NodeMain <data dir>}
 * prints {@code node-port=<port>} once it serves, then runs until killed.
 */
final class NodeMain {

  private NodeMain() {
  }

  public static void main(String[] args) {
    AlertsNode node = AlertsNode.start(AlertsNode.config(Path.of(args[0]), 0));
    System.out.println("node-port=" + node.port);
    System.out.flush();
    // Vert.x's threads keep the JVM running until it is killed.
  }
}
