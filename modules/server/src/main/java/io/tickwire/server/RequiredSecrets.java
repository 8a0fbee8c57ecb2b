package io.tickwire.server;

import io.tickwire.cluster.ClusterConfig;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.ConfigLoader;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The secrets a profile other than dev cannot start without, looked for in the merged
 * configuration (files and {@code TICKWIRE_…} variables) before any section is read: a key to
 * verify tokens and, in a cluster, the members' identity secret. One refusal names every
 * variable still to set, so that a container or a unit file is fixed in one go rather than one
 * restart per variable. Whether a value that is set is good enough stays the sections' job.
 */
final class RequiredSecrets {

  private RequiredSecrets() {
  }

  /**
   * @throws ConfigException naming the missing keys and the variables that set them
   */
  static void check(JsonObject json) {
    List<String> keys = new ArrayList<>();
    List<String> variables = new ArrayList<>();
    JsonObject auth = object(json, "auth");
    if (auth != null && unset(auth, "hmacSecret") && unset(auth, "publicKeyPem")
        && unset(auth, "jwksUrl")) {
      keys.add("auth");
      variables.add(env("auth.hmacSecret") + " (an HS256 secret, e.g. openssl rand -hex 32),"
          + " or instead " + env("auth.jwksUrl") + " (the JWKS of an identity provider, RS256)"
          + " or " + env("auth.publicKeyPem") + " (an RSA public key, PEM)");
    }
    JsonObject cluster = object(json, "cluster");
    if (cluster != null && Boolean.TRUE.equals(cluster.getValue("enabled"))
        && unset(cluster, "identitySecret")) {
      keys.add("cluster.identitySecret");
      variables.add(env("cluster.identitySecret") + " (the same secret of at least "
          + ClusterConfig.MIN_IDENTITY_SECRET_LENGTH + " characters on every member, e.g."
          + " openssl rand -hex 32; or " + env("cluster.enabled") + "=false for a single node)");
    }
    if (!keys.isEmpty()) {
      throw new ConfigException(String.join(", ", keys), (keys.size() == 1 ? "a secret is"
          : keys.size() + " secrets are") + " not set; set in the environment "
          + String.join("; and ", variables));
    }
  }

  private static String env(String key) {
    return ConfigLoader.envName(key);
  }

  /** The section, or {@code null} when it is absent or no object (the section reports that). */
  private static JsonObject object(JsonObject json, String name) {
    return json.getValue(name) instanceof JsonObject section ? section : null;
  }

  private static boolean unset(JsonObject section, String key) {
    Object value = section.getValue(key);
    return value == null || "".equals(value);
  }
}
