package io.tickwire.bench.jmh;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSession;

/**
 * A {@link ServerWebSocket} stand-in for the gateway benchmarks: every write only counts the
 * frames and bytes it was given, so what a benchmark measures is the gateway's own work up to
 * the socket. <b>The kernel write is not in the figures</b> (nor Netty's encoding of the frame,
 * nor permessage-deflate). Its write queue is never full and it never closes by itself;
 * registering handlers stores nothing.
 *
 * <p>Channel frames ({@link #writeFrame}) are counted in plain fields: like a real socket, the
 * stand-in is written by one thread. Text messages (answers, errors) are counted in a volatile
 * field, so another thread can wait for answers written on an event loop
 * ({@link #awaitTextMessages}).
 */
public final class CountingWebSocket implements ServerWebSocket {

  private static final Future<Void> DONE = Future.succeededFuture();

  private long frames;
  private long frameBytes;
  private volatile long textMessages;
  private volatile String lastText;
  private volatile long awaited = Long.MAX_VALUE;
  private volatile Thread waiter;
  private short closeCode;

  /** Channel frames written. */
  public long frames() {
    return frames;
  }

  /** Bytes of the channel frames written. */
  public long frameBytes() {
    return frameBytes;
  }

  /** Text messages written (control frames: welcome, answers, errors). */
  public long textMessages() {
    return textMessages;
  }

  /** The last text message written, or {@code null}. */
  public String lastText() {
    return lastText;
  }

  /**
   * Parks the calling thread until {@code count} text messages were written in all.
   *
   * @return whether they were, within {@code timeoutNanos}
   */
  public boolean awaitTextMessages(long count, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    waiter = Thread.currentThread();
    awaited = count;
    try {
      // The writer reads awaited after counting: either it sees this wait or this sees its count.
      while (textMessages < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        LockSupport.parkNanos(this, left);
      }
      return true;
    } finally {
      awaited = Long.MAX_VALUE;
      waiter = null;
    }
  }

  /** The close code a close asked for, or 0. */
  public short closeCode() {
    return closeCode;
  }

  @Override
  public Future<Void> writeFrame(WebSocketFrame frame) {
    frames++;
    frameBytes += frame.binaryData().length();
    return DONE;
  }

  @Override
  public Future<Void> writeTextMessage(String text) {
    lastText = text;
    // One writer at a time (the thread that owns the session), so the increment is not racy.
    long count = textMessages + 1;
    textMessages = count;
    if (count >= awaited) {
      LockSupport.unpark(waiter);
    }
    return DONE;
  }

  @Override
  public Future<Void> writeFinalTextFrame(String text) {
    return writeTextMessage(text);
  }

  @Override
  public Future<Void> write(Buffer data) {
    frames++;
    frameBytes += data.length();
    return DONE;
  }

  @Override
  public Future<Void> writeFinalBinaryFrame(Buffer data) {
    return write(data);
  }

  @Override
  public Future<Void> writeBinaryMessage(Buffer data) {
    return write(data);
  }

  @Override
  public Future<Void> writePing(Buffer data) {
    return DONE;
  }

  @Override
  public Future<Void> writePong(Buffer data) {
    return DONE;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public Future<Void> close(short statusCode, String reason) {
    closeCode = statusCode;
    return DONE;
  }

  @Override
  public Future<Void> end() {
    return DONE;
  }

  @Override
  public Future<Void> shutdown(long timeout, TimeUnit unit, short statusCode, String reason) {
    closeCode = statusCode;
    return DONE;
  }

  @Override
  public Short closeStatusCode() {
    return closeCode == 0 ? null : closeCode;
  }

  @Override
  public String closeReason() {
    return null;
  }

  @Override
  public boolean isClosed() {
    return closeCode != 0;
  }

  @Override
  public ServerWebSocket exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public ServerWebSocket handler(Handler<Buffer> handler) {
    return this;
  }

  @Override
  public ServerWebSocket pause() {
    return this;
  }

  @Override
  public ServerWebSocket resume() {
    return this;
  }

  @Override
  public ServerWebSocket fetch(long amount) {
    return this;
  }

  @Override
  public ServerWebSocket endHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public ServerWebSocket setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public ServerWebSocket drainHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public ServerWebSocket closeHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public ServerWebSocket shutdownHandler(Handler<Void> handler) {
    return this;
  }

  @Override
  public ServerWebSocket frameHandler(Handler<WebSocketFrame> handler) {
    return this;
  }

  @Override
  public ServerWebSocket textMessageHandler(Handler<String> handler) {
    return this;
  }

  @Override
  public ServerWebSocket binaryMessageHandler(Handler<Buffer> handler) {
    return this;
  }

  @Override
  public ServerWebSocket pongHandler(Handler<Buffer> handler) {
    return this;
  }

  @Override
  public String binaryHandlerID() {
    return null;
  }

  @Override
  public String textHandlerID() {
    return null;
  }

  @Override
  public String subProtocol() {
    return null;
  }

  @Override
  public MultiMap headers() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public String scheme() {
    return "ws";
  }

  @Override
  public HostAndPort authority() {
    return HostAndPort.create("localhost", 8080);
  }

  @Override
  public String uri() {
    return "/ws";
  }

  @Override
  public String path() {
    return "/ws";
  }

  @Override
  public String query() {
    return null;
  }

  @Override
  public SocketAddress remoteAddress() {
    return SocketAddress.inetSocketAddress(40_000, "127.0.0.1");
  }

  @Override
  public SocketAddress localAddress() {
    return SocketAddress.inetSocketAddress(8080, "127.0.0.1");
  }

  @Override
  public boolean isSsl() {
    return false;
  }

  @Override
  public SSLSession sslSession() {
    return null;
  }

  @Override
  public List<Certificate> peerCertificates() {
    return List.of();
  }
}
