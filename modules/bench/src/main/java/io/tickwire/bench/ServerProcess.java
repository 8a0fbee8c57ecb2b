package io.tickwire.bench;

import io.tickwire.testkit.core.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own JVM — a tickwire node started from the server jar as
 * {@code make run} starts it, or the raw reference — and what the suite reads of it from
 * {@code /proc}: CPU time, resident memory, open files, and heap after a full GC.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  final String name;
  final int port;
  private final Process process;

  private ServerProcess(String name, int port, Process process) {
    this.name = name;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts a tickwire node with {@code overlay} on top of the dev profile of {@code confDir};
   * {@code launch} is what follows {@code java}: {@code -jar tickwire.jar}, or a class path and
   * the main class.
   */
  static ServerProcess tickwire(String name, List<String> launch, Path confDir, Path overlay,
      Path logs, Map<String, String> env) {
    int port = LoopbackPorts.free();
    List<String> command = new ArrayList<>(List.of(java(),
        "-Dlogback.configurationFile=" + confDir.resolve("logback.xml")));
    command.addAll(launch);
    command.add("dev");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TICKWIRE_CONF_DIR", confDir.toString());
    builder.environment().put("TICKWIRE_CONFIG", overlay.toString());
    builder.environment().put("TICKWIRE_GATEWAY_PORT", String.valueOf(port));
    builder.environment().put("TICKWIRE_NODE_ID", name);
    builder.environment().putAll(env);
    return start(name, port, builder, logs, "/health/ready");
  }

  /** Starts the raw Vert.x broadcast server from the bench jar, on {@code eventLoops} loops. */
  static ServerProcess raw(String name, String classPath, Path logs, int eventLoops) {
    int port = LoopbackPorts.free();
    ProcessBuilder builder = new ProcessBuilder(java(), "-cp", classPath,
        BenchMain.class.getName(), "raw", "--port", String.valueOf(port),
        "--event-loops", String.valueOf(eventLoops));
    return start(name, port, builder, logs, "/health");
  }

  private static ServerProcess start(String name, int port, ProcessBuilder builder, Path logs,
      String readyPath) {
    try {
      Files.createDirectories(logs);
      builder.redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile());
      ServerProcess server = new ServerProcess(name, port, builder.start());
      server.awaitReady(readyPath);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(String path) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited during start-up; see its log");
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create(
            "http://127.0.0.1:" + port + path).toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(1000);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      pause(250);
    }
    close();
    throw new IllegalStateException(name + " was not ready within 90 s");
  }

  long pid() {
    return process.pid();
  }

  /** User and system CPU time of the process so far, in nanoseconds. */
  long[] cpuNanos() {
    String stat = read("/proc/" + pid() + "/stat");
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long tick = 10_000_000L;
    return new long[] {Long.parseLong(fields[11]) * tick, Long.parseLong(fields[12]) * tick};
  }

  /**
   * The Vert.x event-loop threads the process runs (Netty starts a loop's thread on its first
   * task, so count once the server has deployed and taken load). Linux keeps 15 characters of a
   * thread's name: {@code vert.x-eventloop-thread-N} shows as {@code vert.x-eventloo}.
   */
  int eventLoopThreads() {
    String[] tasks = Path.of("/proc/" + pid() + "/task").toFile().list();
    int count = 0;
    for (String task : tasks == null ? new String[0] : tasks) {
      try {
        if (Files.readString(Path.of("/proc/" + pid() + "/task/" + task + "/comm"))
            .startsWith("vert.x-eventloo")) {
          count++;
        }
      } catch (IOException e) {
        // The thread ended while the tasks were listed.
      }
    }
    return count;
  }

  long rssKb() {
    for (String line : read("/proc/" + pid() + "/status").split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  int openFiles() {
    String[] fds = Path.of("/proc/" + pid() + "/fd").toFile().list();
    return fds == null ? -1 : fds.length;
  }

  long maxOpenFiles() {
    for (String line : read("/proc/" + pid() + "/limits").split("\n")) {
      if (line.startsWith("Max open files")) {
        return Long.parseLong(line.trim().split("\\s+")[3]);
      }
    }
    return -1;
  }

  /** Runs a full GC in the server and answers its heap in use afterwards, in KB. */
  long heapAfterGcKb() {
    jcmd("GC.run");
    pause(500);
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    return used.find() ? Long.parseLong(used.group(1)) : -1;
  }

  private String jcmd(String command) {
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process run = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command)
          .redirectErrorStream(true).start();
      String out = new String(run.getInputStream().readAllBytes());
      run.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
