package io.tickwire.gateway.endpoint;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.protocol.ClientFrame;
import io.tickwire.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound frame on its way through the middleware chain: the raw text, then the validated
 * frame, then what access control granted and refused (a {@code subscribe} is answered once,
 * with both). A stage that answers or closes stops the chain. Confined to the connection's
 * event loop.
 */
public final class FrameContext {

  private static final Logger LOG = LoggerFactory.getLogger(FrameContext.class);

  /** A channel that access control granted, with its namespace's policy. */
  record Grant(String channel, NamespacePolicy policy) {
  }

  private final Session session;
  private final String text;
  private final long receivedNanos;
  /** Why the frame could not be read as JSON (a MessagePack frame), or null. */
  private final ProtocolException unreadable;
  private ClientFrame frame;
  final List<Grant> granted = new ArrayList<>();
  final List<ProtocolException> refused = new ArrayList<>();
  private boolean stopped;

  /** A frame of {@code session}'s, read at {@code receivedNanos} ({@link System#nanoTime}). */
  public FrameContext(Session session, String text, long receivedNanos) {
    this(session, text, receivedNanos, null);
  }

  private FrameContext(Session session, String text, long receivedNanos,
      ProtocolException unreadable) {
    this.session = session;
    this.text = text;
    this.receivedNanos = receivedNanos;
    this.unreadable = unreadable;
  }

  /**
   * A MessagePack frame that has no JSON form: it goes through the chain like a text frame (rate
   * limit included) and validation refuses it with {@code unreadable}. Its text is empty.
   */
  static FrameContext unreadable(Session session, ProtocolException unreadable,
      long receivedNanos) {
    return new FrameContext(session, "", receivedNanos, unreadable);
  }

  /** Why the frame could not be read as JSON, or null when it could. */
  public ProtocolException unreadable() {
    return unreadable;
  }

  public Session session() {
    return session;
  }

  /** The frame as it arrived, as JSON text (a MessagePack frame's JSON form). */
  public String text() {
    return text;
  }

  public long receivedNanos() {
    return receivedNanos;
  }

  /** The validated frame, or {@code null} before validation. */
  public ClientFrame frame() {
    return frame;
  }

  /** Sets the validated frame (the validation stage does). */
  public void frame(ClientFrame validated) {
    this.frame = validated;
  }

  /** Access control granted {@code channel}, whose namespace has {@code policy}. */
  public void grant(String channel, NamespacePolicy policy) {
    granted.add(new Grant(channel, policy));
  }

  /** Access control refused a channel: {@code refusal} names it and why. */
  public void refuse(ProtocolException refusal) {
    refused.add(refusal);
  }

  /** Answers with an error frame and stops the chain; the connection stays open. */
  public void reject(ProtocolException error) {
    // At debug only: a client may send bad frames as fast as it likes. Session and user come
    // from the log context the caller set.
    if (LOG.isDebugEnabled()) {
      LOG.debug("frame refused: {} {}", error.code().token(), error.getMessage());
    }
    session.sendError(error);
    stopped = true;
  }

  /** Stops the chain without an answer (the stage closed the connection). */
  public void stop() {
    stopped = true;
  }

  public boolean stopped() {
    return stopped;
  }
}
