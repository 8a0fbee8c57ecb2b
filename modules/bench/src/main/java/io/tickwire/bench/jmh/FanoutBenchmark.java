package io.tickwire.bench.jmh;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.GatewaySetup;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.endpoint.Session;
import io.tickwire.gateway.fanout.Fanout;
import io.tickwire.gateway.fanout.Subscription;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's fan-out of one channel message to the {@code subscribers} WebSocket sessions of
 * one gateway instance: the loop of {@link Fanout}'s channel consumer over its subscriber
 * snapshot and, per subscriber, {@link Session#deliver} (recovery and position checks, the
 * latest-mode policy, the write-queue check, the frame wrapped around the shared bytes), then
 * once per message the {@code tickwire.gateway.delivered} counter and the delivery-latency
 * timer.
 *
 * <p>Score: messages fanned out per second; <b>deliveries/s = score × subscribers</b>. The
 * channel is {@code prices.BTC-USD} (latest mode) and every subscriber is caught up, so each
 * message is written at once, as in steady state.
 *
 * <p>Not in the figure: the event bus's dispatch of the message to the consumer (the handler
 * {@link Fanout} registers is called directly, through {@link CapturingEventBus}) and everything
 * below {@link io.vertx.core.http.ServerWebSocket#writeFrame}: the sockets are
 * {@link CountingWebSocket}s, which only count, so Netty's frame encoding and the kernel write are
 * not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FanoutBenchmark {

  static final String CHANNEL = "prices.BTC-USD";
  private static final String EPOCH = "5f1c2a9e";

  @Param({"100", "1000"})
  public int subscribers;

  private CountingWebSocket[] sockets;
  private Handler<Message<ChannelMessage>> consumer;
  private String address;
  private byte[] frame;
  private long seq;

  @Setup
  public void setup() {
    GatewaySetup setup = BenchGateway.setup();
    // The fan-out path never authenticates: no authenticator.
    GatewayContext context = BenchGateway.context(setup, BenchGateway.node(), null);
    CapturingEventBus bus = new CapturingEventBus();
    Fanout fanout = new Fanout(bus.eventBus(), context.channels(), context.metrics(),
        Runnable::run);
    NamespacePolicy policy = setup.namespaces().of(ChannelName.parse(CHANNEL));
    // Every message carries the same frame bytes: the gateway never reads them.
    frame = ChannelMessage.of(CHANNEL, 1, EPOCH, System.currentTimeMillis(),
        Payloads.priceUpdate()).frame();
    sockets = new CountingWebSocket[subscribers];
    for (int i = 0; i < subscribers; i++) {
      sockets[i] = new CountingWebSocket();
      Session session = new Session("session-" + i, sockets[i], Principal.ANONYMOUS, context,
          (gapped, subscription) -> {
            throw new IllegalStateException("a benchmark message went missing");
          });
      Subscription subscription = new Subscription(CHANNEL, policy);
      // Where a granted subscription stands once its recovery answer was replayed.
      subscription.recovered(0, EPOCH);
      session.subscribe(subscription);
      fanout.join(session, subscription);
    }
    address = Addresses.channel(CHANNEL);
    consumer = bus.handler(address);
  }

  /** One channel message, as the channel log publishes it, delivered to every subscriber. */
  @Benchmark
  public ChannelMessage fanout() {
    ChannelMessage message = new ChannelMessage(CHANNEL, ++seq, EPOCH,
        System.currentTimeMillis(), frame);
    consumer.handle(CapturingEventBus.message(address, message));
    return message;
  }

  /** Every socket got every message, so nothing was skipped or queued. */
  @TearDown
  public void check() {
    for (CountingWebSocket socket : sockets) {
      if (socket.frames() != seq) {
        throw new IllegalStateException("a socket got " + socket.frames() + " frames of " + seq);
      }
    }
  }

  /** Frames written to all sockets so far. */
  public long deliveries() {
    long total = 0;
    for (CountingWebSocket socket : sockets) {
      total += socket.frames();
    }
    return total;
  }
}
