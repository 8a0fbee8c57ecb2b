package io.tickwire.transactions;

import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.Prerequisites;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real local Ethereum node for tests: anvil from the npm package {@code @foundry-rs/anvil},
 * installed by the build into {@code modules/transactions/anvil/node_modules}. It listens on
 * 127.0.0.1 on a port it picks (or the one it had before a restart) and is driven over HTTP
 * JSON-RPC with its unlocked dev accounts.
 */
final class Anvil implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final AtomicInteger IDS = new AtomicInteger();

  private final Path binary;
  private final List<String> extra;
  private final Vertx vertx;
  private final HttpClient http;
  private Process process;
  private int port;

  private Anvil(Path binary, List<String> extra) {
    this.binary = binary;
    this.extra = extra;
    this.vertx = Vertx.vertx();
    this.http = vertx.createHttpClient();
  }

  /**
   * The anvil binary; skips the test when it is not installed, or fails it under {@code CI=true}
   * where it must be.
   */
  static Path binary() {
    Path dir = Path.of(System.getProperty("tickwire.anvil.dir", "anvil"), "node_modules");
    Path found = null;
    try (DirectoryStream<Path> packages = Files.newDirectoryStream(dir.resolve("@foundry-rs"),
        "anvil-*")) {
      for (Path pkg : packages) {
        if (Files.isExecutable(pkg.resolve("bin/anvil"))) {
          found = pkg.resolve("bin/anvil");
        }
      }
    } catch (IOException e) {
      // not installed: reported below
    }
    if (found == null) {
      return Prerequisites.missing("anvil is not installed in " + dir + " (the build installs it"
          + " with npm from modules/transactions/anvil/package.json; see its output for why it"
          + " could not)", "the chain tests");
    }
    return found;
  }

  /** Starts anvil with a block every second and {@code extra} arguments. */
  static Anvil start(String... extra) {
    Anvil anvil = new Anvil(binary(), List.of(extra));
    anvil.launch(0);
    return anvil;
  }

  private void launch(int onPort) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--host", "127.0.0.1",
        "--port", String.valueOf(onPort), "--block-time", "1"));
    command.addAll(extra);
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start anvil: " + e, e);
    }
    Process started = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(
          started.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          Matcher matcher = LISTENING.matcher(line);
          if (matcher.find()) {
            listening.complete(Integer.parseInt(matcher.group(1)));
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      listening.completeExceptionally(new AssertionError("anvil exited before listening"));
    }, "anvil-output");
    reader.setDaemon(true);
    reader.start();
    try {
      port = listening.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      started.destroyForcibly();
      throw new AssertionError("anvil did not start: " + e, e);
    }
  }

  int port() {
    return port;
  }

  String wsUrl() {
    return "ws://127.0.0.1:" + port;
  }

  /** Stops anvil as a signal would (SIGTERM: it saves its state first when asked to). */
  void kill() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts it again on the same port, with the same arguments. */
  void restart() {
    launch(port);
  }

  /** A JSON-RPC call over HTTP; answers its result, fails the test on an error. */
  Object rpc(String method, Object... params) {
    JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", IDS.incrementAndGet())
        .put("method", method).put("params", new JsonArray(List.of(params)));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setHost("127.0.0.1").setPort(port).setURI("/")
        .putHeader("content-type", "application/json");
    Promise<JsonObject> answer = Promise.promise();
    // Built on an event loop, so the body is read in the callback that receives the response.
    vertx.getOrCreateContext().runOnContext(ignored -> http.request(options)
        .compose(call -> call.send(request.encode())
            .compose(response -> response.body().map(body -> new JsonObject(body))))
        .onComplete(answer));
    JsonObject response = Await.result(answer.future());
    if (response.containsKey("error")) {
      throw new AssertionError(method + " failed: " + response.getJsonObject("error").encode());
    }
    return response.getValue("result");
  }

  String text(String method, Object... params) {
    return (String) rpc(method, params);
  }

  List<String> accounts() {
    List<String> accounts = new ArrayList<>();
    ((JsonArray) rpc("eth_accounts")).forEach(account -> accounts.add((String) account));
    return accounts;
  }

  /** Sends a transaction from an unlocked dev account; answers its hash. */
  String send(JsonObject tx) {
    return text("eth_sendTransaction", tx);
  }

  /** Stops making blocks until {@link #resumeMining()}. */
  void pauseMining() {
    rpc("evm_setIntervalMining", 0);
  }

  void resumeMining() {
    rpc("evm_setIntervalMining", 1);
  }

  long blockNumber() {
    return Hex.quantity(text("eth_blockNumber"));
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
    vertx.close();
  }
}
