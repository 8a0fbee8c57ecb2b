package io.tickwire.gateway.endpoint;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.config.GatewayConfig;
import io.tickwire.gateway.fanout.ChannelSink;
import io.tickwire.gateway.fanout.DeliveryTally;
import io.tickwire.gateway.fanout.Subscription;
import io.tickwire.gateway.middleware.TokenBucket;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.CloseCode;
import io.tickwire.protocol.FrameType;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.protocol.SplicedFrame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One WebSocket connection: who it is, its subscriptions, its outbound queues and heartbeat
 * state. Confined to the event loop of the gateway instance that accepted it; no locks.
 *
 * <p>Outbound policy: every frame (a channel message, an answer, an error, a pong) is written at
 * once while the socket's write queue has room and nothing waits before it. Otherwise
 * latest-mode messages wait conflated (one per channel, the newest), and stream messages and
 * answers wait together in order, up to {@code outboundQueueMessages} frames of which at most
 * {@code outboundQueueBytes} of answers; one more closes the connection with 4009 (a stream
 * client recovers on reconnect). So a client that stops reading holds a bounded amount of the
 * node's memory, whatever it keeps asking for.
 *
 * <p>Format: JSON text frames, or, when the connection negotiated {@code tickwire.v1.msgpack},
 * the same frames as binary MessagePack messages ({@link PackedFrames}): a channel message's
 * packed form is shared like its JSON bytes, and so are those of the frames encoded once for many
 * connections ({@code join}, {@code leave}: {@link #sendEncoded}; a channel's presence:
 * {@link #sendSpliced}); the connection's own frames are packed as sent.
 */
public final class Session implements ChannelSink {

  /** Pings a connection may send while its write queue stays full; one more closes it. */
  public static final int MAX_PINGS_WHILE_FULL = 8;
  /** How many times the frame bucket's rate and burst the bucket of control frames has. */
  public static final int CONTROL_FRAMES_FACTOR = 10;

  final String id;
  final ServerWebSocket ws;
  /** When the connection was accepted, ms since the epoch (for the admin console). */
  final long connectedAt = System.currentTimeMillis();
  private final GatewayContext context;
  private final GapFiller gaps;
  // The outbound queues and the rate-limit bucket exist only while they are needed: most
  // connections are idle most of the time, and each of them would otherwise hold all three.
  /**
   * What waits in order: stream {@link ChannelMessage}s and answers (their UTF-8 bytes, or their
   * MessagePack bytes on a MessagePack connection, or a {@link SplicedFrame} in either).
   */
  private ArrayDeque<Object> streamQueue;
  private long waitingAnswerBytes;
  /** What waits conflated, the newest message per latest-mode channel. */
  private LinkedHashMap<String, ChannelMessage> latestQueue;
  final Map<String, Subscription> subscriptions = new HashMap<>();
  private TokenBucket bucket;
  /** For the frames that hold no whole message (see {@link #controlFrame}). */
  private TokenBucket controlBucket;
  /** Per namespace, made at the connection's first publication to it: bounded by the config. */
  private Map<String, TokenBucket> publishBuckets;
  Principal principal;
  long expiryTimer = -1;
  private int violations;
  private long violationWindowStart;
  boolean awaitingPong;
  int missedPongs;
  long pingSentNanos;
  QualityRater.Quality quality = QualityRater.Quality.UNKNOWN;
  private boolean closing;
  /** WebSocket pings that arrived while the write queue was full, since it last had room. */
  private int pingsWhileFull;
  /** Where channel messages are written as frames encoded once per event loop, or null. */
  private CoalescingFlush encoded;
  /** Whether messages of {@link CompressionThreshold#MIN_BYTES} or more may be compressed. */
  private boolean deflate;
  private short closeCode;
  /** Packs this connection's frames as MessagePack; null for a JSON connection. */
  private final PackedFrames packer;

  /** Fetches what a subscription missed and replays it before the messages it holds. */
  @FunctionalInterface
  public interface GapFiller {
    void fill(Session session, Subscription subscription);
  }

  /**
   * Takes over {@code ws} (its write-queue size and drain handler) for a connection signed in
   * as {@code principal}; {@code gaps} fills what a stream subscription missed.
   */
  public Session(String id, ServerWebSocket ws, Principal principal, GatewayContext context,
      GapFiller gaps) {
    this(id, ws, principal, context, gaps, null);
  }

  /** The same, for a connection whose frames {@code packer} packs (null: JSON text). */
  Session(String id, ServerWebSocket ws, Principal principal, GatewayContext context,
      GapFiller gaps, PackedFrames packer) {
    this.id = id;
    this.packer = packer;
    this.gaps = gaps;
    this.ws = ws;
    this.principal = principal;
    this.context = context;
    ws.setWriteQueueMaxSize(context.config().writeQueueBytes());
    ws.drainHandler(ignored -> flush());
  }

  public String id() {
    return id;
  }

  /** The signed-in user, or {@code null} when anonymous. */
  public String user() {
    return principal.user();
  }

  /** Whether the connection's frames are MessagePack rather than JSON text. */
  public boolean msgpack() {
    return packer != null;
  }

  /** Who the connection is, as of its last token. */
  public Principal principal() {
    return principal;
  }

  /** How many channels the connection is subscribed to (or is recovering). */
  public int subscriptionCount() {
    return subscriptions.size();
  }

  /** Whether the connection is subscribed to {@code channel} (or is recovering it). */
  public boolean subscribedTo(String channel) {
    return subscriptions.containsKey(channel);
  }

  /**
   * Starts {@code subscription}'s place in this connection, before it joins the fan-out; the
   * connection holds at most one subscription per channel.
   */
  public void subscribe(Subscription subscription) {
    subscriptions.put(subscription.channel(), subscription);
  }

  /**
   * The connection's frame-rate bucket, made at its first frame: a bucket starts full and a
   * full one stays full, so one made then answers as one made at the handshake would.
   */
  public TokenBucket bucket(long nowNanos) {
    if (bucket == null) {
      bucket = new TokenBucket(context.config().rateLimit().framesPerSec(),
          context.config().rateLimit().burst(), nowNanos);
    }
    return bucket;
  }

  /**
   * The connection's {@code publish} bucket for {@code policy}'s namespace: {@code publishRate}
   * per second, a burst of the rate rounded up; made at the first publication, full.
   */
  public TokenBucket publishBucket(NamespacePolicy policy, long nowNanos) {
    if (publishBuckets == null) {
      publishBuckets = new HashMap<>(4);
    }
    return publishBuckets.computeIfAbsent(policy.name(), name -> new TokenBucket(
        policy.publishRate(), (int) Math.max(1, Math.ceil(policy.publishRate())), nowNanos));
  }

  /**
   * Counts a frame over the rate limit at {@code nowNanos}, in windows of
   * {@code rateLimit.violationWindowMs} that start at the first one after the last window ended,
   * and closes the connection with 4008 when the window holds more than
   * {@code rateLimit.maxViolations}. Answers whether it closed the connection.
   */
  public boolean overRateLimit(long nowNanos) {
    GatewayConfig.RateLimit limit = context.config().rateLimit();
    context.metrics().rateLimited().increment();
    if (nowNanos - violationWindowStart > limit.violationWindowMs() * 1_000_000) {
      violationWindowStart = nowNanos;
      violations = 0;
    }
    if (++violations <= limit.maxViolations()) {
      return false;
    }
    close(CloseCode.POLICY_VIOLATION, "rate limit exceeded persistently");
    return true;
  }

  /**
   * A WebSocket frame that holds no whole message arrived: a ping, a pong, or a fragment of a
   * message. Takes a token of the connection's second bucket, {@value #CONTROL_FRAMES_FACTOR}
   * times its frame bucket in rate and burst, made at the first such frame; one that finds it
   * empty is over the rate limit ({@link #overRateLimit}). A ping's pong is already queued and a
   * fragment carries no id, so nothing is answered: the frame only counts towards 4008. Answers
   * whether the connection is still open.
   */
  public boolean controlFrame(long nowNanos) {
    if (closing) {
      return false;
    }
    if (controlBucket == null) {
      GatewayConfig.RateLimit limit = context.config().rateLimit();
      controlBucket = new TokenBucket(limit.framesPerSec() * CONTROL_FRAMES_FACTOR,
          limit.burst() * CONTROL_FRAMES_FACTOR, nowNanos);
    }
    return controlBucket.tryTake(nowNanos) || !overRateLimit(nowNanos);
  }

  public boolean closing() {
    return closing;
  }

  /** The code this server closed with, or the client's, or 1006 when the socket just dropped. */
  public int closeCode() {
    if (closeCode != 0) {
      return closeCode;
    }
    Short status = ws.closeStatusCode();
    return status == null ? 1006 : status;
  }

  /**
   * Sends a frame of this connection's own (welcome, answers, errors, pongs): at once while the
   * socket has room and nothing waits, else behind what waits, counted against the bounds.
   */
  public void send(String type, String text) {
    if (closing) {
      return;
    }
    context.metrics().frameOut(type).increment();
    if (nothingWaits() && hasRoom()) {
      if (packer == null) {
        ws.writeTextMessage(text);
      } else {
        ws.writeFrame(VertxInternals.binaryFrame(PackedFrames.own(text)));
      }
      return;
    }
    byte[] frame = packer == null ? text.getBytes(StandardCharsets.UTF_8) : PackedFrames.own(text);
    queue(frame, frame.length);
  }

  /**
   * Sends a frame already in this connection's format ({@link #msgpack()}: MessagePack, else
   * UTF-8 JSON text) as {@link #send(String, String)} does: bytes encoded once for many
   * connections, wrapped, never copied; one WebSocket frame, or fragments of at most
   * {@code gateway.maxFrameBytes} like any text message when larger.
   */
  public void sendEncoded(String type, byte[] frame) {
    if (closing) {
      return;
    }
    context.metrics().frameOut(type).increment();
    if (nothingWaits() && hasRoom()) {
      VertxInternals.writeMessage(ws, frame, packer != null, context.config().maxFrameBytes());
      return;
    }
    queue(frame, frame.length);
  }

  /**
   * Sends a frame in this connection's format made of a head for this connection and a tail
   * shared off-heap (a presence answer spliced onto the channel's presence encoded once) as
   * {@link #sendEncoded} does. Through the encoded-frame stage the tail goes to the socket where
   * it lies, never copied; on a connection without that stage, or one that may compress, it is
   * joined to its head once and written like any frame.
   */
  public void sendSpliced(String type, SplicedFrame frame) {
    if (closing) {
      return;
    }
    context.metrics().frameOut(type).increment();
    if (nothingWaits() && hasRoom()) {
      writeSpliced(frame);
      return;
    }
    queue(frame, frame.length());
  }

  private void writeSpliced(SplicedFrame frame) {
    int maxFrameBytes = context.config().maxFrameBytes();
    if (encoded == null || deflate
        || !WireFrame.writeSpliced(encoded, frame, packer != null, maxFrameBytes)) {
      VertxInternals.writeMessage(ws, frame.toBytes(), packer != null, maxFrameBytes);
    }
  }

  /**
   * Queues one of the connection's own frames ({@code byte[]} or {@link SplicedFrame}, of
   * {@code length} bytes) behind what waits, within the bounds.
   */
  private void queue(Object frame, int length) {
    if (closing) {
      return;
    }
    if (streamQueue().size() >= context.config().outboundQueueMessages()
        || waitingAnswerBytes + length > context.config().outboundQueueBytes()) {
      slowConsumer();
      return;
    }
    streamQueue.addLast(frame);
    waitingAnswerBytes += length;
  }

  public void sendError(ProtocolException error) {
    send(FrameType.ERROR, error.toFrame());
  }

  /**
   * Sends a message from history: it goes before live messages of its channel, behind whatever
   * already waits (bounded by the history window, so never a slow-consumer close). Answers
   * whether it was written at once, for the caller to count as delivered.
   */
  boolean sendRecovered(Subscription subscription, ChannelMessage message) {
    if (closing) {
      return false;
    }
    if (nothingWaits() && hasRoom()) {
      writeFrame(message);
      return true;
    }
    if (closing) {
      // The client is leaving (see hasRoom): nothing to keep for it.
      return false;
    }
    if (subscription.policy().latest()) {
      latestQueue().put(message.channel(), message);
    } else {
      streamQueue().addLast(message);
    }
    return false;
  }

  @Override
  public boolean deliver(Subscription subscription, ChannelMessage message) {
    if (closing) {
      return false;
    }
    if (subscription.recovering()) {
      if (subscription.hold(message) > context.config().outboundQueueMessages()) {
        slowConsumer();
      }
      return false;
    }
    if (subscription.missing(message)) {
      // A stream message never arrived (its channel's owner died handing it on): fetch the
      // missing ones from history, holding this one and what follows until they are sent.
      subscription.holdFrom(message);
      gaps.fill(this, subscription);
      return false;
    }
    if (!subscription.advance(message)) {
      return false;
    }
    if (nothingWaits() && hasRoom()) {
      writeFrame(message);
      return true;
    }
    if (closing) {
      // The client is leaving (see hasRoom): nothing to keep for it.
      return false;
    }
    if (subscription.policy().latest()) {
      if (latestQueue().put(message.channel(), message) != null) {
        context.metrics().conflated(subscription.policy().name()).increment();
      }
    } else if (streamQueue().size() >= context.config().outboundQueueMessages()) {
      slowConsumer();
    } else {
      streamQueue.addLast(message);
    }
    return false;
  }

  /** Drops what waits for a channel the client left. */
  void forget(String channel) {
    if (latestQueue != null) {
      latestQueue.remove(channel);
    }
    if (streamQueue != null) {
      streamQueue.removeIf(waiting -> waiting instanceof ChannelMessage message
          && message.channel().equals(channel));
    }
  }

  /** Closes with {@code code}; cleanup happens in the socket's close handler. */
  public Future<Void> close(short code, String reason) {
    if (closing) {
      return Future.succeededFuture();
    }
    closing = true;
    closeCode = code;
    return ws.close(code, reason);
  }

  /**
   * Writes what waits while the socket has room; counts it as delivered, once per namespace.
   * Queues it empties are let go.
   */
  private void flush() {
    // Called when the socket has room again.
    pingsWhileFull = 0;
    if (nothingWaits()) {
      return;
    }
    DeliveryTally tally = new DeliveryTally(context.metrics());
    // Fields read at each turn: a write can make the socket writable again, and its drain run
    // this method inside itself.
    while (!closing && hasRoom()) {
      Object waiting = streamQueue == null ? null : streamQueue.pollFirst();
      if (waiting instanceof byte[] answer) {
        waitingAnswerBytes -= answer.length;
        VertxInternals.writeMessage(ws, answer, packer != null,
            context.config().maxFrameBytes());
        continue;
      }
      if (waiting instanceof SplicedFrame answer) {
        waitingAnswerBytes -= answer.length();
        writeSpliced(answer);
        continue;
      }
      ChannelMessage next = (ChannelMessage) waiting;
      if (next == null) {
        if (latestQueue == null) {
          break;
        }
        Iterator<ChannelMessage> latest = latestQueue.values().iterator();
        if (!latest.hasNext()) {
          break;
        }
        next = latest.next();
        latest.remove();
      }
      writeFrame(next);
      tally.add(namespaceOf(next.channel()));
    }
    if (nothingWaits()) {
      streamQueue = null;
      latestQueue = null;
    }
    tally.record();
  }

  private boolean nothingWaits() {
    return (streamQueue == null || streamQueue.isEmpty())
        && (latestQueue == null || latestQueue.isEmpty());
  }

  private ArrayDeque<Object> streamQueue() {
    if (streamQueue == null) {
      streamQueue = new ArrayDeque<>();
    }
    return streamQueue;
  }

  private LinkedHashMap<String, ChannelMessage> latestQueue() {
    if (latestQueue == null) {
      latestQueue = new LinkedHashMap<>();
    }
    return latestQueue;
  }

  /**
   * Whether the socket's write queue has room. Once the client's close frame has arrived, and
   * until the close handler takes the session out of the fan-out, Vert.x answers with an
   * exception; the session is then closing, and the fan-out loop goes on to the other
   * subscribers.
   */
  private boolean hasRoom() {
    try {
      return !ws.writeQueueFull() && (encoded == null || encoded.writable());
    } catch (IllegalStateException closed) {
      closing = true;
      return false;
    }
  }

  /**
   * Channel messages go out as frames encoded once per event loop ({@link WireFrame}) through
   * {@code stage}; on a socket that negotiated compression ({@code deflate}) only those under
   * {@link CompressionThreshold#MIN_BYTES}, which go out uncompressed anyway.
   */
  void writeEncodedThrough(CoalescingFlush stage, boolean deflate) {
    this.encoded = stage;
    this.deflate = deflate;
    stage.onWritable(this::flush);
  }

  private void writeFrame(ChannelMessage message) {
    if (packer != null) {
      writePacked(message);
      return;
    }
    if (encoded != null
        && (!deflate || message.frame().length < CompressionThreshold.MIN_BYTES)) {
      encoded.writeEncoded(WireFrame.of(message));
      return;
    }
    // The frame bytes are shared by every socket: wrapped, never copied or re-encoded.
    ws.writeFrame(VertxInternals.textFrame(message.frame()));
  }

  /** A channel message to a MessagePack connection: its packed form, shared, never copied. */
  private void writePacked(ChannelMessage message) {
    byte[] packed = packer.of(message);
    if (encoded != null && (!deflate || packed.length < CompressionThreshold.MIN_BYTES)) {
      encoded.writeEncoded(WireFrame.ofPacked(message, packed));
      return;
    }
    ws.writeFrame(VertxInternals.binaryFrame(packed));
  }

  /**
   * A WebSocket ping arrived and its pong is queued: closes the connection with 4009 when more
   * than {@value #MAX_PINGS_WHILE_FULL} pings arrived while its write queue stayed full, so pongs
   * to a client that never reads cannot pile up, while a client that keeps its connection alive
   * with pings during a long transfer (a large recovery, presence answers) is not taken for one.
   */
  void pinged() {
    if (closing) {
      return;
    }
    if (hasRoom()) {
      pingsWhileFull = 0;
    } else if (++pingsWhileFull > MAX_PINGS_WHILE_FULL) {
      slowConsumer();
    }
  }

  private void slowConsumer() {
    if (streamQueue != null) {
      for (Object waiting : streamQueue) {
        if (waiting instanceof ChannelMessage message) {
          context.metrics().dropped(namespaceOf(message.channel())).increment();
        }
      }
    }
    streamQueue = null;
    waitingAnswerBytes = 0;
    latestQueue = null;
    close(CloseCode.SLOW_CONSUMER, "slow consumer: outbound queue overflow");
  }

  private String namespaceOf(String channel) {
    // A waiting message still has its subscription: leaving a channel drops what waits (forget).
    Subscription subscription = subscriptions.get(channel);
    if (subscription != null) {
      return subscription.policy().name();
    }
    return ChannelName.namespaceOf(channel);
  }

  /** Pings, or closes when too many pings went unanswered. */
  void heartbeat(int maxMissed) {
    if (closing) {
      return;
    }
    if (awaitingPong && ++missedPongs >= maxMissed) {
      close(CloseCode.HEARTBEAT_TIMEOUT, "heartbeat timeout");
      return;
    }
    awaitingPong = true;
    pingSentNanos = System.nanoTime();
    ws.writePing(Buffer.buffer().appendLong(pingSentNanos));
  }

  /** A pong arrived: the round trip in nanoseconds, or -1 when it answered no ping of ours. */
  long pong(Buffer payload) {
    if (!awaitingPong || payload.length() != 8 || payload.getLong(0) != pingSentNanos) {
      return -1;
    }
    awaitingPong = false;
    missedPongs = 0;
    return System.nanoTime() - pingSentNanos;
  }
}
