package io.tickwire.gateway.auth;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.Namespaces;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;

/** Who may subscribe to which channel, by namespace policy. Pure; thread-safe. */
public final class ChannelAcl {

  private final Namespaces namespaces;

  public ChannelAcl(Namespaces namespaces) {
    this.namespaces = namespaces;
  }

  /**
   * The policy of {@code channel} if {@code principal} may subscribe to it.
   *
   * @throws ProtocolException with the channel set: {@code bad_request} for a bad name,
   *     {@code not_found} for an unknown namespace or a key the namespace does not list,
   *     {@code unauthorized} when a token is needed,
   *     {@code forbidden} when this token may not
   */
  public NamespacePolicy check(Principal principal, String channel) {
    ChannelName name = ChannelName.parse(channel);
    NamespacePolicy policy = namespaces.of(name);
    switch (policy.access()) {
      case PUBLIC -> {
        return policy;
      }
      case AUTHENTICATED -> requireToken(principal, channel);
      case WALLET -> {
        requireToken(principal, channel);
        if (!principal.ownsWallet(name.key())) {
          throw refuse(channel, "this token's wallets do not include " + name.key());
        }
      }
      case OWNER -> {
        requireToken(principal, channel);
        if (!name.key().equals(principal.user())) {
          throw refuse(channel, "only " + name.key() + " may subscribe to this channel");
        }
      }
      case CLAIM -> {
        requireToken(principal, channel);
        if (!principal.claimLists(policy.claim(), name.key())) {
          throw refuse(channel, "this token's '" + policy.claim() + "' claim does not list "
              + name.key());
        }
      }
      default -> throw new IllegalStateException("unhandled access " + policy.access());
    }
    return policy;
  }

  private static void requireToken(Principal principal, String channel) {
    if (principal.anonymous()) {
      throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this channel needs a token", null,
          channel);
    }
  }

  private static ProtocolException refuse(String channel, String message) {
    return new ProtocolException(ErrorCode.FORBIDDEN, message, null, channel);
  }
}
