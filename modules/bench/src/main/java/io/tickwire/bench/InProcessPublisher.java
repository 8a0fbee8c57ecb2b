package io.tickwire.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Publishes one step inside the raw server's process, with no HTTP hop: the same open-loop
 * schedule as {@link Publisher} (message {@code n} due at {@code start + n / rate}, stamped with
 * that intended time), each message handed straight to the server's broadcast. Its "answer" is
 * the moment the broadcast call returned, timed from the intended time. Runs on the calling
 * thread, which it blocks for the step: never call it on an event loop.
 */
final class InProcessPublisher {

  /** What the server does with one published message: sequence, encode once, fan out. */
  interface Broadcast {
    void publish(String channel, JsonObject data);
  }

  private InProcessPublisher() {
  }

  /**
   * Publishes {@code rate × seconds} messages to {@code channels} (round robin); answers
   * {@code published}, {@code seconds} and the histograms {@code answers} and {@code sendLag} (µs,
   * compressed, base64).
   */
  static JsonObject run(Broadcast broadcast, List<String> channels, double rate, double seconds,
      int step, int padBytes) {
    String pad = "x".repeat(Math.max(0, padBytes));
    long total = Math.max(1, Math.round(rate * seconds));
    Histogram answers = new Histogram(StepStats.MAX_MICROS, 3);
    Histogram sendLag = new Histogram(StepStats.MAX_MICROS, 3);
    long start = System.nanoTime();
    long published = 0;
    for (long n = 0; n < total && !Thread.currentThread().isInterrupted(); n++) {
      long intended = start + (long) (n * 1e9 / rate);
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      sendLag.recordValue(micros(System.nanoTime() - intended));
      // The generator reads t before s; JsonObject keeps the order the keys were put in.
      broadcast.publish(channels.get((int) (n % channels.size())),
          new JsonObject().put("t", intended).put("s", step).put("p", pad));
      answers.recordValue(micros(System.nanoTime() - intended));
      published++;
    }
    // The send window, as the HTTP publisher counts it: the step's length, not the last due time.
    return new JsonObject().put("published", published).put("seconds", seconds)
        .put("answers", StepStats.encode(answers)).put("sendLag", StepStats.encode(sendLag));
  }

  private static long micros(long nanos) {
    return Math.min(Math.max(nanos / 1000, 0), StepStats.MAX_MICROS);
  }
}
