package io.tickwire.testkit;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small HTTP server on loopback through which a script under test asks the JUnit test that
 * started it to act on the server side: {@code POST /<action>} with a JSON body runs the action
 * registered under that name on the control's own thread (not a Vert.x thread, so an action may
 * wait for futures), one action at a time, and answers its JSON result (500 with the message when
 * it throws). The scripts get its address in an environment variable.
 */
public final class TestControl implements AutoCloseable {

  private final Map<String, Function<JsonObject, JsonObject>> actions = new ConcurrentHashMap<>();
  private final ExecutorService actor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "test-control");
    thread.setDaemon(true);
    return thread;
  });
  private final HttpServer server;

  private TestControl(Vertx vertx) {
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> request.body().onSuccess(body -> {
          String name = request.path().substring(1);
          Function<JsonObject, JsonObject> action = actions.get(name);
          if (action == null) {
            request.response().setStatusCode(404).end("no action '" + name + "'");
            return;
          }
          JsonObject input = body.length() == 0 ? new JsonObject() : body.toJsonObject();
          Context context = Vertx.currentContext();
          CompletableFuture.supplyAsync(() -> action.apply(input), actor).whenComplete(
              (result, failure) -> context.runOnContext(ignored -> {
                if (failure == null) {
                  request.response().putHeader("content-type", "application/json")
                      .end(result.encode());
                } else {
                  request.response().setStatusCode(500).end(String.valueOf(failure));
                }
              }));
        }));
  }

  public static TestControl start(Vertx vertx) {
    TestControl control = new TestControl(vertx);
    Await.result(control.server.listen());
    return control;
  }

  /** Registers {@code action} under {@code name}. */
  public TestControl on(String name, Function<JsonObject, JsonObject> action) {
    actions.put(name, action);
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    Await.result(server.close());
    actor.shutdownNow();
  }
}
