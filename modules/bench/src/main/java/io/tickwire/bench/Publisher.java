package io.tickwire.bench;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Publishes at a steady rate, open loop, through the server's real publish path —
 * {@code POST /api/publish} on tickwire, {@code POST /publish} on the raw server — or asks the raw
 * server to publish inside its own process ({@link Target#RAW_IN_PROCESS}).
 *
 * <p>Message {@code n} of a step is due at {@code start + n / rate} and carries that intended time
 * ({@link System#nanoTime()}, one clock for every process on this machine), never the moment it
 * actually left: a publisher or a server that falls behind shows in every latency measured from
 * it (coordinated omission corrected). The publisher never waits for an answer before sending the
 * next message due: requests are pipelined over {@code connections} keep-alive connections per
 * server, and only while {@code maxInFlight} answers are outstanding do due messages wait, still
 * stamped with their intended time. Answers are timed from the intended time too: the step's
 * publish-answer histogram.
 *
 * <p>Every request is sent and answered on one event loop of the publisher's own Vert.x; a pacing
 * thread wakes that loop at each message's due time ({@link LockSupport#parkNanos}, finer than a
 * Vert.x timer's whole milliseconds). A step is bounded in count ({@code rate × seconds}) and in
 * time ({@code seconds} plus a grace period).
 */
final class Publisher implements AutoCloseable {

  /** Requests written on a connection before its first answer is in. */
  static final int PIPELINE = 64;
  /** Answers awaited at most; more due messages wait, still stamped with their intended time. */
  static final int DEFAULT_MAX_IN_FLIGHT = 2_048;
  /** How long after the last message is due its answer may take before it counts as failed. */
  static final long DEFAULT_GRACE_MS = 15_000;

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final List<HttpClient> clients = new ArrayList<>();
  private final HttpClient control;
  private final String pad;
  private final int maxInFlight;
  private final long graceMs;

  Publisher(int padBytes, int connections) {
    this(padBytes, connections, DEFAULT_MAX_IN_FLIGHT, DEFAULT_GRACE_MS);
  }

  Publisher(int padBytes, int connections, int maxInFlight, long graceMs) {
    this.pad = "x".repeat(Math.max(0, padBytes));
    this.maxInFlight = Math.max(1, maxInFlight);
    this.graceMs = graceMs;
    for (int i = 0; i < Math.max(1, connections); i++) {
      // One connection per client and server: requests go round robin over the connections
      // instead of filling the first one's pipeline before another is opened.
      clients.add(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
          .setPipelining(true).setPipeliningLimit(PIPELINE).setConnectTimeout(5_000),
          new PoolOptions().setHttp1MaxSize(1)));
    }
    control = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
  }

  /** Keep-alive connections per server. */
  int connections() {
    return clients.size();
  }

  /** Answers awaited at most before due messages wait. */
  int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Publishes {@code rate} messages a second for {@code seconds} to {@code channels} (round
   * robin) on the servers at {@code ports} (round robin); completes once every answer is in, or
   * at the latest the grace period after the last message was due. Answers {@code published}
   * (answered 200), {@code failed} (answered otherwise, not answered, or never sent),
   * {@code unsent}, {@code seconds} (the send window), {@code rate}, {@code publishMs} (answer
   * time from the intended time) and {@code sendLagMs} (send time from the intended time).
   */
  JsonObject run(Target target, List<Integer> ports, List<String> channels, double rate,
      double seconds, int step) {
    if (target == Target.RAW_IN_PROCESS) {
      return inProcess(ports.get(0), channels, rate, seconds, step);
    }
    Run run = new Run(target, ports, channels, rate, seconds, step);
    Thread pacer = new Thread(run::pace, "publisher-pacer");
    pacer.setDaemon(true);
    pacer.start();
    try {
      run.done.future().await((long) (seconds * 1000) + graceMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Answers that never came count as failed below.
    }
    JsonObject figures = run.finish();
    pacer.interrupt();
    return figures;
  }

  /** One step: its counters and histograms; {@code sent} is written on the context only. */
  private final class Run {
    final Target target;
    final List<Integer> ports;
    final List<String> channels;
    final double rate;
    final double seconds;
    final int step;
    final long total;
    final long start = System.nanoTime();
    final Promise<Void> done = Promise.promise();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Histogram answers = new Histogram(StepStats.MAX_MICROS, 3);
    final Histogram sendLag = new Histogram(StepStats.MAX_MICROS, 3);
    /** Written only on the publisher's context; read by {@link #finish()} from the caller. */
    volatile long sent;
    volatile boolean stopped;

    Run(Target target, List<Integer> ports, List<String> channels, double rate, double seconds,
        int step) {
      this.target = target;
      this.ports = ports;
      this.channels = channels;
      this.rate = rate;
      this.seconds = seconds;
      this.step = step;
      this.total = Math.max(1, Math.round(rate * seconds));
    }

    long intended(long n) {
      return start + (long) (n * 1e9 / rate);
    }

    /** On the pacing thread: wakes the context at every message's due time. */
    void pace() {
      for (long n = 0; n < total && !stopped; n++) {
        long wait;
        while (!stopped && (wait = intended(n) - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        context.runOnContext(ignored -> pump());
      }
    }

    /**
     * Sends every message due, on the context. Held back by the in-flight bound, the next answer
     * pumps again; otherwise the pacing thread does at the next due time.
     */
    void pump() {
      if (stopped) {
        return;
      }
      long now = System.nanoTime();
      long due = Math.min(total, (long) ((now - start) * rate / 1e9) + 1);
      while (sent < due && sent - answered.get() - failed.get() < maxInFlight) {
        send(sent++, now);
      }
    }

    private void send(long n, long now) {
      long intended = intended(n);
      record(sendLag, now - intended);
      String channel = channels.get((int) (n % channels.size()));
      int port = ports.get((int) (n % ports.size()));
      HttpClient client = clients.get((int) (n % clients.size()));
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
          .setHost("127.0.0.1").setPort(port)
          .setURI(target == Target.TICKWIRE ? "/api/publish" : "/publish")
          .putHeader("Content-Type", "application/json");
      if (target == Target.TICKWIRE) {
        request.putHeader("Authorization", "ApiKey dev");
      }
      String body = "{\"channel\":\"" + channel + "\",\"data\":" + data(intended, step, pad) + "}";
      client.request(request).compose(req -> req.send(body))
          .compose(response -> response.body().map(ignored -> response.statusCode()))
          .onComplete(answer -> {
            if (answer.succeeded() && answer.result() == 200) {
              record(answers, System.nanoTime() - intended);
              answered.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
            if (answered.get() + failed.get() >= total) {
              done.tryComplete();
            } else if (sent < total) {
              context.runOnContext(ignored -> pump());
            }
          });
    }

    JsonObject finish() {
      stopped = true;
      long window = System.nanoTime() - start;
      long sentNow = sent;
      long ok = answered.get();
      return new JsonObject().put("published", ok).put("failed", total - ok)
          .put("unsent", total - sentNow).put("seconds", Math.min(window / 1e9, seconds))
          .put("rate", rate).put("publishMs", snapshot(answers))
          .put("sendLagMs", snapshot(sendLag));
    }
  }

  /** The data of message {@code n} of a step: its intended time, its step, the padding. */
  static String data(long intendedNanos, int step, String pad) {
    // The generator reads t before s; both servers keep the data's key order.
    return "{\"t\":" + intendedNanos + ",\"s\":" + step + ",\"p\":\"" + pad + "\"}";
  }

  /** Asks the raw server to publish the step from a thread of its own and waits for its figures. */
  private JsonObject inProcess(int port, List<String> channels, double rate, double seconds,
      int step) {
    JsonObject order = new JsonObject().put("channels", new JsonArray(channels)).put("rate", rate)
        .put("seconds", seconds).put("step", step).put("padBytes", pad.length());
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(port).setURI(RawServer.RUN_PATH).putHeader("Content-Type", "application/json");
    long total = Math.max(1, Math.round(rate * seconds));
    try {
      JsonObject answer = control.request(request).compose(req -> req.send(order.encode()))
          .compose(response -> response.body().map(body -> {
            if (response.statusCode() != 200) {
              throw new IllegalStateException("raw server: " + response.statusCode() + " " + body);
            }
            return body.toJsonObject();
          })).await((long) (seconds * 1000) + graceMs, TimeUnit.MILLISECONDS);
      long published = answer.getLong("published");
      return new JsonObject().put("published", published).put("failed", total - published)
          .put("unsent", total - published).put("seconds", answer.getDouble("seconds"))
          .put("rate", rate)
          .put("publishMs", Measure.percentiles(StepStats.decode(answer.getString("answers"))))
          .put("sendLagMs", Measure.percentiles(StepStats.decode(answer.getString("sendLag"))));
    } catch (Exception e) {
      Suite.log("  in-process publish failed: " + e.getMessage());
      Histogram empty = new Histogram(StepStats.MAX_MICROS, 3);
      return new JsonObject().put("published", 0L).put("failed", total).put("unsent", total)
          .put("seconds", seconds).put("rate", rate).put("publishMs", Measure.percentiles(empty))
          .put("sendLagMs", Measure.percentiles(empty));
    }
  }

  private static void record(Histogram histogram, long nanos) {
    synchronized (histogram) {
      histogram.recordValue(Math.min(Math.max(nanos / 1000, 0), StepStats.MAX_MICROS));
    }
  }

  private static JsonObject snapshot(Histogram histogram) {
    synchronized (histogram) {
      return Measure.percentiles(histogram);
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
