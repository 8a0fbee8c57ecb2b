package io.tickwire.channels;

import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configured namespaces; immutable, shared by every verticle of a node. */
public final class Namespaces {

  private final Map<String, NamespacePolicy> policies;

  public Namespaces(Map<String, NamespacePolicy> policies) {
    this.policies = Map.copyOf(policies);
  }

  /** Reads {@code namespaces}: one sub-section per namespace; at least one is required. */
  public static Namespaces from(Section section) {
    Map<String, NamespacePolicy> policies = new LinkedHashMap<>();
    for (String name : section.sectionNames()) {
      policies.put(name, NamespacePolicy.from(section.section(name), name));
    }
    section.done();
    if (policies.isEmpty()) {
      throw new ConfigException(section.key("*"), "at least one namespace must be configured");
    }
    return new Namespaces(policies);
  }

  /** The policy of {@code namespace}, or {@code null}. */
  public NamespacePolicy get(String namespace) {
    return policies.get(namespace);
  }

  /**
   * The policy of a channel's namespace.
   *
   * @throws ProtocolException with the channel set: {@code not_found} when the namespace is not
   *     configured or the namespace lists its keys and this channel's key is not one of them;
   *     {@code bad_request} when the key does not match the namespace's {@code keyPattern}
   */
  public NamespacePolicy of(ChannelName channel) {
    NamespacePolicy policy = policies.get(channel.namespace());
    if (policy == null) {
      throw new ProtocolException(ErrorCode.NOT_FOUND,
          "unknown channel namespace '" + channel.namespace() + "'", null, channel.toString());
    }
    if (!policy.matches(channel.key())) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "bad channel '" + channel
          + "': the keys of namespace '" + channel.namespace() + "' match "
          + policy.keyPattern().pattern(), null, channel.toString());
    }
    if (!policy.allows(channel.key())) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "unknown channel '" + channel
          + "': namespace '" + channel.namespace() + "' has no key '" + channel.key() + "'",
          null, channel.toString());
    }
    return policy;
  }

  /**
   * The same namespaces with {@code namespace} restricted to {@code keys}, for keys another
   * module's configuration owns (the launcher fills {@code prices} from the price symbols).
   *
   * @throws ConfigException when the namespace is not configured
   */
  public Namespaces withKeys(String namespace, Collection<String> keys) {
    NamespacePolicy policy = policies.get(namespace);
    if (policy == null) {
      throw new ConfigException("namespaces." + namespace, "the namespace must be configured");
    }
    Map<String, NamespacePolicy> copy = new LinkedHashMap<>(policies);
    copy.put(namespace, policy.withKeys(keys));
    return new Namespaces(copy);
  }

  public Map<String, NamespacePolicy> all() {
    return policies;
  }
}
