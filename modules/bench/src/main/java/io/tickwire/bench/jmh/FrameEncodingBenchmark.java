package io.tickwire.bench.jmh;

import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelMessageCodec;
import io.tickwire.protocol.Channels;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one channel {@code message} frame, once per published message, through
 * {@link ChannelMessage#of} ({@link io.tickwire.protocol.ServerFrames#message} to JSON text,
 * then UTF-8 bytes); the channel log ({@code ChannelHistory.append}) builds the same frame from
 * the data encoded once ({@code ChannelMessage.ofEncoded}). For a
 * {@code small} data object (about 100 bytes) and a {@code 1k} one (about 1 KB, a market
 * overview). {@link #wire} is the cluster's share: {@link ChannelMessageCodec#encodeToWire} of
 * the built message into a fresh buffer, which Vert.x does once per receiving member.
 *
 * <p>Score: frames encoded per second. Each frame gets the channel's next {@code seq}, as in the
 * log.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameEncodingBenchmark {

  private static final String EPOCH = "5f1c2a9e";

  @Param({"small", "1k"})
  public String payload;

  private final ChannelMessageCodec codec = new ChannelMessageCodec();
  private String channel;
  private JsonObject data;
  private ChannelMessage built;
  private long seq;
  private long ts;

  @Setup
  public void setup() {
    switch (payload) {
      case "small" -> {
        channel = Channels.prices("BTC-USD");
        data = Payloads.small();
      }
      case "1k" -> {
        channel = Channels.MARKET_OVERVIEW;
        data = Payloads.overview();
      }
      default -> throw new IllegalArgumentException("payload is small or 1k, not " + payload);
    }
    ts = System.currentTimeMillis();
    built = ChannelMessage.of(channel, 1, EPOCH, ts, data);
  }

  /** The bytes of the {@code data} object as JSON. */
  public int dataBytes() {
    return data.toBuffer().length();
  }

  /** The channel log's encoding of one message: JSON text of the whole frame, then UTF-8. */
  @Benchmark
  public ChannelMessage message() {
    return ChannelMessage.of(channel, ++seq, EPOCH, ts, data);
  }

  /** The event-bus codec writing one built message for another cluster member. */
  @Benchmark
  public Buffer wire() {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, built);
    return buffer;
  }
}
