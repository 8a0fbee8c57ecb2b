package io.tickwire.gateway;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * One inbound frame on its way through the middleware chain: the raw text, then the validated
 * frame, then what access control granted and refused (a {@code subscribe} is answered once,
 * with both). A stage that answers or closes stops the chain.
 */
final class FrameContext {

  /** A channel that access control granted, with its namespace's policy. */
  record Grant(String channel, NamespacePolicy policy) {
  }

  final Session session;
  final String text;
  final long receivedNanos;
  ClientFrame frame;
  final List<Grant> granted = new ArrayList<>();
  final List<ProtocolException> refused = new ArrayList<>();
  private boolean stopped;

  FrameContext(Session session, String text, long receivedNanos) {
    this.session = session;
    this.text = text;
    this.receivedNanos = receivedNanos;
  }

  /** Answers with an error frame and stops the chain; the connection stays open. */
  void reject(ProtocolException error) {
    session.sendError(error);
    stopped = true;
  }

  /** Stops the chain without an answer (the stage closed the connection). */
  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }
}
