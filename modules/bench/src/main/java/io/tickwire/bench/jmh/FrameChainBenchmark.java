package io.tickwire.bench.jmh;

import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.gateway.SystemMethodsVerticle;
import io.tickwire.gateway.auth.Authenticator;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.endpoint.FrameChain;
import io.tickwire.gateway.endpoint.Session;
import io.tickwire.runtime.NodeContext;
import io.tickwire.runtime.MeteredVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One inbound client frame through the gateway's middleware chain and its route, wired as a
 * gateway instance wires them ({@link FrameChain}): logging (at INFO, as in production, so it only
 * checks its level) → rate limit → validation (JSON parse and frame checks) → authentication and
 * access control → the route. The session is signed in (user {@code alice}), so
 * the token-expiry check runs; its socket is a {@link CountingWebSocket}.
 *
 * <ul>
 *   <li>{@link #ping}: a {@code ping} frame, answered with {@code pong} by the route itself. The
 *       whole path is synchronous: score = frames/s.
 *   <li>{@link #echoRequests}: {@value #IN_FLIGHT} {@code request} frames for
 *       {@code system.echo}, handed together to the gateway's event loop, as a busy connection's
 *       frames arrive. The route forwards each over a node's (metered, non-clustered) event bus
 *       to {@link SystemMethodsVerticle} on another event loop, and each answer comes back to
 *       the gateway's loop and is written as a {@code response} frame; the invocation ends when
 *       all {@value #IN_FLIGHT} are written. Score: requests/s, gateway and service sharing the
 *       machine's cores (the benchmark thread sleeps meanwhile).
 * </ul>
 *
 * <p>The rate limit is set so that it never refuses (see {@link BenchGateway}); reading the
 * frame off the socket (Netty's decoding, {@code MessageAssembler}) and writing the answer to the
 * kernel are not in the figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameChainBenchmark {

  static final String PING = "{\"type\":\"ping\",\"id\":\"p1\"}";
  static final String ECHO = "{\"type\":\"request\",\"id\":\"r1\",\"method\":\"system.echo\","
      + "\"data\":{\"text\":\"hello\",\"n\":42}}";
  public static final int IN_FLIGHT = 64;
  private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Holds the event loop of the gateway instance that owns the session; does nothing else. */
  private static final class GatewayLoop extends VerticleBase {
    Context context() {
      return context;
    }

    @Override
    public Future<?> start() {
      return Future.succeededFuture();
    }
  }

  private Vertx vertx;
  private Context gateway;
  private FrameChain chain;
  private Session session;
  private CountingWebSocket socket;

  @Setup
  public void setup() {
    NodeContext node = BenchGateway.node();
    vertx = MeteredVertx.start(node, new VertxOptions());
    vertx.deployVerticle(new SystemMethodsVerticle(node.id())).await();
    // Deployed after the service, so on the next event loop, as a gateway instance would be.
    GatewayLoop loop = new GatewayLoop();
    vertx.deployVerticle(loop).await();
    gateway = loop.context();
    GatewaySetup setup = BenchGateway.setup();
    GatewayContext context = BenchGateway.context(setup, node,
        Authenticator.create(vertx, setup.auth()).await());
    // The fan-out writes every slice at once: no later turn to wait for.
    chain = new FrameChain(vertx, context, Runnable::run);
    socket = new CountingWebSocket();
    Principal alice = new Principal("alice", Set.of("0x52908400098527886e0f7030069857d2e4169ee7"),
        System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1));
    session = chain.open(UUID.randomUUID().toString(), socket, alice);

    expectAnswer(ping(), "{\"type\":\"pong\",\"id\":\"p1\"");
    expectAnswer(echoRequests(), "{\"type\":\"response\",\"id\":\"r1\",\"data\":{\"text\":");
  }

  @TearDown
  public void tearDown() {
    vertx.close().await();
  }

  /** A {@code ping} frame: chain, route, {@code pong} written. */
  @Benchmark
  public String ping() {
    chain.handle(session, PING, System.nanoTime());
    return socket.lastText();
  }

  /** {@value #IN_FLIGHT} requests for {@code system.echo}, until their responses are written. */
  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public String echoRequests() {
    long answered = socket.textMessages() + IN_FLIGHT;
    gateway.runOnContext(ignored -> {
      for (int i = 0; i < IN_FLIGHT; i++) {
        chain.handle(session, ECHO, System.nanoTime());
      }
    });
    if (!socket.awaitTextMessages(answered, ANSWER_TIMEOUT_NANOS)) {
      throw new IllegalStateException("the echo requests were not all answered within 10 s");
    }
    return socket.lastText();
  }

  /** The socket stand-in, for checks. */
  public CountingWebSocket socket() {
    return socket;
  }

  private static void expectAnswer(String answer, String prefix) {
    if (answer == null || !answer.startsWith(prefix)) {
      throw new IllegalStateException("expected an answer starting " + prefix + ", got " + answer);
    }
  }
}
