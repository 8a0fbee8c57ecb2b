package io.tickwire.gateway;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an upgraded WebSocket write straight to its channel, as Vert.x's strict thread mode does
 * for the HTTP connection it came from ({@code HttpServerOptions.setStrictThreadMode}), which
 * Vert.x 5.0 does not pass on to the WebSocket. Without it each WebSocket keeps, for its whole
 * life, a multi-producer queue for writes from other threads whose first chunk has 1,024 slots:
 * 4.8 KB of heap per connection, a third of what an idle subscribed connection costs.
 *
 * <p>What changes: a write goes to the channel at once, and the write queue is full while the
 * channel is not writable, that is while more than the socket's {@code writeQueueMaxSize} bytes
 * wait in Netty's outbound buffer (the queue also held up to 16 more messages before). Only the
 * event loop may then write: every write to a tickwire socket already happens there.
 *
 * <p>Vert.x has no public way to ask for it: the queue is swapped by reflection, confined to this
 * class. Should a Vert.x version lack what it looks for, nothing is swapped (logged once) and
 * the sockets keep Vert.x's queue. Call on the connection's event loop, after the upgrade and
 * before anything is written to the WebSocket.
 */
final class DirectWrites {

  private static final Logger LOG = LoggerFactory.getLogger(DirectWrites.class);

  private static final Field QUEUE;
  private static final Constructor<?> DIRECT;

  static {
    Field queue = null;
    Constructor<?> direct = null;
    try {
      queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      queue.setAccessible(true);
      direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
          .getDeclaredConstructor(VertxConnection.class);
      direct.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.info("WebSockets keep Vert.x's outbound queue, this Vert.x version has no other: {}",
          e.toString());
      queue = null;
      direct = null;
    }
    QUEUE = queue;
    DIRECT = direct;
  }

  private DirectWrites() {
  }

  /**
   * Swaps the outbound queue of the WebSocket that {@code upgraded} became; answers whether it
   * did.
   */
  static boolean install(HttpConnection upgraded) {
    if (QUEUE == null) {
      return false;
    }
    VertxHandler<?> handler = ((ConnectionBase) upgraded).channel().pipeline()
        .get(VertxHandler.class);
    if (handler == null) {
      return false;
    }
    VertxConnection connection = handler.getConnection();
    try {
      QUEUE.set(connection, DIRECT.newInstance(connection));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("WebSocket keeps Vert.x's outbound queue: {}", e.toString());
      return false;
    }
  }
}
