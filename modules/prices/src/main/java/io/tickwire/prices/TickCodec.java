package io.tickwire.prices;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Lets {@link Tick}s travel on the node-local event bus as they are: records are immutable, so
 * the same instance is delivered. Never on the wire: {@code tickwire.local.prices.ticks} is
 * node-local.
 */
final class TickCodec implements MessageCodec<Tick, Tick> {

  @Override
  public void encodeToWire(Buffer buffer, Tick tick) {
    throw new UnsupportedOperationException("ticks are node-local");
  }

  @Override
  public Tick decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("ticks are node-local");
  }

  @Override
  public Tick transform(Tick tick) {
    return tick;
  }

  @Override
  public String name() {
    return "tickwire-tick";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
