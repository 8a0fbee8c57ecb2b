package io.tickwire.client;

import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.ServerFrames.Granted;
import java.util.List;

/**
 * The answer to {@link TickwireClient#subscribe}: the channels granted, each with the position it
 * was subscribed at, and the channels refused, each with the server's error ({@code channel} set).
 * A refused channel is not retried on reconnect.
 */
public record SubscribeResult(List<Granted> granted, List<ProtocolException> refused) {

  public SubscribeResult {
    granted = List.copyOf(granted);
    refused = List.copyOf(refused);
  }
}
