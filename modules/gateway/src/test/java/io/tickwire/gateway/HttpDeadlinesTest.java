package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.Await;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.endpoint.HttpDeadlines;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("HTTP deadlines of connections that become WebSockets")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpDeadlinesTest {

  private Vertx vertx;
  private HttpDeadlines deadlines;
  private volatile Context serverContext;
  private final CompletableFuture<WeakReference<RoutingContext>> upgradedRequest =
      new CompletableFuture<>();
  private int port;

  /** A server wired as the gateway's: deadlines first, then a route that upgrades. */
  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    deadlines = new HttpDeadlines(vertx, new GatewayConfig.Edge(10, 0, 1, 60_000, 60_000));
    Router router = Router.router(vertx);
    router.route().handler(deadlines::arrived);
    router.get("/ws").handler(rc -> rc.request().toWebSocket().onSuccess(ws -> {
      deadlines.upgraded(rc);
      ws.textMessageHandler(ws::writeTextMessage);
      upgradedRequest.complete(new WeakReference<>(rc));
    }));
    HttpServer server = vertx.createHttpServer().connectionHandler(connection -> {
      serverContext = vertx.getOrCreateContext();
      deadlines.opened(connection);
    }).requestHandler(router);
    port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  @Test
  @DisplayName("keeps nothing of the HTTP exchange once upgraded, while the socket is open and after it closed")
  void forgetsUpgradedConnections() throws Exception {
    WebSocket client = Await.result(vertx.createWebSocketClient().connect(
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
    WeakReference<RoutingContext> request = upgradedRequest.get(20, TimeUnit.SECONDS);
    assertThat(tracked()).isZero();

    // The routing context is garbage although the socket lives on: nothing holds it.
    Await.until("the upgraded request's routing context collected", () -> {
      System.gc();
      return request.get() == null;
    });
    CompletableFuture<String> echo = new CompletableFuture<>();
    client.textMessageHandler(echo::complete);
    client.writeTextMessage("still open");
    assertThat(echo.get(20, TimeUnit.SECONDS)).isEqualTo("still open");

    Await.result(client.close());
    assertThat(tracked()).isZero();
  }

  @Test
  @DisplayName("still holds a plain request's connection to its deadline until it closes")
  void keepsPlainConnections() {
    HttpClient http = vertx.createHttpClient();
    int status = Await.result(http.request(HttpMethod.GET, port,
        "127.0.0.1", "/other").compose(req -> req.send()).map(response -> response.statusCode()));
    assertThat(status).isEqualTo(404);
    assertThat(tracked()).isEqualTo(1);

    Await.result(http.close());
    Await.until("the closed connection forgotten", () -> tracked() == 0);
  }

  /** The deadlines' count, read on the server's event loop that owns them. */
  private int tracked() {
    return Await.result(Future.future(promise -> serverContext.runOnContext(
        ignored -> promise.complete(deadlines.tracked()))));
  }
}
