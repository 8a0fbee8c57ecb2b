package io.tickwire.testkit.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free now, for a process that must be told its port before it starts (a cluster member,
 * its event bus, a node started as a child process); a server that can should listen on port 0.
 *
 * <p>A port is picked below the kernel's ephemeral range where the range is known (Linux): the
 * kernel hands ports of that range to every outgoing connection, so a port picked inside it can
 * be taken by one (a cluster member dialling its peers) between the pick and the bind. Below it,
 * only another listener can take it. Where the range is unknown, the kernel picks (port 0).
 */
public final class LoopbackPorts {

  /** The lowest port picked: above the usual fixed ports of local services (8080, 5432, 8545). */
  static final int LOWEST = 20_000;
  /** Fewer ports than this below the ephemeral range: the kernel picks instead. */
  static final int MIN_RANGE = 8_192;
  /** How many of the ports handed out last are not handed out again. */
  static final int REMEMBERED = 2_048;
  private static final int ATTEMPTS = 1_000;
  private static final Set<Integer> HANDED_OUT = new LinkedHashSet<>();
  static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private LoopbackPorts() {
  }

  /**
   * {@code count} distinct ports, each free on every local address now, and none handed out by
   * an earlier call of this JVM (of its last {@value #REMEMBERED}): a port picked for a process
   * not started yet is free too.
   */
  public static int[] free(int count) {
    Optional<Integer> firstEphemeral = firstEphemeral();
    return firstEphemeral.isPresent() && firstEphemeral.get() - LOWEST >= MIN_RANGE
        ? free(count, LOWEST, firstEphemeral.get(), true)
        : free(count, 0, 0, true);
  }

  /**
   * {@code count} distinct ports of {@code from} (inclusive) to {@code to} (exclusive), each free
   * on every local address now, and none of the last handed out when {@code fresh}; the kernel's
   * pick when the two are 0.
   */
  static int[] free(int count, int from, int to, boolean fresh) {
    int[] ports = new int[count];
    List<ServerSocket> held = new ArrayList<>();
    try {
      // All held open until every one is picked, so no port is handed out twice.
      for (int i = 0; i < count; i++) {
        ServerSocket socket = to == 0 ? kernelPick(fresh) : within(from, to, fresh);
        held.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a listening socket that accepted nothing.
        }
      }
    }
  }

  /** One port (see {@link #free}). */
  public static int free() {
    return free(1)[0];
  }

  /** The first port of the kernel's ephemeral range, if this kernel says. */
  static Optional<Integer> firstEphemeral() {
    try {
      // Read as lines: a whole-file read trusts the size /proc gives, and gets a part.
      String[] range = Files.readAllLines(RANGE).get(0).trim().split("\\s+");
      return Optional.of(Integer.parseInt(range[0]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static ServerSocket within(int from, int to, boolean fresh) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(from, to);
      if (fresh && !handOut(port)) {
        continue;
      }
      try {
        return bind(port);
      } catch (IOException taken) {
        // Listened on by something else: try another.
      }
    }
    throw new IOException("no free port in " + from + ".." + (to - 1) + " after " + ATTEMPTS
        + " attempts");
  }

  private static ServerSocket kernelPick(boolean fresh) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ServerSocket socket = bind(0);
      if (!fresh || handOut(socket.getLocalPort())) {
        return socket;
      }
      socket.close();
    }
    throw new IOException("the kernel gave only recently handed-out ports in " + ATTEMPTS
        + " attempts");
  }

  /** Takes {@code port} as handed out, unless it was among the last ones. */
  private static synchronized boolean handOut(int port) {
    if (!HANDED_OUT.add(port)) {
      return false;
    }
    if (HANDED_OUT.size() > REMEMBERED) {
      Iterator<Integer> oldest = HANDED_OUT.iterator();
      oldest.next();
      oldest.remove();
    }
    return true;
  }

  /** A listener on every local address, so the port is free on loopback and on any other. */
  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.bind(new InetSocketAddress(port), 1);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
