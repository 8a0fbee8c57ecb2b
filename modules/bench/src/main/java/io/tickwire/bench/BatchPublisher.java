package io.tickwire.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Publishes batches through tickwire's {@code POST /api/publish} as fast as its answers allow:
 * each of {@code connections} keep-alive connections carries at most {@code window} batches
 * (pipelined) awaiting their answer, and a batch is sent as soon as one is answered, until the
 * step's time is up. A batch is a JSON array of {@code batchSize} messages, round robin over the
 * channels; each message's data carries the time its batch left ({@link Publisher#data}), so the
 * subscribers time delivery from it. Closed loop by design: the figure is the throughput the
 * node sustains, not a latency at a given rate.
 *
 * <p>An answer is 200 with one entry per message, in order: {@code {channel, seq, epoch}} for a
 * published one, {@code {channel, code, message}} for one that failed. A whole batch refused
 * (another status, or an answer of another length) counts every message of it as failed, under
 * its status. All requests are sent and answered on one event loop of this publisher's own
 * Vert.x.
 */
final class BatchPublisher implements AutoCloseable {

  /** How long after the step the last answers may take before they count as failed. */
  static final long GRACE_MS = 15_000;

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final List<HttpClient> clients = new ArrayList<>();
  private final String pad;
  private final int batchSize;
  private final int window;
  private final String apiKey;

  BatchPublisher(int padBytes, int batchSize, int connections, int window, String apiKey) {
    this.pad = "x".repeat(Math.max(0, padBytes));
    this.batchSize = Math.max(1, batchSize);
    this.window = Math.max(1, window);
    this.apiKey = apiKey;
    for (int i = 0; i < Math.max(1, connections); i++) {
      clients.add(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
          .setPipelining(true).setPipeliningLimit(this.window).setConnectTimeout(5_000),
          new PoolOptions().setHttp1MaxSize(1)));
    }
  }

  int batchSize() {
    return batchSize;
  }

  int connections() {
    return clients.size();
  }

  int window() {
    return window;
  }

  /**
   * Publishes batches to {@code channels} on the node at {@code port} for {@code seconds};
   * completes once every answer is in, or at the latest {@value #GRACE_MS} ms after. Answers
   * {@code published} (messages answered with a seq), {@code failed} (messages answered with an
   * error, or in a batch refused or not answered), {@code errors} (failed messages by code or
   * status), {@code batches}, {@code batchSize}, {@code seconds}, {@code rate} (published per
   * second) and {@code publishMs} (a batch's answer time, from when it left).
   */
  JsonObject run(int port, List<String> channels, double seconds, int step) {
    Run run = new Run(port, channels, seconds, step);
    context.runOnContext(ignored -> run.begin());
    try {
      run.done.future().await((long) (seconds * 1000) + GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Batches never answered count as failed below.
    }
    return Future.<JsonObject>future(finished -> context.runOnContext(
        ignored -> finished.complete(run.finish()))).await();
  }

  /** One step; every field is touched on the publisher's context only. */
  private final class Run {
    final int port;
    final List<String> channels;
    final double seconds;
    final int step;
    final long start = System.nanoTime();
    final long deadline;
    final Promise<JsonObject> done = Promise.promise();
    final Histogram answers = new Histogram(StepStats.MAX_MICROS, 3);
    final TreeMap<String, Long> errors = new TreeMap<>();
    long next;
    long batches;
    long inFlight;
    long published;
    long failed;
    boolean finished;

    Run(int port, List<String> channels, double seconds, int step) {
      this.port = port;
      this.channels = channels;
      this.seconds = seconds;
      this.step = step;
      this.deadline = start + (long) (seconds * 1e9);
    }

    void begin() {
      for (HttpClient client : clients) {
        for (int i = 0; i < window; i++) {
          send(client);
        }
      }
    }

    void send(HttpClient client) {
      if (finished || System.nanoTime() >= deadline) {
        if (inFlight == 0) {
          done.tryComplete();
        }
        return;
      }
      long sent = System.nanoTime();
      Buffer body = Buffer.buffer(batchSize * (pad.length() + 80)).appendByte((byte) '[');
      for (int i = 0; i < batchSize; i++) {
        String channel = channels.get((int) (next++ % channels.size()));
        body.appendString((i == 0 ? "" : ",") + "{\"channel\":\"" + channel + "\",\"data\":"
            + Publisher.data(sent, step, pad) + "}");
      }
      body.appendByte((byte) ']');
      batches++;
      inFlight++;
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
          .setHost("127.0.0.1").setPort(port).setURI("/api/publish")
          .putHeader("Content-Type", "application/json")
          .putHeader("Authorization", "ApiKey " + apiKey);
      client.request(request).compose(req -> req.send(body))
          .compose(response -> response.body().map(answer -> new Answer(response.statusCode(),
              answer)))
          .onComplete(result -> {
            inFlight--;
            if (finished) {
              return;
            }
            synchronized (answers) {
              answers.recordValue(Math.min(Math.max((System.nanoTime() - sent) / 1000, 0),
                  StepStats.MAX_MICROS));
            }
            if (result.succeeded()) {
              count(result.result());
            } else {
              fail("no answer", batchSize);
            }
            send(client);
          });
    }

    /** Counts what one answer says of its batch's messages. */
    void count(Answer answer) {
      JsonArray entries = answer.entries(batchSize);
      if (entries == null) {
        fail(String.valueOf(answer.status), batchSize);
        return;
      }
      for (int i = 0; i < entries.size(); i++) {
        JsonObject entry = entries.getJsonObject(i);
        if (entry.getValue("seq") instanceof Number) {
          published++;
        } else {
          fail(entry.getString("code", "?"), 1);
        }
      }
    }

    void fail(String why, long messages) {
      failed += messages;
      errors.merge(why, messages, Long::sum);
    }

    JsonObject finish() {
      finished = true;
      // Batches sent but never answered within the grace period failed too.
      if (inFlight > 0) {
        fail("no answer", inFlight * batchSize);
      }
      JsonObject counts = new JsonObject();
      errors.forEach(counts::put);
      double window = Math.min((System.nanoTime() - start) / 1e9, seconds);
      JsonObject percentiles;
      synchronized (answers) {
        percentiles = Measure.percentiles(answers);
      }
      return new JsonObject().put("published", published).put("failed", failed)
          .put("unsent", 0L).put("errors", counts)
          .put("batches", batches).put("batchSize", batchSize).put("seconds", window)
          .put("rate", Math.round(published / window)).put("publishMs", percentiles)
          .put("sendLagMs", Measure.percentiles(new Histogram(StepStats.MAX_MICROS, 3)));
    }
  }

  /** An HTTP answer to a batch. */
  record Answer(int status, Buffer body) {

    /** The answer's entries, or null unless it is 200 with one entry per message, in a list. */
    JsonArray entries(int expected) {
      if (status != 200) {
        return null;
      }
      try {
        JsonArray entries = body.toJsonArray();
        for (int i = 0; i < entries.size(); i++) {
          if (!(entries.getValue(i) instanceof JsonObject)) {
            return null;
          }
        }
        return entries.size() == expected ? entries : null;
      } catch (RuntimeException notAList) {
        return null;
      }
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
