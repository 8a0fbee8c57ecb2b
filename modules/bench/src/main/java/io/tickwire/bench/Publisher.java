package io.tickwire.bench;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes at a steady rate through the server's real publish path — {@code POST /api/publish}
 * on tickwire, {@code POST /publish} on the raw server — each message carrying the step it
 * belongs to and its send time ({@link System#nanoTime()}, which every process on this machine
 * reads from the same clock). Bounded in count and in time.
 */
final class Publisher implements AutoCloseable {

  private static final long TICK_MS = 2;
  private static final int MAX_IN_FLIGHT = 2_000;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = vertx.createHttpClient(new HttpClientOptions()
      .setKeepAlive(true).setConnectTimeout(5_000), new PoolOptions().setHttp1MaxSize(32));
  private final String pad;

  Publisher(int padBytes) {
    this.pad = "x".repeat(Math.max(0, padBytes));
  }

  /**
   * Publishes {@code rate} messages a second for {@code seconds} to {@code channels} (round
   * robin) on the servers at {@code ports} (round robin); completes once every answer is in, or
   * at the latest 15 s after the last send. Answers {@code published}, {@code failed},
   * {@code seconds} (the send window).
   */
  JsonObject run(boolean raw, List<Integer> ports, List<String> channels, double rate,
      double seconds, int step) {
    long total = Math.max(1, Math.round(rate * seconds));
    AtomicLong sent = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(ignored -> vertx.setPeriodic(TICK_MS, timer -> {
      long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
      while (sent.get() < due && sent.get() - answered.get() < MAX_IN_FLIGHT) {
        long n = sent.getAndIncrement();
        String channel = channels.get((int) (n % channels.size()));
        int port = ports.get((int) (n % ports.size()));
        String body = "{\"channel\":\"" + channel + "\",\"data\":{\"t\":" + System.nanoTime()
            + ",\"s\":" + step + ",\"p\":\"" + pad + "\"}}";
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
            .setHost("127.0.0.1").setPort(port).setURI(raw ? "/publish" : "/api/publish")
            .putHeader("Content-Type", "application/json");
        if (!raw) {
          request.putHeader("Authorization", "ApiKey dev");
        }
        http.request(request).compose(req -> req.send(body)).onComplete(response -> {
          if (response.failed() || response.result().statusCode() != 200) {
            failed.incrementAndGet();
          }
          if (answered.incrementAndGet() == total) {
            done.tryComplete();
          }
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
      }
    }));
    double window;
    try {
      done.future().await((long) (seconds * 1000) + 15_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Answers that never came count as failed below.
    }
    window = (System.nanoTime() - start) / 1e9;
    long missing = total - answered.get();
    return new JsonObject().put("published", sent.get() - failed.get() - missing)
        .put("failed", failed.get() + missing).put("seconds", Math.min(window, seconds + 0.0))
        .put("rate", rate);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
