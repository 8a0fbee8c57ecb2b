package io.tickwire.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Generator} in a JVM of its own (one process may hold at most its open-file limit of
 * sockets), driven over its stdin and stdout.
 */
final class GeneratorProcess implements AutoCloseable {

  /** Connections per generator process: well under the per-process open-file limit. */
  static final int MAX_PER_PROCESS = 9_000;

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  final JsonObject ready;

  private GeneratorProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.ready = answer("READY");
  }

  /**
   * Starts enough generator processes for {@code connections}, each with its own range of source
   * addresses, and waits until every one has connected its share.
   */
  static List<GeneratorProcess> start(String classPath, Path logs, String name, List<String> args,
      int connections, int sourcesPerProcess) {
    int processes = Math.max(1, (connections + MAX_PER_PROCESS - 1) / MAX_PER_PROCESS);
    List<GeneratorProcess> started = new ArrayList<>();
    try {
      Files.createDirectories(logs);
      List<Process> launched = new ArrayList<>();
      int first = 0;
      for (int p = 0; p < processes; p++) {
        int share = connections / processes + (p < connections % processes ? 1 : 0);
        List<String> command = new ArrayList<>(List.of(ServerProcess.java(), "-Xmx2g"));
        String extra = System.getenv("TICKWIRE_BENCH_GEN_JVM");
        if (extra != null && !extra.isBlank()) {
          command.addAll(List.of(extra.trim().replace("%p", String.valueOf(p)).split("\\s+")));
        }
        command.addAll(List.of("-cp", classPath, BenchMain.class.getName(), "gen",
            "--connections", String.valueOf(share), "--first-index", String.valueOf(first),
            "--sources", String.valueOf(sourcesPerProcess),
            "--source-offset", String.valueOf(p * sourcesPerProcess)));
        command.addAll(args);
        first += share;
        launched.add(new ProcessBuilder(command)
            .redirectError(logs.resolve(name + "-gen-" + p + ".log").toFile()).start());
      }
      for (Process process : launched) {
        started.add(new GeneratorProcess(process));
      }
      return started;
    } catch (IOException | RuntimeException e) {
      started.forEach(GeneratorProcess::close);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  JsonObject report() {
    in.println("REPORT");
    return answer("REPORT");
  }

  JsonObject rpc(int seconds, int window) {
    in.println("RPC " + seconds + " " + window);
    return answer("RPC");
  }

  JsonObject ping(int count, long intervalMicros) {
    in.println("PING " + count + " " + intervalMicros);
    return answer("PING");
  }

  JsonObject presence(double rate, double seconds, long members) {
    in.println("PRESENCE " + rate + " " + seconds + " " + members);
    return answer("PRESENCE");
  }

  private JsonObject answer(String tag) {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(tag + " ")) {
          return new JsonObject(line.substring(tag.length() + 1));
        }
      }
      throw new IllegalStateException("a generator exited before answering " + tag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    in.println("QUIT");
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
