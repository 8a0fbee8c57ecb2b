package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.LoopbackPorts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("node.eventLoops")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventLoopsTest {

  /** Neither one nor two per core on any machine this runs on, so the key is what set it. */
  private static final int LOOPS = 2 * NodeContext.DEFAULT_EVENT_LOOPS + 1;

  @Test
  @DisplayName("defaults to one event loop per core, and refuses a count outside 0–256, naming the key")
  void bounds() {
    assertThat(Main.load(LauncherTest.CONF, "dev", null, Map.of()).eventLoops())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(Main.load(LauncherTest.CONF, "dev", null,
        Map.of("TICKWIRE_NODE_EVENT_LOOPS", "0")).eventLoops())
        .isEqualTo(NodeContext.DEFAULT_EVENT_LOOPS);
    assertThat(Main.load(LauncherTest.CONF, "dev", null,
        Map.of("TICKWIRE_NODE_EVENT_LOOPS", "256")).eventLoops()).isEqualTo(256);
    for (String bad : new String[] {"257", "-1", "1.5", "many"}) {
      assertThatThrownBy(() -> Main.load(LauncherTest.CONF, "dev", null,
          Map.of("TICKWIRE_NODE_EVENT_LOOPS", bad)))
          .as("node.eventLoops = %s", bad)
          .isInstanceOf(ConfigException.class).hasMessageContaining("node.eventLoops");
    }
    assertThatThrownBy(() -> Main.load(LauncherTest.CONF, "dev", null,
        Map.of("TICKWIRE_NODE_EVENT_LOOPS", "257")))
        .hasMessageContaining("from 0 to 256").hasMessageContaining("257");
  }

  @Test
  @DisplayName("a single node runs that many event loops, and one gateway instance on each")
  void single(@TempDir Path dir) throws Exception {
    TickwireConfig config = Main.load(LauncherTest.CONF, "dev", null, env(dir, Map.of()));
    assertThat(config.eventLoops()).isEqualTo(LOOPS);
    Set<Thread> before = eventLoopThreads();
    NodeContext node = NodeContext.create("loops-test", config.eventLoops());
    try (LaunchedNode launched = LaunchedNode.start(config, node)) {
      JsonObject gateway = launched.node.health().toJson()
          .getJsonObject(GatewayModule.HEALTH_DETAIL);
      assertThat(gateway.getInteger("instances")).isEqualTo(LOOPS);
      assertThat(gateway.getInteger("eventLoops")).isEqualTo(LOOPS);
      // The gateway instances alone take every loop once: no more threads than configured.
      assertThat(started(before)).hasSize(LOOPS);
    }
  }

  @Test
  @DisplayName("a cluster member runs that many event loops")
  void clustered(@TempDir Path dir) throws Exception {
    int port = LoopbackPorts.free();
    TickwireConfig config = Main.load(LauncherTest.CONF, "dev", null, env(dir, Map.of(
        "TICKWIRE_CLUSTER_ENABLED", "true",
        "TICKWIRE_CLUSTER_NAME", "loops-test-" + ProcessHandle.current().pid(),
        "TICKWIRE_CLUSTER_HOST", "127.0.0.1",
        "TICKWIRE_CLUSTER_PORT", String.valueOf(port),
        "TICKWIRE_CLUSTER_EVENT_BUS_PORT", "0",
        "TICKWIRE_CLUSTER_MEMBERS", "127.0.0.1:" + port,
        "TICKWIRE_NOTIFICATIONS_STORAGE_SHARED", "true")));
    Set<Thread> before = eventLoopThreads();
    NodeContext node = NodeContext.create("loops-member", config.eventLoops());
    NodeFoundation foundation = NodeFoundation.start(config, node);
    try {
      // Each deployment takes the next event loop: twice round wakes every one of them.
      Deployments deployments = new Deployments(foundation.vertx());
      Await.result(deployments.deploy(Idle::new, 2 * LOOPS));
      assertThat(started(before)).hasSize(LOOPS);
    } finally {
      foundation.close();
    }
  }

  /** A verticle that does nothing: deploying it starts the event loop it lands on. */
  private static final class Idle extends VerticleBase {
    @Override
    public Future<?> start() {
      return Future.succeededFuture();
    }
  }

  /** A node alone on loopback with {@link #LOOPS} event loops, its feeds off. */
  private static Map<String, String> env(Path dir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("TICKWIRE_NODE_EVENT_LOOPS", String.valueOf(LOOPS));
    env.put("TICKWIRE_PRICES_ENABLED", "false");
    env.put("TICKWIRE_TRANSACTIONS_ENABLED", "false");
    return LaunchedNode.env(dir, env);
  }


  /** The event-loop threads of every Vert.x in this JVM (each names its own the same way). */
  private static Set<Thread> eventLoopThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("vert.x-eventloop-thread-"))
        .collect(Collectors.toSet());
  }

  /** The event-loop threads alive now that were not in {@code before}: the new node's. */
  private static Set<Thread> started(Set<Thread> before) {
    Set<Thread> now = eventLoopThreads();
    now.removeAll(before);
    return now;
  }
}
