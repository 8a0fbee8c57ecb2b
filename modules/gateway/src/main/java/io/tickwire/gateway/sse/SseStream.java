package io.tickwire.gateway.sse;

import io.tickwire.gateway.GatewayContext;
import io.tickwire.gateway.auth.Principal;
import io.tickwire.gateway.fanout.ChannelSink;
import io.tickwire.gateway.fanout.DeliveryTally;
import io.tickwire.gateway.fanout.Subscription;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ClientFrame.Position;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Server-Sent Events response: its channels and their outbound queues. Each channel message is
 * written as an event whose data is the message's {@code message} frame, as encoded once by the
 * channel log, and whose id holds the stream's position in every channel
 * ({@link SsePositions}). Confined to the event loop of the gateway instance that accepted it.
 *
 * <p>Outbound policy as on the WebSocket: written at once while the response's write queue has
 * room; otherwise latest-mode messages wait conflated and stream messages wait in order, up to
 * {@code outboundQueueMessages}, one more ends the response (the client resumes with
 * {@code Last-Event-ID}).
 */
final class SseStream implements ChannelSink {

  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);

  final String id;
  final HttpServerResponse response;
  final Principal principal;
  /** When the stream opened, ms since the epoch (for the admin console). */
  final long connectedAt = System.currentTimeMillis();
  final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final GatewayContext context;
  /** What the client has been written, per channel: the id of the next event. */
  private final Map<String, Position> written = new LinkedHashMap<>();
  private final ArrayDeque<ChannelMessage> streamQueue = new ArrayDeque<>();
  private final LinkedHashMap<String, ChannelMessage> latestQueue = new LinkedHashMap<>();
  long expiryTimer = -1;
  private boolean closed;

  SseStream(String id, HttpServerResponse response, Principal principal, GatewayContext context) {
    this.id = id;
    this.response = response;
    this.principal = principal;
    this.context = context;
    response.setWriteQueueMaxSize(context.config().writeQueueBytes());
    response.drainHandler(ignored -> flush());
  }

  boolean closed() {
    return closed;
  }

  String user() {
    return principal.user();
  }

  /** Records where the client stands in {@code channel} before anything of it is written. */
  void position(String channel, Position position) {
    written.put(channel, position);
  }

  /** Writes a named event (welcome, error, subscribed) with {@code data}, one JSON line. */
  void event(String name, String data, boolean withId) {
    if (closed) {
      return;
    }
    StringBuilder text = new StringBuilder();
    if (withId && !written.isEmpty()) {
      text.append("id: ").append(SsePositions.encode(written)).append('\n');
    }
    text.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
    response.write(text.toString());
  }

  /** Writes raw text: the {@code retry} field, heartbeat comments. */
  void raw(String text) {
    if (!closed && !response.writeQueueFull()) {
      response.write(text);
    }
  }

  /**
   * Writes a recovered message: it precedes live ones and is bounded by the history window.
   * Answers whether it was written, for the caller to count as delivered.
   */
  boolean sendRecovered(ChannelMessage message) {
    if (closed) {
      return false;
    }
    write(message);
    return true;
  }

  @Override
  public boolean deliver(Subscription subscription, ChannelMessage message) {
    if (closed) {
      return false;
    }
    if (subscription.recovering()) {
      if (subscription.hold(message) > context.config().outboundQueueMessages()) {
        overflow(subscription.policy().name());
      }
      return false;
    }
    if (!subscription.advance(message)) {
      return false;
    }
    if (streamQueue.isEmpty() && latestQueue.isEmpty() && !response.writeQueueFull()) {
      write(message);
      return true;
    }
    if (subscription.policy().latest()) {
      if (latestQueue.put(message.channel(), message) != null) {
        context.metrics().conflated(subscription.policy().name()).increment();
      }
    } else if (streamQueue.size() >= context.config().outboundQueueMessages()) {
      overflow(subscription.policy().name());
    } else {
      streamQueue.addLast(message);
    }
    return false;
  }

  /** Ends the response; the endpoint cleans up in the response's close or end handler. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    streamQueue.clear();
    latestQueue.clear();
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  private void write(ChannelMessage message) {
    written.put(message.channel(), new Position(message.seq(), message.epoch()));
    byte[] id = SsePositions.encode(written).getBytes(StandardCharsets.UTF_8);
    byte[] frame = message.frame();
    // The frame's bytes as the channel log encoded them: copied behind the event's id, never
    // re-encoded.
    Buffer event = Buffer.buffer(4 + id.length + DATA.length + frame.length + END.length)
        .appendString("id: ").appendBytes(id).appendBytes(DATA).appendBytes(frame)
        .appendBytes(END);
    response.write(event);
  }

  /** Writes what waits while the response has room; counts it as delivered. */
  private void flush() {
    DeliveryTally tally = new DeliveryTally(context.metrics());
    while (!closed && !response.writeQueueFull()) {
      ChannelMessage next = streamQueue.pollFirst();
      if (next == null) {
        Iterator<ChannelMessage> latest = latestQueue.values().iterator();
        if (!latest.hasNext()) {
          break;
        }
        next = latest.next();
        latest.remove();
      }
      write(next);
      Subscription subscription = subscriptions.get(next.channel());
      if (subscription != null) {
        tally.add(subscription.policy().name());
      }
    }
    tally.record();
  }

  private void overflow(String namespace) {
    context.metrics().dropped(namespace).increment(streamQueue.size());
    close();
  }
}
