package io.tickwire.server;

import io.tickwire.gateway.GatewayModule;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.ConfigLoader;
import io.tickwire.runtime.Deployments;
import io.tickwire.runtime.NodeContext;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one tickwire node: loads and validates the configuration of a profile, deploys the
 * verticles, and on shutdown (Ctrl-C, SIGTERM) marks the node not ready, hands its work and
 * channels to the other members (in a cluster), undeploys in reverse order (gateways close their
 * sockets with 1001) and closes Vert.x.
 *
 * <p>Usage: {@code java -jar tickwire.jar [profile]}; the profile defaults to
 * {@code TICKWIRE_PROFILE} or {@value #DEFAULT_PROFILE}; files come from
 * {@code TICKWIRE_CONF_DIR} (default {@code conf}) plus the optional overlay file
 * {@code TICKWIRE_CONFIG}. Every profile but {@value #DEV_PROFILE} is refused when it uses what
 * only a laptop may: dev tokens, the dev secret, the dev or a short API key.
 */
public final class Main {

  /** The profile started when none is named: safe to expose, so it needs its secrets. */
  static final String DEFAULT_PROFILE = "production";
  /** The one profile that may use dev tokens, the dev secret and the dev API key. */
  static final String DEV_PROFILE = "dev";

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String profile = profile(args, env);
    String confDir = env.getOrDefault("TICKWIRE_CONF_DIR", "conf");
    TickwireConfig config;
    try {
      config = load(confDir, profile, env.get("TICKWIRE_CONFIG"), env);
    } catch (ConfigException e) {
      System.err.println("tickwire: bad configuration (profile " + profile + "): "
          + e.getMessage());
      if (args.length == 0 && !env.containsKey("TICKWIRE_PROFILE")) {
        System.err.println("tickwire: no profile was named, so the " + DEFAULT_PROFILE
            + " profile was used; to try tickwire on this machine run it with '" + DEV_PROFILE
            + "' (make run)");
      }
      System.exit(2);
      return;
    }
    LogFormat.apply(config.logging(), config.nodeId());
    NodeContext node = NodeContext.create(config.nodeId(), config.eventLoops());
    NodeFoundation foundation;
    try {
      foundation = NodeFoundation.start(config, node);
    } catch (RuntimeException e) {
      LOG.error("tickwire failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Deployments deployments = new Deployments(foundation.vertx());
    GatewayModule.Ports ports;
    try {
      ports = Launch.deploy(deployments, config, node, foundation)
          .await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("tickwire failed to start: {}", e.getMessage(), e);
      closeQuietly(foundation);
      System.exit(1);
      return;
    }
    node.ready().set(true);
    LOG.info("tickwire node {} ready (profile {})", node.id(), profile);
    System.out.println(Launch.banner(ports, config));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.ready().set(false);
      try {
        // Ownership moves first, so no symbol, rule partition or chain is left with a member
        // that is about to stop working on it.
        LOG.info("tickwire node {} stopping: handing its work to the other members", node.id());
        foundation.handOff();
        LOG.info("tickwire node {} stopping: closing connections with 1001", node.id());
        // Undeploy, then close Vert.x from this thread: a close chained on one of its own event
        // loops could never report back.
        deployments.undeployAll().await(30, TimeUnit.SECONDS);
        foundation.close();
        LOG.info("tickwire node {} stopped", node.id());
      } catch (Exception e) {
        LOG.warn("shutdown did not complete cleanly: {}", e.getMessage());
      }
    }, "tickwire-shutdown"));
  }

  private static void closeQuietly(NodeFoundation foundation) {
    try {
      foundation.close();
    } catch (Exception e) {
      LOG.warn("close failed: {}", e.getMessage());
    }
  }

  /** The profile to start: the first argument, else {@code TICKWIRE_PROFILE}, else production. */
  static String profile(String[] args, Map<String, String> env) {
    if (args.length > 0) {
      return args[0];
    }
    String named = env.get("TICKWIRE_PROFILE");
    return named == null || named.isBlank() ? DEFAULT_PROFILE : named;
  }

  /**
   * Loads, overrides and validates the configuration on a short-lived Vert.x; outside the dev
   * profile, first names every secret still missing, and refuses the settings only dev may use.
   */
  static TickwireConfig load(String confDir, String profile, String overlay,
      Map<String, String> env) {
    Vertx bootstrap = Vertx.vertx();
    try {
      JsonObject json = ConfigLoader.load(bootstrap, confDir, profile, overlay, env)
          .await(30, TimeUnit.SECONDS);
      if (!DEV_PROFILE.equals(profile)) {
        RequiredSecrets.check(json);
      }
      TickwireConfig config = TickwireConfig.from(json);
      if (!DEV_PROFILE.equals(profile)) {
        config.gateway().refuseDevSettings();
        config.cluster().refuseDevSettings();
      }
      return config;
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
      if (cause instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException("(file)", String.valueOf(e.getMessage()));
    } finally {
      bootstrap.close();
    }
  }
}
