package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose setup of {@code deploy/compose} as its tests read it: the YAML with anchors and
 * merge keys resolved, compose's {@code ${VAR}} interpolation, and the {@code .env} the
 * Makefile writes.
 */
final class ComposeFiles {

  static final Path ROOT = Path.of("../..");
  static final Path COMPOSE = ROOT.resolve("deploy/compose/compose.yaml");
  static final Path ENV_FILE = ROOT.resolve("deploy/compose/.env");
  static final List<String> MEMBERS = List.of("tickwire-1", "tickwire-2", "tickwire-3");

  /** {@code ${NAME}}, {@code ${NAME:-default}} or {@code ${NAME:?message}}. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-?])([^}]*))?}");
  private static final Pattern ENV_LINE = Pattern.compile("^([A-Z_][A-Z0-9_]*)=(.*)$");

  private ComposeFiles() {
  }

  /** A YAML file as maps and lists; merge keys ({@code <<}) resolved. */
  static Map<String, Object> yaml(Path file) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Map<String, Object> document = new Yaml(options).load(Files.readString(file));
    assertThat(document).as("%s is a YAML mapping", file).isNotNull();
    return document;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String what) {
    assertThat(value).as(what).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value, String what) {
    assertThat(value).as(what).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  /** The names of the variables the text refers to, split into required and optional ones. */
  static Map<String, Boolean> references(String text) {
    Map<String, Boolean> required = new LinkedHashMap<>();
    Matcher matcher = REFERENCE.matcher(text);
    while (matcher.find()) {
      required.merge(matcher.group(1), ":?".equals(matcher.group(2)), Boolean::logicalOr);
    }
    return required;
  }

  /** {@code value} with compose's interpolation from {@code env}; a required one must be set. */
  static String interpolate(Object value, Map<String, String> env) {
    Matcher matcher = REFERENCE.matcher(String.valueOf(value));
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String set = env.get(matcher.group(1));
      String replacement;
      if (set != null && !set.isEmpty()) {
        replacement = set;
      } else if (":?".equals(matcher.group(2))) {
        throw new AssertionError("compose would refuse to start: " + matcher.group(1)
            + " is not set (" + matcher.group(3) + ")");
      } else {
        replacement = matcher.group(3) == null ? "" : matcher.group(3);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** The environment of a service, interpolated from {@code env}. */
  static Map<String, String> environment(Map<String, Object> service, Map<String, String> env) {
    Map<String, String> resolved = new LinkedHashMap<>();
    map(service.get("environment"), "environment").forEach((name, value) ->
        resolved.put(name, interpolate(value, env)));
    return resolved;
  }

  /** The {@code KEY=value} lines of an env file. */
  static Map<String, String> envFile(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      Matcher matcher = ENV_LINE.matcher(line);
      if (matcher.matches()) {
        env.put(matcher.group(1), matcher.group(2));
      }
    }
    return env;
  }

  /**
   * Runs the Makefile's recipe for {@code deploy/compose/.env} in {@code dir} (a copy of the
   * Makefile there), as {@code make compose-up} does first; answers the file it wrote.
   */
  static Path writeEnv(Path dir, Map<String, String> environment) throws Exception {
    Files.createDirectories(dir.resolve("deploy/compose"));
    Files.copy(ROOT.resolve("Makefile"), dir.resolve("Makefile"),
        StandardCopyOption.REPLACE_EXISTING);
    ProcessBuilder builder = new ProcessBuilder("make", "-s", "deploy/compose/.env")
        .directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return dir.resolve("deploy/compose/.env");
  }

  /** Runs a command in the repository's root; answers its exit code and output. */
  static Result run(long timeoutSeconds, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectErrorStream(true).start();
    // Read while it runs, so that a chatty command never blocks on a full pipe.
    StringBuilder output = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        output.append(new String(process.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // The process went away; what was read stays.
      }
    });
    reader.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      reader.join(5_000);
      return new Result(-1, output + "\n(timed out after " + timeoutSeconds + " s)");
    }
    reader.join(5_000);
    return new Result(process.exitValue(), output.toString());
  }

  /** Whether a program can be started at all. */
  static boolean runs(String... command) {
    try {
      return run(30, command).code() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  record Result(int code, String output) {
  }

  /** Every string of a nested YAML value, for looking through a whole file. */
  static List<String> strings(Object value) {
    List<String> all = new ArrayList<>();
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(item -> all.addAll(strings(item)));
    } else if (value instanceof List<?> items) {
      items.forEach(item -> all.addAll(strings(item)));
    } else if (value != null) {
      all.add(String.valueOf(value));
    }
    return all;
  }
}
