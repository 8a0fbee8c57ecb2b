package io.tickwire.bench;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one generator saw of one load step: messages received, seq gaps and reorders, and the
 * latency from each message's intended send time to its receipt, in microseconds. Recorded from
 * every event loop of the generator (wait-free), read once the step is over.
 */
final class StepStats {

  /** Latencies above a minute are clamped: a bench step never lasts that long. */
  static final long MAX_MICROS = 60_000_000L;

  private final Recorder recorder = new Recorder(MAX_MICROS, 3);
  private final Histogram total = new Histogram(MAX_MICROS, 3);
  final LongAdder received = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder reordered = new LongAdder();
  /** WebSocket payload bytes of the messages counted in {@link #received}. */
  final LongAdder bytes = new LongAdder();
  /** Messages decoded from MessagePack and compared with the JSON copy of the same seq. */
  final LongAdder compared = new LongAdder();
  /** Compared messages that were not equal to their JSON copy. */
  final LongAdder mismatched = new LongAdder();
  /** Error frames, and presence answers that listed other than the expected subscribers. */
  final LongAdder errors = new LongAdder();
  final LongAdder wrong = new LongAdder();

  void record(long micros) {
    recorder.recordValue(Math.min(Math.max(micros, 0), MAX_MICROS));
  }

  /** Everything recorded so far, as JSON with the histogram compressed in base64. */
  synchronized JsonObject toJson() {
    recorder.getIntervalHistogramInto(scratch());
    total.add(scratchHistogram);
    return new JsonObject().put("received", received.sum()).put("gaps", gaps.sum())
        .put("reordered", reordered.sum()).put("bytes", bytes.sum())
        .put("compared", compared.sum()).put("mismatched", mismatched.sum())
        .put("errors", errors.sum()).put("wrong", wrong.sum())
        .put("latency", encode(total));
  }

  private Histogram scratchHistogram;

  private Histogram scratch() {
    if (scratchHistogram == null) {
      scratchHistogram = new Histogram(MAX_MICROS, 3);
    }
    scratchHistogram.reset();
    return scratchHistogram;
  }

  static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(
          ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException e) {
      throw new IllegalStateException("corrupt histogram from a generator", e);
    }
  }
}
