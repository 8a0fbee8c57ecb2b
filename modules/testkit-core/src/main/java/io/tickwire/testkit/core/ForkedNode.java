package io.tickwire.testkit.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test node in a JVM of its own, for tests that kill it: a main class of the test's class
 * path that calls {@link #announce} once it serves. Its output is read until the announcement
 * (and kept for the failure message should it end before), then drained.
 */
public final class ForkedNode implements AutoCloseable {

  /** How long a forked node may take to serve: {@value} s (a JVM and a node start). */
  public static final long START_SECONDS = 60;
  private static final String PORT_LINE = "node-port=";

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private ForkedNode(Process process) {
    this.process = process;
  }

  /** Starts {@code main} with {@code args} in a new JVM; answers once it serves. */
  public static ForkedNode start(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ForkedNode node;
    try {
      node = new ForkedNode(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread reader = new Thread(node::read, "forked-" + main.getSimpleName());
    reader.setDaemon(true);
    reader.start();
    try {
      node.port.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      node.kill();
      throw new AssertionError("the forked node did not serve: " + e.getMessage(), e);
    }
    return node;
  }

  /** Says, from the forked node's main, that it serves on {@code port}. */
  public static void announce(int port) {
    System.out.println(PORT_LINE + port);
    System.out.flush();
  }

  private void read() {
    StringBuilder seen = new StringBuilder();
    try (BufferedReader output = new BufferedReader(new InputStreamReader(
        process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = output.readLine()) != null) {
        if (!port.isDone() && line.startsWith(PORT_LINE)) {
          port.complete(Integer.parseInt(line.substring(PORT_LINE.length())));
        } else if (!port.isDone()) {
          seen.append(line).append('\n');
        }
      }
    } catch (IOException | RuntimeException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IllegalStateException(
        "the node process ended before serving:\n" + seen));
  }

  /** The port the node serves. */
  public int port() {
    return port.join();
  }

  /** SIGKILL: no shutdown hook runs, nothing is closed cleanly. Waits for the process to end. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(Await.SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the forked node did not end within " + Await.SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * SIGSTOP: the process stops where it is, its sockets left open, as on a machine that hangs;
   * {@link #close()} still kills it.
   */
  public void freeze() {
    try {
      Process stop = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid()))
          .inheritIO().start();
      if (!stop.waitFor(Await.SECONDS, TimeUnit.SECONDS) || stop.exitValue() != 0) {
        throw new AssertionError("kill -STOP " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    kill();
  }
}
