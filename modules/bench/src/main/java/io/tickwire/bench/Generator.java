package io.tickwire.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.tickwire.protocol.MsgPack;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * One load-generator process: opens its share of WebSocket connections to tickwire or to the raw
 * reference server, spread over several loopback source addresses, at a bounded connect rate;
 * then records what arrives, per load step, until the suite asks for a report.
 *
 * <p>It is driven by lines on stdin ({@code REPORT}, {@code RPC <seconds> <window>},
 * {@code PING <count> <intervalMicros>}, {@code PRESENCE <rate> <seconds> <members>},
 * {@code QUIT}) and answers with one line on stdout ({@code READY {json}}, {@code REPORT {json}},
 * {@code RPC {json}}, {@code PING {json}}, {@code PRESENCE {json}}). Whatever happens, it exits
 * by itself after {@code --max-seconds}.
 *
 * <p>With {@code --format msgpack} its connections offer the {@value MsgPack#SUBPROTOCOL}
 * subprotocol and read every frame with msgpack-core, the library the server encodes with;
 * with {@code --witness} as well, the first process adds one JSON connection to the channel,
 * not counted, and every message of the first MessagePack connection is compared with the JSON
 * copy of the same {@code seq}.
 *
 * <p>With {@code --presence-channel} its connections ask for that channel's presence and are
 * read by {@link RawSockets}, which keeps of each answer only its first and last bytes: an
 * answer about a thousand members is over 100 KB, and at the rates the node answers, a client
 * that assembled each one would run out of CPU first on a machine it shares with the node.
 */
final class Generator {

  private static final byte[] MESSAGE = "{\"type\":\"message\"".getBytes();
  private static final byte[] SUBSCRIBED = "{\"type\":\"subscribed\"".getBytes();
  private static final byte[] WELCOME = "{\"type\":\"welcome\"".getBytes();
  private static final byte[] ERROR = "{\"type\":\"error\"".getBytes();
  private static final byte[] PRESENCE = "{\"type\":\"presence\"".getBytes();
  private static final byte[] ID = "\"id\":\"".getBytes();
  private static final byte[] COUNT = "\"count\":".getBytes();
  /** Messages of one side awaiting the other side's copy, at most. */
  private static final int MAX_UNPAIRED = 10_000;
  private static final byte[] TS = "\"ts\":".getBytes();
  private static final int MAX_IN_FLIGHT = 256;
  /** The stats key of the ping runs. */
  private static final int PINGS = -2;
  /** The stats key of the presence runs. */
  private static final int PRESENCES = -3;

  private final Vertx vertx = Vertx.vertx();
  private final boolean raw;
  private final List<String[]> targets = new ArrayList<>();
  private final int connections;
  private final String channel;
  private final boolean ownChannels;
  private final boolean rpc;
  private final boolean ping;
  /** The channel whose presence the connections ask for, or null. */
  private final String presenceChannel;
  private final boolean packed;
  private final boolean witness;
  /** Messages of the checked connection or the witness awaiting the other's copy, by seq. */
  private final Map<Long, JsonObject> unpaired = new ConcurrentHashMap<>();
  private volatile long expectedMembers;
  private final int connectRate;
  private final List<WebSocketClient> clients = new ArrayList<>();
  /** The loopback source addresses connections are spread over. */
  private final List<String> sourceAddresses = new ArrayList<>();
  /** The presence scenario's connections, or null in the others. */
  private final RawSockets rawSockets;
  private final List<Context> loops = new ArrayList<>();
  private final Set<Conn> open = ConcurrentHashMap.newKeySet();
  private final Map<Integer, StepStats> steps = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private volatile boolean quitting;
  private volatile long rpcDeadlineNanos;

  /**
   * One connection; its fields are touched only by the thread its socket lives on (its event
   * loop, or the {@link RawSockets} thread of a presence connection), except {@code raw}, which
   * the pacing thread reads once the connection is ready.
   */
  private final class Conn {
    final String channel;
    final Context context;
    final boolean packed;
    /** The uncounted JSON connection the checked one is compared with. */
    final boolean witness;
    /** The MessagePack connection whose every message is compared with the witness's copy. */
    final boolean checked;
    WebSocket ws;
    /** The connection of the presence scenario, read by {@link RawSockets}. */
    RawSockets.Socket raw;
    long lastSeq = -1;
    int nextId;
    Conn(String channel, Context context, boolean packed, boolean witness, boolean checked) {
      this.channel = channel;
      this.context = context;
      this.packed = packed;
      this.witness = witness;
      this.checked = checked;
    }
  }

  private Generator(Options options) {
    raw = options.string("kind", "tickwire").equals("raw");
    for (String target : options.string("targets", "127.0.0.1:8080").split(",")) {
      String[] hostPort = target.trim().split(":");
      if (!hostPort[0].startsWith("127.")) {
        throw new IllegalArgumentException("only loopback targets are allowed, not " + target);
      }
      targets.add(hostPort);
    }
    connections = options.integer("connections", 100);
    channel = options.string("channel", "bench.fan");
    ownChannels = options.flag("own-channels");
    rpc = options.flag("rpc");
    ping = options.flag("ping");
    presenceChannel = options.string("presence-channel", null);
    String format = options.string("format", "json");
    if (!format.equals("json") && !format.equals("msgpack")) {
      throw new IllegalArgumentException("--format must be json or msgpack, not " + format);
    }
    packed = format.equals("msgpack");
    if (packed && presenceChannel != null) {
      throw new IllegalArgumentException("the presence scenario reads JSON answers only");
    }
    witness = packed && options.flag("witness") && options.integer("first-index", 0) == 0;
    connectRate = Math.max(1, options.integer("connect-rate", 2000));
    int sources = Math.max(1, Math.min(options.integer("sources", 1), 250));
    int offset = options.integer("source-offset", 0);
    // Created off any event loop, each context gets the next event loop: connections opened from
    // them are spread over every loop instead of sharing the one that opened them.
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      loops.add(vertx.getOrCreateContext());
    }
    for (int i = 0; i < sources; i++) {
      sourceAddresses.add("127.0.0." + (1 + (offset + i) % 250));
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
          .setLocalAddress(sourceAddresses.get(i))
          .setMaxConnections(connections + 1).setConnectTimeout(20_000)
          .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22)));
    }
    rawSockets = presenceChannel == null ? null
        : new RawSockets(Runtime.getRuntime().availableProcessors());
  }

  static void main(Options options) throws Exception {
    Generator generator = new Generator(options);
    int maxSeconds = options.integer("max-seconds", 900);
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(TimeUnit.SECONDS.toMillis(maxSeconds));
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("generator: --max-seconds reached, exiting");
      Runtime.getRuntime().halt(3);
    }, "generator-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    generator.run(options.integer("first-index", 0));
  }

  private void run(int firstIndex) throws Exception {
    long started = System.nanoTime();
    int connected = connectAll(firstIndex).toCompletionStage().toCompletableFuture()
        .get(connections * 1000L / connectRate + 120, TimeUnit.SECONDS);
    long connectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (witness) {
      // Not counted among the connections: the suite expects each subscriber's share.
      connect(loops.get(0), -1, -1).toCompletionStage().toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
    say("READY", new JsonObject().put("connected", connected)
        .put("failed", connections - connected).put("connectMs", connectMs)
        .put("failures", counts(failures)));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] command = line.trim().split("\\s+");
      switch (command[0]) {
        case "REPORT" -> say("REPORT", report());
        case "RPC" -> say("RPC", rpc(Integer.parseInt(command[1]), Integer.parseInt(command[2])));
        case "PING" -> say("PING", ping(Integer.parseInt(command[1]),
            Long.parseLong(command[2])));
        case "PRESENCE" -> say("PRESENCE", presence(Double.parseDouble(command[1]),
            Double.parseDouble(command[2]), Long.parseLong(command[3])));
        case "QUIT" -> {
          quit();
          return;
        }
        default -> System.err.println("generator: unknown command " + line);
      }
    }
    quit();
  }

  /** Opens every connection at the connect rate; completes with how many are ready. */
  private Future<Integer> connectAll(int firstIndex) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger ready = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    Promise<Integer> done = Promise.promise();
    if (connections == 0) {
      return Future.succeededFuture(0);
    }
    long perTick = Math.max(1, connectRate / 100);
    vertx.setPeriodic(10, timer -> {
      for (int n = 0; n < perTick && next.get() < connections && inFlight.get() < MAX_IN_FLIGHT; n++) {
        int index = next.getAndIncrement();
        inFlight.incrementAndGet();
        Context loop = loops.get(index % loops.size());
        loop.runOnContext(ignored -> (rawSockets != null ? connectRaw(index, firstIndex + index)
            : connect(loop, index, firstIndex + index)).onComplete(result -> {
          inFlight.decrementAndGet();
          if (result.succeeded()) {
            ready.incrementAndGet();
          } else {
            failures.computeIfAbsent(String.valueOf(result.cause().getMessage()),
                k -> new LongAdder()).increment();
          }
          if (settled.incrementAndGet() == connections) {
            done.tryComplete(ready.get());
          }
        }));
      }
      if (next.get() >= connections) {
        vertx.cancelTimer(timer);
      }
    });
    return done.future();
  }

  /** Connection {@code index} of this process; index -1 is the witness. */
  private Future<Void> connect(Context loop, int index, int globalIndex) {
    boolean isWitness = index < 0;
    String[] target = targets.get(Math.max(0, globalIndex) % targets.size());
    WebSocketClient client = clients.get(Math.max(0, index) % clients.size());
    Conn conn = new Conn(ownChannels ? channel + ".c" + globalIndex : channel, loop,
        packed && !isWitness, isWitness, witness && globalIndex == 0);
    String uri;
    if (rpc) {
      uri = "/ws";
    } else if (raw) {
      uri = "/ws?channel=" + conn.channel;
    } else {
      uri = "/ws?channels=" + conn.channel;
    }
    Promise<Void> ready = Promise.promise();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(target[0])
        .setPort(Integer.parseInt(target[1])).setURI(uri);
    if (conn.packed) {
      options.addSubProtocol(MsgPack.SUBPROTOCOL);
    }
    return client.connect(options).compose(ws -> {
      conn.ws = ws;
      if (conn.packed && !MsgPack.SUBPROTOCOL.equals(ws.subProtocol())) {
        ws.close();
        return Future.failedFuture("the server did not accept " + MsgPack.SUBPROTOCOL);
      }
      ws.handler(frame -> receive(conn, frame, ready));
      ws.closeHandler(ignored -> {
        open.remove(conn);
        if (!quitting) {
          closes.computeIfAbsent(String.valueOf(ws.closeStatusCode()), k -> new LongAdder())
              .increment();
        }
        ready.tryFail("closed before ready: " + ws.closeStatusCode() + " " + ws.closeReason());
      });
      if (raw) {
        ready.tryComplete();
      }
      return ready.future();
    }).onSuccess(ignored -> {
      if (!isWitness) {
        open.add(conn);
      }
    });
  }

  /**
   * Connection {@code index} of the presence scenario: read by {@link RawSockets}, which keeps of
   * each answer only its first and last bytes and its length; ready when the node's
   * {@code welcome} has arrived.
   */
  private Future<Void> connectRaw(int index, int globalIndex) {
    String[] target = targets.get(globalIndex % targets.size());
    Conn conn = new Conn(channel, null, false, false, false);
    Promise<Void> ready = Promise.promise();
    rawSockets.connect(
        new InetSocketAddress(sourceAddresses.get(index % sourceAddresses.size()), 0),
        new InetSocketAddress(target[0], Integer.parseInt(target[1])), "/ws",
        new RawSockets.Listener() {
          @Override
          public void message(RawSockets.Socket socket, byte[] head, byte[] tail, long length,
              long nanos) {
            // Set before the connection can be ready, so the pacing thread always finds it.
            conn.raw = socket;
            if (FrameScan.startsWith(head, PRESENCE)) {
              presenceAnswer(head, tail, length, nanos);
            } else if (FrameScan.startsWith(head, WELCOME)) {
              ready.tryComplete();
            } else if (FrameScan.startsWith(head, ERROR)) {
              if (ready.future().isComplete()) {
                steps.computeIfAbsent(PRESENCES, s -> new StepStats()).errors.increment();
              }
              ready.tryFail(new String(head, StandardCharsets.UTF_8));
            }
          }

          @Override
          public void closed(RawSockets.Socket socket, int code) {
            open.remove(conn);
            // A connection that never got ready is counted among the failures, not the closes.
            if (!quitting && ready.future().succeeded()) {
              closes.computeIfAbsent(String.valueOf(code), k -> new LongAdder()).increment();
            }
            ready.tryFail("closed before ready: " + code);
          }
        }).whenComplete((socket, failure) -> {
          if (failure != null) {
            ready.tryFail(failure);
          }
        });
    return ready.future().onSuccess(ignored -> open.add(conn));
  }

  private void receive(Conn conn, Buffer data, Promise<Void> ready) {
    if (conn.packed) {
      receivePacked(conn, data, ready);
      return;
    }
    byte[] frame = data.getBytes();
    if (FrameScan.startsWith(frame, MESSAGE)) {
      if (conn.witness) {
        JsonObject copy = new JsonObject(data);
        pair(copy.getLong("seq"), copy, copy.getJsonObject("data").getInteger("s"));
      } else {
        message(conn, frame);
      }
      return;
    }
    int ts = ping ? FrameScan.after(frame, TS, 0) : -1;
    if (ts >= 0) {
      // tickwire's pong, or the raw server's echo of the ping: both carry the ping's ts.
      StepStats stats = steps.computeIfAbsent(PINGS, s -> new StepStats());
      stats.received.increment();
      stats.record((System.nanoTime() - FrameScan.number(frame, ts)) / 1000);
      return;
    }
    int sent = FrameScan.after(frame, FrameScan.SENT, 0);
    if (sent >= 0) {
      answer(conn, FrameScan.number(frame, sent));
    } else if (FrameScan.startsWith(frame, SUBSCRIBED)
        || rpc && FrameScan.startsWith(frame, WELCOME)) {
      ready.tryComplete();
    } else if (FrameScan.startsWith(frame, ERROR)) {
      ready.tryFail(data.toString());
    }
  }

  /**
   * A MessagePack frame, read with msgpack-core field by field: a message is counted as its JSON
   * twin is, from the same fields, the rest of it skipped. The checked connection decodes each
   * message whole to compare it with the witness's copy.
   */
  private void receivePacked(Conn conn, Buffer data, Promise<Void> ready) {
    long now = System.nanoTime();
    byte[] bytes = data.getBytes();
    String type = null;
    long seq = -1;
    long intended = -1;
    int step = -1;
    try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
      int fields = in.unpackMapHeader();
      for (int i = 0; i < fields && (type == null || type.equals("message")); i++) {
        switch (in.unpackString()) {
          case "type" -> type = in.unpackString();
          case "seq" -> seq = in.unpackLong();
          case "data" -> {
            int entries = in.unpackMapHeader();
            for (int j = 0; j < entries; j++) {
              switch (in.unpackString()) {
                case "t" -> intended = in.unpackLong();
                case "s" -> step = in.unpackInt();
                default -> in.skipValue();
              }
            }
          }
          default -> in.skipValue();
        }
      }
      if ("message".equals(type)) {
        count(conn, step, seq, intended, now, bytes.length);
        if (conn.checked) {
          try (MessageUnpacker whole = MessagePack.newDefaultUnpacker(bytes)) {
            pair(seq, new JsonObject(whole.unpackValue().toJson()), step);
          }
        }
      } else if ("subscribed".equals(type)) {
        ready.tryComplete();
      } else if ("error".equals(type)) {
        try (MessageUnpacker whole = MessagePack.newDefaultUnpacker(bytes)) {
          ready.tryFail(whole.unpackValue().toJson());
        }
      }
    } catch (IOException | RuntimeException e) {
      ready.tryFail("undecodable MessagePack frame: " + e.getMessage());
      steps.computeIfAbsent(Math.max(step, 0), s -> new StepStats()).errors.increment();
    }
  }

  /**
   * The JSON copy of message {@code seq} from the witness, or the checked connection's decoded
   * MessagePack one: whichever comes second is compared with the first.
   */
  private void pair(long seq, JsonObject copy, int step) {
    JsonObject[] first = new JsonObject[1];
    unpaired.compute(seq, (key, waiting) -> {
      if (waiting == null) {
        return unpaired.size() < MAX_UNPAIRED ? copy : null;
      }
      first[0] = waiting;
      return null;
    });
    if (first[0] != null) {
      StepStats stats = steps.computeIfAbsent(step, s -> new StepStats());
      stats.compared.increment();
      if (!first[0].equals(copy)) {
        stats.mismatched.increment();
        System.err.println("generator: seq " + seq + " differs: " + first[0].encode() + " / "
            + copy.encode());
      }
    }
  }

  private void message(Conn conn, byte[] frame) {
    long now = System.nanoTime();
    // Both servers write seq before the data, and the publisher writes t before s.
    int at = FrameScan.after(frame, FrameScan.SEQ, MESSAGE.length);
    long seq = FrameScan.number(frame, at);
    at = FrameScan.after(frame, FrameScan.SENT, at);
    // The publisher stamps the time the message was due, not the time it left: a message sent
    // or answered late counts its whole delay (coordinated omission corrected).
    long intended = FrameScan.number(frame, at);
    long step = FrameScan.number(frame, FrameScan.after(frame, FrameScan.STEP, at));
    count(conn, (int) step, seq, intended, now, frame.length);
  }

  /** A message of {@code step} received at {@code now}: its latency, size, and seq order. */
  private void count(Conn conn, int step, long seq, long intended, long now, int bytes) {
    StepStats stats = steps.computeIfAbsent(step, s -> new StepStats());
    stats.received.increment();
    stats.bytes.add(bytes);
    if (intended > 0) {
      stats.record((now - intended) / 1000);
    }
    if (conn.lastSeq >= 0) {
      if (seq > conn.lastSeq + 1) {
        stats.gaps.add(seq - conn.lastSeq - 1);
      } else if (seq <= conn.lastSeq) {
        stats.reordered.increment();
      }
    }
    conn.lastSeq = Math.max(conn.lastSeq, seq);
  }

  /** An answer to a request of the rpc scenario: record it and send the next one. */
  private void answer(Conn conn, long sent) {
    StepStats stats = steps.computeIfAbsent(-1, s -> new StepStats());
    stats.received.increment();
    stats.record((System.nanoTime() - sent) / 1000);
    if (System.nanoTime() < rpcDeadlineNanos) {
      request(conn);
    }
  }

  private void request(Conn conn) {
    conn.ws.writeTextMessage("{\"type\":\"request\",\"id\":\"" + (conn.nextId++)
        + "\",\"method\":\"system.echo\",\"data\":{\"t\":" + System.nanoTime() + "}}");
  }

  private JsonObject rpc(int seconds, int window) throws InterruptedException {
    steps.remove(-1);
    long start = System.nanoTime();
    rpcDeadlineNanos = start + TimeUnit.SECONDS.toNanos(seconds);
    List<Conn> all = new ArrayList<>(open);
    for (Conn conn : all) {
      // A connection's requests are sent from its own event loop, like its answers.
      conn.context.runOnContext(ignored -> {
        for (int i = 0; i < window; i++) {
          request(conn);
        }
      });
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    double elapsed = (System.nanoTime() - start) / 1e9;
    JsonObject stats = steps.computeIfAbsent(-1, s -> new StepStats()).toJson();
    // Let the requests still in flight come back before the next command.
    Thread.sleep(1000);
    return stats.put("seconds", elapsed).put("connections", all.size()).put("window", window);
  }

  /**
   * Sends {@code count} app-level pings on the first connection, open loop: ping {@code n} is
   * due at {@code start + n × interval} and carries that intended time as its {@code ts}, which
   * the answer echoes (tickwire's {@code pong}, the raw server's echo of the frame). A pacing
   * thread wakes the connection's event loop at each due time and never waits for an answer;
   * the round trip is timed from the intended time, so a ping sent late counts its delay.
   */
  private JsonObject ping(int count, long intervalMicros) throws InterruptedException {
    steps.remove(PINGS);
    Conn conn = open.stream().findFirst().orElse(null);
    if (conn == null) {
      return new JsonObject().put("sent", 0).put("received", 0)
          .put("latency", steps.computeIfAbsent(PINGS, s -> new StepStats()).toJson()
              .getString("latency"));
    }
    long interval = TimeUnit.MICROSECONDS.toNanos(Math.max(1, intervalMicros));
    long start = System.nanoTime();
    for (int n = 0; n < count; n++) {
      long intended = start + n * interval;
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      String frame = "{\"type\":\"ping\",\"id\":\"" + n + "\",\"ts\":" + intended + "}";
      conn.context.runOnContext(ignored -> conn.ws.writeTextMessage(frame));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // Time for the last answers: a second, or ten intervals if that is longer.
    long deadline = System.nanoTime() + Math.max(TimeUnit.SECONDS.toNanos(1), interval * 10);
    StepStats stats = steps.computeIfAbsent(PINGS, s -> new StepStats());
    while (stats.received.sum() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    JsonObject seen = stats.toJson();
    return new JsonObject().put("sent", count).put("received", seen.getLong("received"))
        .put("seconds", seconds).put("latency", seen.getString("latency"));
  }

  /**
   * Sends {@code presence} requests for the presence channel at {@code rate} a second for
   * {@code seconds}, round robin over the connections, open loop: request {@code n} is due at
   * {@code start + n / rate} and its {@code id} is that intended time, which the answer echoes.
   * A pacing thread queues each due request in its connection's outbox, which the socket's
   * selector thread writes, and never waits for an answer; an answer whose {@code count} is not
   * {@code members} counts as wrong, and {@code closed} is how many of the connections the step
   * started with were closed by its end (the node closes one that does not read its answers fast
   * enough with 4009).
   */
  private JsonObject presence(double rate, double seconds, long members)
      throws InterruptedException {
    steps.remove(PRESENCES);
    StepStats stats = steps.computeIfAbsent(PRESENCES, s -> new StepStats());
    expectedMembers = members;
    List<Conn> all = new ArrayList<>(open);
    long total = all.isEmpty() ? 0 : Math.round(rate * seconds);
    double interval = 1e9 / rate;
    long start = System.nanoTime();
    long n = 0;
    while (n < total) {
      long now = System.nanoTime();
      long due = start + (long) (n * interval);
      if (due > now) {
        LockSupport.parkNanos(due - now);
        continue;
      }
      // Every request due by now goes out, each stamped with its own intended time.
      for (; n < total && (due = start + (long) (n * interval)) <= now; n++) {
        all.get((int) (n % all.size())).raw.send("{\"type\":\"presence\",\"id\":\"" + due
            + "\",\"channel\":\"" + presenceChannel + "\"}");
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (stats.received.sum() + stats.errors.sum() < total && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    long closed = all.stream().filter(conn -> !open.contains(conn)).count();
    return stats.toJson().put("sent", total).put("seconds", elapsed)
        .put("connections", all.size()).put("closed", closed);
  }

  /**
   * A presence answer of {@code length} bytes received at {@code now}, of which {@code head} are
   * the first bytes and {@code tail} the last.
   */
  private void presenceAnswer(byte[] head, byte[] tail, long length, long now) {
    StepStats stats = steps.computeIfAbsent(PRESENCES, s -> new StepStats());
    stats.received.increment();
    stats.bytes.add(length);
    long intended = FrameScan.number(head, FrameScan.after(head, ID, PRESENCE.length));
    if (intended > 0) {
      stats.record((now - intended) / 1000);
    }
    // The answer ends with users and count; the clients before them hold no "count".
    if (FrameScan.number(tail, FrameScan.last(tail, COUNT)) != expectedMembers) {
      stats.wrong.increment();
    }
  }

  private JsonObject report() {
    JsonObject byStep = new JsonObject();
    steps.forEach((step, stats) -> byStep.put(String.valueOf(step), stats.toJson()));
    return new JsonObject().put("connections", open.size()).put("steps", byStep)
        .put("closes", counts(closes));
  }

  private void quit() {
    quitting = true;
    if (rawSockets != null) {
      rawSockets.close();
    }
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("generator: close did not finish: " + e.getMessage());
    }
    System.exit(0);
  }

  private static JsonObject counts(Map<String, LongAdder> counts) {
    JsonObject json = new JsonObject();
    counts.forEach((key, value) -> json.put(key, value.sum()));
    return json;
  }

  private static synchronized void say(String tag, JsonObject body) {
    System.out.println(tag + " " + body.encode());
    System.out.flush();
  }

}
