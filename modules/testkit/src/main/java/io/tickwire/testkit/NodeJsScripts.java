package io.tickwire.testkit;

import io.tickwire.testkit.core.Prerequisites;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Node.js scripts (the browser client's tests, the browser end-to-end test) from JUnit: finds
 * {@code node}, {@code npm} and Chromium, installs the npm packages of a folder from its lock file,
 * and runs a command with a time limit, its output kept in a log file. A test whose tool is
 * missing is skipped with a message saying so, except under {@code CI=true}, where it fails.
 */
public final class NodeJsScripts {

  /** Debian's Chromium. */
  public static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");

  /** What a script did. */
  public record Result(int exitCode, String output, Path log) {
  }

  private NodeJsScripts() {
  }

  /** The executable {@code name} on the PATH, or the test is skipped (fails under CI). */
  public static Path require(String name, String needed) {
    Optional<Path> found = onPath(name);
    return found.orElseGet(() -> Prerequisites.missing("'" + name + "' is not on the PATH; "
        + needed, "this test"));
  }

  /**
   * Chromium ({@code CHROMIUM_PATH}, else {@code /usr/bin/chromium}, else {@code chromium} on the
   * PATH), or the test is skipped (fails under CI).
   */
  public static Path requireChromium() {
    String configured = System.getenv("CHROMIUM_PATH");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return Path.of(configured);
    }
    if (Files.isExecutable(DEBIAN_CHROMIUM)) {
      return DEBIAN_CHROMIUM;
    }
    return onPath("chromium").orElseGet(() -> Prerequisites.missing("Chromium is not installed "
        + "(apt-get install chromium chromium-driver, or set CHROMIUM_PATH)", "the browser test"));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Installs the packages of {@code dir}'s package-lock.json with {@code npm ci}, unless the
   * installed ones were made from the same lock file. Browser downloads are turned off: tests use
   * the system's Chromium.
   */
  public static void npmInstall(Path dir, Path npm) {
    Path lock = dir.resolve("package-lock.json");
    Path marker = dir.resolve("node_modules").resolve(".installed-from-lock");
    try {
      String digest = sha256(Files.readAllBytes(lock));
      if (Files.exists(marker) && Files.readString(marker).trim().equals(digest)) {
        return;
      }
      Result result = run(dir, List.of(npm.toString(), "ci", "--no-audit", "--no-fund"),
          Map.of(), Duration.ofMinutes(8), dir.resolve("target").resolve("npm-ci.log"));
      if (result.exitCode() != 0) {
        throw new AssertionError("npm ci failed in " + dir + " (exit " + result.exitCode()
            + "):\n" + tail(result.output(), 4000));
      }
      Files.writeString(marker, digest + "\n");
    } catch (IOException e) {
      throw new AssertionError("cannot install npm packages in " + dir + ": " + e, e);
    }
  }

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this process's environment;
   * stdout and stderr go to {@code log}. A command still running after {@code timeout} is killed
   * with its children and the test fails.
   */
  public static Result run(Path dir, List<String> command, Map<String, String> env,
      Duration timeout, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
            + "; output so far:\n" + tail(Files.readString(log, StandardCharsets.UTF_8), 6000));
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  /** The last {@code chars} characters of {@code text}. */
  public static String tail(String text, int chars) {
    return text.length() <= chars ? text : "…" + text.substring(text.length() - chars);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
