package io.tickwire.testkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ports picked for a process told its port before it starts")
class LoopbackPortsTest {

  private static final int COUNT = 40;

  @Test
  @DisplayName("are distinct and free on loopback and on every address")
  void distinctAndFree() throws IOException {
    int[] ports = LoopbackPorts.free(COUNT);
    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(COUNT);
    for (int port : ports) {
      try (ServerSocket loopback = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(loopback.getLocalPort()).isEqualTo(port);
      }
      try (ServerSocket any = new ServerSocket()) {
        any.bind(new InetSocketAddress(port));
        assertThat(any.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  @DisplayName("lie below the kernel's ephemeral range, which outgoing connections take ports from")
  void belowTheEphemeralRange() {
    assumeTrue(Files.exists(LoopbackPorts.RANGE),
        "this kernel does not say its ephemeral range: the kernel picks the ports");
    Optional<Integer> firstEphemeral = LoopbackPorts.firstEphemeral();
    assertThat(firstEphemeral).as("the range read from " + LoopbackPorts.RANGE).isPresent();
    assumeTrue(firstEphemeral.get() - LoopbackPorts.LOWEST >= LoopbackPorts.MIN_RANGE,
        "the ephemeral range starts at " + firstEphemeral.get() + ": the kernel picks the ports");
    for (int port : LoopbackPorts.free(COUNT)) {
      assertThat(port).isBetween(LoopbackPorts.LOWEST, firstEphemeral.get() - 1);
    }
  }

  @Test
  @DisplayName("are never one handed out by a recent call, though that one may not listen yet")
  void notHandedOutAgain() {
    // 1,000 single picks: at random from some 12,000 ports, about 40 would repeat.
    Set<Integer> picked = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      assertThat(picked.add(LoopbackPorts.free())).as("pick " + i + " is new").isTrue();
    }
  }

  @Test
  @DisplayName("never include a port something listens on")
  void notListenedOn() throws IOException {
    // A window of eight ports, six of them listened on: the two others are the only answer.
    int from = LoopbackPorts.free();
    assumeTrue(from + 8 <= 65_536, "no window of eight ports above " + from);
    List<ServerSocket> held = new ArrayList<>();
    try {
      Set<Integer> open = new HashSet<>();
      for (int port = from; port < from + 8; port++) {
        try {
          held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException taken) {
          // Already listened on by something else.
        }
      }
      for (int i = 0; i < 2 && !held.isEmpty(); i++) {
        ServerSocket released = held.remove(held.size() - 1);
        open.add(released.getLocalPort());
        released.close();
      }
      assumeTrue(open.size() == 2, "no window of eight ports could be held here");
      for (int round = 0; round < 20; round++) {
        int[] ports = LoopbackPorts.free(2, from, from + 8, false);
        assertThat(Arrays.stream(ports).boxed()).containsExactlyInAnyOrderElementsOf(open);
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
  }
}
