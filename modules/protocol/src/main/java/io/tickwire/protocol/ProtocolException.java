package io.tickwire.protocol;

/**
 * A refusal that becomes an {@code error} frame: the code, a message for a human, and the id and
 * channel of the frame it answers where they are known.
 */
public final class ProtocolException extends RuntimeException {

  private final ErrorCode code;
  private final String id;
  private final String channel;

  public ProtocolException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public ProtocolException(ErrorCode code, String message, String id, String channel) {
    super(message, null, false, false);
    this.code = code;
    this.id = id;
    this.channel = channel;
  }

  public ErrorCode code() {
    return code;
  }

  /** The id of the frame this answers, or {@code null}. */
  public String id() {
    return id;
  }

  /** The channel this is about, or {@code null}. */
  public String channel() {
    return channel;
  }

  /** The same refusal, answering the frame with this id. */
  public ProtocolException withId(String frameId) {
    return new ProtocolException(code, getMessage(), frameId, channel);
  }

  /** This refusal as an {@code error} frame. */
  public String toFrame() {
    return ServerFrames.error(code, getMessage(), id, channel);
  }
}
