package io.tickwire.client;

/**
 * How a client's frames travel on the WebSocket: JSON text (the default) or MessagePack binary
 * frames, the subprotocol {@code tickwire.v1.msgpack} (protocol 1.1). Either way listeners get the
 * same values: a MessagePack frame is read as the JSON object it stands for.
 */
public enum Format {
  /** JSON text frames. */
  JSON,
  /**
   * MessagePack binary frames: the client offers the subprotocol and uses JSON when the server
   * selects none.
   */
  MSGPACK
}
