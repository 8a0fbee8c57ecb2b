package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.runtime.NodeContext;
import io.tickwire.testkit.NodeJsScripts;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour of README.md, run as printed against a node deployed as {@code make run} deploys it
 * (the shipped dev profile: simulated prices and chain, dev tokens, the API key {@code dev}) on a
 * free port, which the tour's commands read from {@code TICKWIRE_GATEWAY_PORT}.
 *
 * <p>The {@code sh tour} blocks run in order in one bash with {@code set -eu}, so a failing
 * command fails the test; what each prints must fit the block shown after it ({@link Readme}).
 * {@code npx -y wscat …} is a shell function there that records its arguments, which bash has
 * expanded and unquoted: the test opens that URL with a WebSocket of its own, sends the frames
 * of {@code -x} (or the {@code >} lines of the session shown) and checks that the frames shown
 * arrive. A {@code live} block is checked on a connection that subscribed to its channel (as
 * the channel's user, for {@code user.…}) before the tour began.
 */
@DisplayName("The README's tour")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReadmeTourTest {

  static final Path README = Path.of("../../README.md");
  private static final String DONE = "@@tour-block-done";

  @Test
  @DisplayName("runs as printed on a dev node: every command succeeds, every answer has the shape shown")
  void tour(@TempDir Path dir) throws Exception {
    List<Readme.Step> steps = Readme.tour(Files.readString(README));
    assertThat(steps.stream().filter(Readme.Command.class::isInstance).count())
        .as("tour blocks in README.md").isGreaterThanOrEqualTo(5);
    Path bash = NodeJsScripts.require("bash", "the README's tour runs in bash");
    NodeJsScripts.require("curl", "the README's tour uses curl");

    long start = System.nanoTime();
    TickwireConfig config = Main.load("../../conf", "dev", null,
        LaunchedNode.env(dir.resolve("data"), Map.of()));
    try (LaunchedNode node = LaunchedNode.start(config, NodeContext.create("readme"))) {
      node.node.ready().set(true);
      // A user reads the tour with the node running for a moment: prices have ticked.
      try (TestSocket prices = node.connect("?channels=prices.BTC-USD")) {
        prices.message("prices.BTC-USD");
      }
      Map<String, TestSocket> subscribers = subscribers(node, steps);
      System.out.printf("README tour: a dev node on port %d, prices ticking (%d ms)%n", node.port,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      try (Shell shell = new Shell(bash, dir, node.port)) {
        for (Readme.Step step : steps) {
          start = System.nanoTime();
          if (step instanceof Readme.Command command) {
            run(node, shell, command);
          } else {
            Readme.Live live = (Readme.Live) step;
            JsonObject pattern = Readme.loose(live.frame());
            subscribers.get(live.channel()).next(frame ->
                Readme.mismatch(pattern, frame, "$") == null);
          }
          System.out.printf("README tour: line %d as shown (%d ms)%n", step.line(),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
      } finally {
        subscribers.values().forEach(TestSocket::close);
      }
    }
  }

  @Test
  @DisplayName("compares an answer with the one printed by shape, and says where they differ")
  void shapes() {
    String shown = "{\"channel\":\"blocks\",\"seq\":91,\"epoch\":\"…\"}";
    assertThat(Readme.mismatch(shown, "{\"channel\":\"blocks\",\"seq\":7,\"epoch\":\"0a.1\"}"))
        .isNull();
    assertThat(Readme.mismatch(shown, "{\"channel\":\"blocks\",\"seq\":\"7\",\"epoch\":\"e\"}"))
        .contains("$.seq");
    assertThat(Readme.mismatch(shown, "{\"channel\":\"tx\",\"seq\":7,\"epoch\":\"e\"}"))
        .contains("$.channel");
    assertThat(Readme.mismatch(shown, "{\"channel\":\"blocks\",\"seq\":7,\"epoch\":\"e\",\"x\":1}"))
        .contains("'x' is not shown");
    assertThat(Readme.mismatch(shown, "{\"code\":\"not_found\"}")).contains("no 'channel'");
    String open = "{\"data\":{\"title\":\"BTC-USD above 65695\",…},\"list\":[1,…],\"ts\":…}";
    assertThat(Readme.mismatch(open,
        "{\"data\":{\"title\":\"BTC-USD above 70012.5\",\"body\":\"b\"},"
            + "\"list\":[3,4],\"ts\":null}"))
        .isNull();
    assertThat(Readme.mismatch(open, "{\"data\":{\"title\":\"ETH-USD above 1\"},\"list\":[3],"
        + "\"ts\":1}")).contains("$.data.title");
    assertThat(Readme.mismatch(open, "{\"data\":{\"title\":\"BTC-USD above 1\"},\"list\":[],"
        + "\"ts\":1}")).contains("at least 1");
    assertThat(Readme.mismatch("BTC-USD is at 64695.47; alert at 65695",
        "BTC-USD is at 70001; alert at 71001")).isNull();
    assertThat(Readme.mismatch("BTC-USD is at 64695.47; alert at 65695",
        "BTC-USD is at ; alert at 1000")).isNotNull();
  }

  /** A connection per channel of the live blocks, subscribed before the tour begins. */
  private static Map<String, TestSocket> subscribers(LaunchedNode node, List<Readme.Step> steps) {
    Map<String, TestSocket> subscribers = new HashMap<>();
    for (Readme.Step step : steps) {
      if (step instanceof Readme.Live live && !subscribers.containsKey(live.channel())) {
        String channel = live.channel();
        String query = channel.startsWith("user.")
            ? "?token=" + node.devToken(channel.substring("user.".length())) : "";
        TestSocket socket = node.connect(query);
        socket.subscribeAll(channel);
        subscribers.put(channel, socket);
      }
    }
    return subscribers;
  }

  private static void run(LaunchedNode node, Shell shell, Readme.Command command)
      throws IOException {
    String where = "README.md line " + command.line() + ":\n" + command.script() + "\n";
    List<String> printed = shell.run(command.script(), where);
    List<String> wscat = shell.wscat();
    if (wscat != null) {
      assertThat(printed).as(where + "printed").isEmpty();
      replay(node, wscat, command.output(), where);
      return;
    }
    assertThat(printed).as(where + "printed").hasSameSizeAs(command.output());
    for (int i = 0; i < printed.size(); i++) {
      String why = Readme.mismatch(command.output().get(i), printed.get(i));
      assertThat(why).as(where + "line " + (i + 1) + " of what it printed").isNull();
    }
  }

  /**
   * What wscat would do with {@code args}: connect, send the {@code -x} frames, or the {@code >}
   * lines of the session shown; every frame shown ({@code <} lines in a session) must arrive.
   */
  private static void replay(LaunchedNode node, List<String> args, List<String> shown,
      String where) {
    assertThat(args.subList(0, 3)).as(where + "npx arguments").containsExactly("-y", "wscat",
        "-c");
    URI url = URI.create(args.get(3));
    List<String> execute = new ArrayList<>();
    for (int i = 4; i < args.size(); i += 2) {
      assertThat(args.get(i)).as(where + "wscat option").isIn("-x", "-w");
      assertThat(i + 1).as(where + "a value for " + args.get(i)).isLessThan(args.size());
      if (args.get(i).equals("-x")) {
        execute.add(args.get(i + 1));
      }
    }
    assertThat(url.getScheme()).isEqualTo("ws");
    assertThat(url.getPort()).as(where + "port").isEqualTo(node.port);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(url.getHost())
        .setPort(url.getPort()).setURI(url.getRawPath()
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    try (TestSocket socket = TestSocket.connect(node.vertx, node.ws, options)) {
      execute.forEach(socket::sendText);
      for (String line : shown) {
        if (!execute.isEmpty()) {
          expect(socket, line, where);
        } else if (line.startsWith("> ")) {
          socket.sendText(line.substring(2));
        } else if (line.startsWith("< ")) {
          expect(socket, line.substring(2), where);
        }
      }
    }
  }

  /** The next frame of the type, id and channel shown, which must have the shape shown. */
  private static void expect(TestSocket socket, String shown, String where) {
    JsonObject pattern = Readme.loose(shown);
    JsonObject frame = socket.next(candidate ->
        same(pattern, candidate, "type") && same(pattern, candidate, "id")
            && same(pattern, candidate, "channel"));
    assertThat(Readme.mismatch(pattern, frame, "$")).as(where + "the frame " + frame.encode())
        .isNull();
  }

  private static boolean same(JsonObject pattern, JsonObject frame, String key) {
    return !pattern.containsKey(key) || pattern.getValue(key).equals(frame.getValue(key));
  }

  /**
   * One bash for the whole tour, so variables carry from block to block; stdout and stderr
   * together, one line at a time, each wait bounded by {@link Await#SECONDS}.
   */
  private static final class Shell implements AutoCloseable {

    private static final String EXITED = "@@tour-shell-exited";
    private final Process process;
    private final Writer input;
    private final Path wscatArgs;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Shell(Path bash, Path dir, int port) throws IOException {
      wscatArgs = dir.resolve("wscat.args");
      ProcessBuilder builder = new ProcessBuilder(bash.toString(), "--noprofile", "--norc")
          .directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> name.startsWith("TICKWIRE_"));
      builder.environment().put("TICKWIRE_GATEWAY_PORT", String.valueOf(port));
      builder.environment().put("TOUR_WSCAT_ARGS", wscatArgs.toString());
      process = builder.start();
      input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "readme-tour-bash");
      reader.setDaemon(true);
      reader.start();
      input.write("set -eu\nnpx() { printf '%s\\0' \"$@\" > \"$TOUR_WSCAT_ARGS\"; }\n");
    }

    private void read() {
      try (BufferedReader output = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = output.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The shell is gone; the next wait says so.
      }
      lines.add(EXITED);
    }

    /** Runs {@code script}; answers what it printed, without trailing blank lines. */
    List<String> run(String script, String where) throws IOException {
      input.write(script + "\nprintf '\\n" + DONE + "\\n'\n");
      input.flush();
      List<String> printed = new ArrayList<>();
      while (true) {
        String line = Await.next(lines, "end of the tour block at " + where);
        if (line.equals(DONE)) {
          break;
        }
        if (line.equals(EXITED)) {
          throw new AssertionError(where + "failed (bash exited with "
              + exitCode() + "), having printed:\n" + String.join("\n", printed));
        }
        printed.add(line);
      }
      while (!printed.isEmpty() && printed.get(printed.size() - 1).isBlank()) {
        printed.remove(printed.size() - 1);
      }
      return printed;
    }

    /** The arguments of the block's {@code npx} call, or null when it made none. */
    List<String> wscat() throws IOException {
      if (!Files.exists(wscatArgs)) {
        return null;
      }
      String recorded = Files.readString(wscatArgs, StandardCharsets.UTF_8);
      Files.delete(wscatArgs);
      return Arrays.asList(recorded.substring(0, recorded.length() - 1).split("\0", -1));
    }

    private int exitCode() {
      try {
        return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    @Override
    public void close() throws IOException {
      input.close();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
