package io.tickwire.gateway.middleware;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.gateway.auth.ChannelAcl;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.endpoint.FrameContext;
import io.tickwire.gateway.endpoint.Session;
import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;

/**
 * Authentication and access control after validation: a connection whose token expired is closed
 * with 4001 (an {@code auth} frame still passes, it may be the refresh); for {@code subscribe},
 * each channel is checked against its namespace's policy and the connection's subscription
 * limit; granted and refused channels both go on to the route, which answers them in one
 * {@code subscribed} frame.
 */
public final class AccessMiddleware implements Middleware {

  private final ChannelAcl acl;
  private final int maxSubscriptions;
  private final long leewayMs;

  public AccessMiddleware(ChannelAcl acl, int maxSubscriptions, long leewayMs) {
    this.acl = acl;
    this.maxSubscriptions = maxSubscriptions;
    this.leewayMs = leewayMs;
  }

  @Override
  public void handle(FrameContext context) {
    Session session = context.session();
    if (context.frame() instanceof ClientFrame.Auth) {
      return;
    }
    Principal principal = session.principal();
    // Anonymous connections never expire (and their expiry must not overflow with the leeway).
    if (!principal.anonymous()
        && System.currentTimeMillis() >= principal.expiresAt() + leewayMs) {
      session.close(CloseCode.UNAUTHORIZED, "token expired");
      context.stop();
      return;
    }
    if (context.frame() instanceof ClientFrame.Subscribe subscribe) {
      int room = maxSubscriptions - session.subscriptionCount();
      for (String channel : subscribe.channels()) {
        try {
          NamespacePolicy policy = acl.check(principal, channel);
          if (!session.subscribedTo(channel) && room-- <= 0) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "subscription limit of "
                + maxSubscriptions + " channels per connection reached", null, channel);
          }
          context.grant(channel, policy);
        } catch (ProtocolException refused) {
          context.refuse(refused);
        }
      }
    }
  }
}
