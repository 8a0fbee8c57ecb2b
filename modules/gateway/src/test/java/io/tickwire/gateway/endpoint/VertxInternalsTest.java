package io.tickwire.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fails when a Vert.x upgrade changes what {@link VertxInternals} relies on: each assumption is
 * checked on a real server connection, a WebSocket that negotiated permessage-deflate, as the
 * gateway's connections do. Everything of Vert.x is touched only after the test's Vert.x instance
 * has started.
 */
@DisplayName("The Vert.x internals tickwire relies on")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VertxInternalsTest {

  private static final long WAIT_SECONDS = 20;
  private static final int MAX_BYTES = 65_536;
  private static final byte[] PAYLOAD =
      "{\"type\":\"message\",\"data\":\"encoded once\"}".getBytes(StandardCharsets.UTF_8);

  /** The pipeline of the one connection, when it opened and once it became a WebSocket. */
  private record Seen(List<String> opened, List<String> upgraded, String vertxHandler,
      boolean deflateEncoder, Context context) {
  }

  private static Vertx vertx;
  private static WebSocketClient client;
  private static final CompletableFuture<List<String>> opened = new CompletableFuture<>();
  private static final CompletableFuture<Seen> seen = new CompletableFuture<>();
  private static WebSocket socket;
  private static final CompletableFuture<String> received = new CompletableFuture<>();

  @BeforeAll
  static void start() throws Exception {
    // The Vert.x instance first: no Vert.x class is used on this thread before it exists.
    vertx = Vertx.vertx();
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1")
        .setPerMessageWebSocketCompressionSupported(true)
        .setPerFrameWebSocketCompressionSupported(true);
    HttpServer server = vertx.createHttpServer(options).connectionHandler(connection -> {
      ChannelPipeline pipeline = VertxInternals.pipeline(connection);
      List<String> names = new ArrayList<>(pipeline.names());
      if (pipeline.get(WebSocketServerExtensionHandler.class) != null) {
        names.add(WebSocketServerExtensionHandler.class.getSimpleName());
      }
      InflateLimit.install(connection, options, MAX_BYTES);
      opened.complete(names);
    }).requestHandler(request -> request.toWebSocket().onSuccess(ws -> {
      ChannelPipeline pipeline = VertxInternals.pipeline(request.connection());
      String vertxHandler = VertxInternals.vertxHandler(pipeline);
      boolean deflate = pipeline.get(WebSocketExtensionEncoder.class) != null;
      CoalescingFlush.install(request.connection());
      boolean threshold = CompressionThreshold.install(request.connection());
      List<String> names = new ArrayList<>(pipeline.names());
      names.add(encoderBeforeVertx(pipeline, vertxHandler) ? "encoder-first" : "vertx-first");
      ws.textMessageHandler(text -> ws.writeFrame(VertxInternals.textFrame(PAYLOAD)));
      seen.complete(new Seen(opened.getNow(List.of()), names, vertxHandler,
          deflate && threshold, Vertx.currentContext()));
    }));
    int port = server.listen(0).await(WAIT_SECONDS, TimeUnit.SECONDS).actualPort();
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setTryUsePerMessageCompression(true));
    socket = client.connect(port, "127.0.0.1", "/ws").await(WAIT_SECONDS, TimeUnit.SECONDS);
    socket.textMessageHandler(received::complete);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static boolean encoderBeforeVertx(ChannelPipeline pipeline, String vertxHandler) {
    List<String> names = pipeline.names();
    String encoder = pipeline.context(WebSocketFrameEncoder.class).name();
    return names.indexOf(encoder) < names.indexOf(vertxHandler);
  }

  private static Seen seen() throws Exception {
    return seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the Vert.x on the class path is the version they were written for")
  void pinnedVersion() {
    assertThat(VertxInternals.runningVersion())
        .as("Vert.x was upgraded: check every assumption of VertxInternals, then pin the new "
            + "version in VertxInternals.PINNED_VERTX_VERSION")
        .isEqualTo(VertxInternals.PINNED_VERTX_VERSION);
  }

  @Test
  @DisplayName("a new connection's pipeline holds the deflate extension handler InflateLimit replaces")
  void connectionPipeline() throws Exception {
    assertThat(seen().opened()).as("pipeline of a new HTTP/1.x connection")
        .contains(WebSocketServerExtensionHandler.class.getSimpleName());
  }

  @Test
  @DisplayName("an upgraded WebSocket has a Vert.x handler behind the frame encoder, and the deflate encoder it negotiated")
  void upgradedPipeline() throws Exception {
    Seen seen = seen();
    assertThat(seen.vertxHandler()).isNotNull();
    assertThat(seen.upgraded()).as("pipeline of the upgraded WebSocket")
        .contains(CoalescingFlush.NAME, CompressionThreshold.NAME, "encoder-first");
    assertThat(seen.deflateEncoder()).as("permessage-deflate's encoder found").isTrue();
  }

  @Test
  @DisplayName("a text frame wraps the shared bytes without a copy and reaches the client whole")
  void textFrame() throws Exception {
    WebSocketFrame frame = VertxInternals.textFrame(PAYLOAD);
    assertThat(frame.isText()).isTrue();
    assertThat(frame.isFinal()).isTrue();
    assertThat(((WebSocketFrameImpl) frame).getBinaryData().array()).isSameAs(PAYLOAD);
    socket.writeTextMessage("hello");
    assertThat(received.get(WAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(new String(PAYLOAD, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a later-turn task runs on its context, after the tasks queued before it")
  void laterTurn() throws Exception {
    Context context = seen().context();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(ignored -> {
      VertxInternals.laterTurn(context).execute(() -> {
        order.add(Vertx.currentContext() == context ? "later, on its context" : "later, elsewhere");
        done.complete(null);
      });
      context.runOnContext(queued -> order.add("queued"));
    });
    done.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(order).containsExactly("queued", "later, on its context");
  }
}
