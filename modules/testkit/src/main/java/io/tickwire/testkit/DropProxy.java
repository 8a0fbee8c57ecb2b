package io.tickwire.testkit;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between clients and a node, so that a test can drop connections the
 * way a network or a crashed server does (no close frame: the client sees 1006), refuse new ones
 * for a while, and point clients at a restarted node without them knowing. Thread-safe.
 */
public final class DropProxy implements AutoCloseable {

  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile int upstreamPort;
  private volatile boolean refusing;

  private DropProxy(Vertx vertx, int upstreamPort) {
    this.upstreamPort = upstreamPort;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
        .connectHandler(this::accept);
  }

  /** A proxy on a free loopback port, forwarding to {@code upstreamPort}. */
  public static DropProxy start(Vertx vertx, int upstreamPort) {
    DropProxy proxy = new DropProxy(vertx, upstreamPort);
    Await.result(proxy.server.listen());
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Connections accepted and forwarded so far. */
  public int accepted() {
    return accepted.get();
  }

  /** Sends new connections to another port (a restarted node). */
  public void upstream(int port) {
    upstreamPort = port;
  }

  /** Closes every open connection abruptly, on both sides. New ones are still accepted. */
  public void drop() {
    List<Future<Void>> closing = new ArrayList<>();
    for (NetSocket socket : sockets) {
      closing.add(socket.close().otherwiseEmpty());
    }
    sockets.clear();
    Await.result(Future.join(closing));
  }

  /** Drops every connection and refuses new ones (closed at once) until {@link #accept()}. */
  public void refuse() {
    refusing = true;
    drop();
  }

  /** Accepts and forwards connections again. */
  public void accept() {
    refusing = false;
  }

  private void accept(NetSocket inbound) {
    if (refusing) {
      inbound.close();
      return;
    }
    inbound.pause();
    client.connect(upstreamPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed() || refusing) {
        inbound.close();
        if (connected.succeeded()) {
          connected.result().close();
        }
        return;
      }
      NetSocket outbound = connected.result();
      accepted.incrementAndGet();
      sockets.add(inbound);
      sockets.add(outbound);
      inbound.closeHandler(ignored -> {
        sockets.remove(inbound);
        outbound.close();
      });
      outbound.closeHandler(ignored -> {
        sockets.remove(outbound);
        inbound.close();
      });
      inbound.handler(outbound::write);
      outbound.handler(inbound::write);
      inbound.resume();
    });
  }

  @Override
  public void close() {
    refusing = true;
    drop();
    Await.result(server.close());
    Await.result(client.close());
  }
}
