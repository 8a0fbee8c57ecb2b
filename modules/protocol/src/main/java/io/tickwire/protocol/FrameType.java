package io.tickwire.protocol;

/** The {@code type} of every frame of wire protocol v1. */
public final class FrameType {

  public static final String AUTH = "auth";
  public static final String SUBSCRIBE = "subscribe";
  public static final String UNSUBSCRIBE = "unsubscribe";
  public static final String REQUEST = "request";
  public static final String PING = "ping";
  /** Protocol 1.1: a subscriber publishes to a channel whose namespace allows it. */
  public static final String PUBLISH = "publish";
  /** Asks who is in a channel; also the name of the answer. */
  public static final String PRESENCE = "presence";

  public static final String WELCOME = "welcome";
  public static final String AUTHED = "authed";
  public static final String SUBSCRIBED = "subscribed";
  public static final String UNSUBSCRIBED = "unsubscribed";
  public static final String RESPONSE = "response";
  public static final String PONG = "pong";
  public static final String MESSAGE = "message";
  /** Protocol 1.1: the answer to {@code publish}. */
  public static final String PUBLISHED = "published";
  public static final String ERROR = "error";
  /** A client subscribed to a channel of a {@code joinLeave} namespace. */
  public static final String JOIN = "join";
  /** A client left a channel of a {@code joinLeave} namespace. */
  public static final String LEAVE = "leave";

  private FrameType() {
  }
}
