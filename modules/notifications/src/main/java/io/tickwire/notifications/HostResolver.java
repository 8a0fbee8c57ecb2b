package io.tickwire.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.InetAddress;
import java.util.List;

/**
 * Looks up the addresses of a host name. The futures complete on the caller's context; an
 * implementation never blocks it.
 */
interface HostResolver {

  /** Worker threads of the system resolver: lookups in flight at once, node-wide. */
  int SYSTEM_THREADS = 4;

  /** The host's addresses (at least one); fails when it has none. */
  Future<List<InetAddress>> resolve(String host);

  /**
   * The system's resolver (hosts file, then DNS, with the JVM's cache), run on a small pool of
   * worker threads of its own: a slow name server holds those, never an event loop nor the
   * workers the embedded database runs on. Closed with the verticle that made it.
   */
  static HostResolver system(Vertx vertx) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("tickwire-webhook-dns",
        SYSTEM_THREADS);
    return host -> executor.executeBlocking(() -> List.of(InetAddress.getAllByName(host)),
        false);
  }
}
