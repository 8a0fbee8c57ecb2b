package io.tickwire.runtime;

import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelMessageCodec;
import io.vertx.core.Vertx;

/** Registers tickwire's event-bus codecs; call once per Vert.x instance before deploying. */
public final class Codecs {

  private Codecs() {
  }

  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(ChannelMessage.class, new ChannelMessageCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // a second node assembly on the same Vert.x instance: the codec is the same
    }
  }
}
