package io.tickwire.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real launcher ({@link Main}, profile {@code dev}) in a JVM of its own, on the test class
 * path (or from the runnable jar), for tests that kill it with SIGKILL or test what ships. Its
 * output goes to a log file and the last lines are kept for failure messages; the gateway's port
 * is read from the banner.
 */
final class NodeProcess implements AutoCloseable {

  private static final Pattern API = Pattern.compile("HTTP API\\s+http://localhost:(\\d+)/");
  private static final int TAIL_LINES = 60;

  final String id;
  final int clusterPort;
  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final Deque<String> tail = new ArrayDeque<>();

  private NodeProcess(String id, int clusterPort, Process process) {
    this.id = id;
    this.clusterPort = clusterPort;
    this.process = process;
  }

  /**
   * Starts a node with {@code env} as its only {@code TICKWIRE_} variables, in {@code workDir}
   * (where the dev profile's relative data paths land), writing its output to {@code log}.
   */
  static NodeProcess start(String id, int clusterPort, Map<String, String> env, Path workDir,
      Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dh2.bindAddress=127.0.0.1",
        // The shipped logging (INFO), not the test class path's quiet one.
        "-Dlogback.configurationFile=" + Path.of(LauncherTest.CONF, "logback.xml")
            .toAbsolutePath(),
        // What the runnable jar's manifest grants Hazelcast (Add-Opens, Add-Exports).
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.management/sun.management=ALL-UNNAMED",
        "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "dev"));
    return launch(id, clusterPort, command, env, workDir, log);
  }

  /**
   * Starts the runnable jar as an operator does ({@code java -jar tickwire.jar dev}: its manifest
   * grants what Hazelcast needs), with {@code env} as its only {@code TICKWIRE_} variables.
   */
  static NodeProcess startJar(String id, Path jar, Map<String, String> env, Path workDir,
      Path log) throws IOException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dh2.bindAddress=127.0.0.1",
        "-Dlogback.configurationFile=" + Path.of(LauncherTest.CONF, "logback.xml")
            .toAbsolutePath(),
        "-jar", jar.toAbsolutePath().toString(), "dev");
    return launch(id, 0, command, env, workDir, log);
  }

  private static NodeProcess launch(String id, int clusterPort, List<String> command,
      Map<String, String> env, Path workDir, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("TICKWIRE_"));
    builder.environment().putAll(env);
    Files.createDirectories(log.getParent());
    NodeProcess node = new NodeProcess(id, clusterPort, builder.start());
    Thread reader = new Thread(() -> node.read(log), "output-" + id);
    reader.setDaemon(true);
    reader.start();
    return node;
  }

  private void read(Path log) {
    try (BufferedReader output = new BufferedReader(new InputStreamReader(
        process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter file = new PrintWriter(Files.newBufferedWriter(log))) {
      String line;
      while ((line = output.readLine()) != null) {
        file.println(line);
        file.flush();
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        Matcher matcher = API.matcher(line);
        if (matcher.find()) {
          port.complete(Integer.parseInt(matcher.group(1)));
        }
      }
    } catch (IOException e) {
      // The process died; what it wrote is in the log.
    }
    port.completeExceptionally(new IllegalStateException("exited before serving"));
  }

  /** The gateway's port, once the node printed its banner. */
  int port(long timeoutSeconds) {
    try {
      return port.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("node " + id + " did not start within " + timeoutSeconds
          + " s:\n" + tail());
    } catch (Exception e) {
      throw new AssertionError("node " + id + " did not start (" + e.getMessage() + "):\n"
          + tail(), e);
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no hand-off, no goodbye to the other members. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      throw new AssertionError("node " + id + " survived SIGKILL");
    }
  }

  /** SIGSTOP: the process stays, silent, its sockets open, like a hung machine. */
  void freeze() throws IOException, InterruptedException {
    Process stop = new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid()))
        .redirectErrorStream(true).start();
    if (!stop.waitFor(10, TimeUnit.SECONDS) || stop.exitValue() != 0) {
      throw new AssertionError("could not stop node " + id + ": "
          + new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
