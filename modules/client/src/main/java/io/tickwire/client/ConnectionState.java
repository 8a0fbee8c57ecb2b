package io.tickwire.client;

/** Where a {@link TickwireClient}'s connection stands. */
public enum ConnectionState {
  /** The first connection is being opened ({@link TickwireClient#connect()}). */
  CONNECTING,
  /** Open: the server's {@code welcome} arrived; frames are sent at once. */
  CONNECTED,
  /** The connection was lost or could not be opened; the client waits, then tries again. */
  RECONNECTING,
  /** Not connected and not trying: never connected, closed, refused for good, or gave up. */
  DISCONNECTED
}
