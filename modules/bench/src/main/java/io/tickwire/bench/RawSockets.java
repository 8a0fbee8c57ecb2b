package io.tickwire.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WebSocket client connections that read a message without putting it together: of each message
 * only its first {@value #HEAD} and last {@value #TAIL} bytes are kept, with its length; the rest
 * is skipped where it lies in the read buffer. A presence answer about a channel of a thousand
 * members is over 100 KB, and the load generator shares two cores with the node: a client that
 * copies each answer several times over (the socket's buffer, the frame decoder, the joining of
 * fragments, an array to scan) runs out of CPU before the node does, and the node then rightly
 * closes it as a slow reader. Here the only copy is the kernel's, into one direct buffer per
 * thread.
 *
 * <p>Plain NIO: a few selector threads, each with its share of the connections. The handshake is
 * RFC 6455's, the frames the client sends are masked, pings are answered with pongs, and a close
 * frame is echoed before the socket is closed, unless a frame is half-written (its bytes would
 * cut the echo). {@link Socket#send} may be called from any thread; it never waits for the
 * node: the frame is queued and the socket's thread writes it.
 */
final class RawSockets implements AutoCloseable {

  /** How many first bytes of each message are kept. */
  static final int HEAD = 128;
  /** How many last bytes of each message are kept. */
  static final int TAIL = 64;
  /** The largest HTTP answer to the handshake that is read. */
  private static final int MAX_HANDSHAKE = 8_192;

  /** What a connection receives; called on the connection's own thread. */
  interface Listener {

    /**
     * A whole text or binary message of {@code length} payload bytes, received at {@code nanos}
     * ({@link System#nanoTime()}): its first bytes ({@code head}, at most {@value #HEAD}) and its
     * last ({@code tail}, at most {@value #TAIL}; the same bytes as the end of {@code head} when
     * the message is short).
     */
    void message(Socket socket, byte[] head, byte[] tail, long length, long nanos);

    /** The connection closed: the code of the node's close frame, or -1 without one. */
    void closed(Socket socket, int code);
  }

  private final List<Loop> loops = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  RawSockets(int threads) {
    for (int i = 0; i < Math.max(1, threads); i++) {
      Loop loop = new Loop(i);
      loops.add(loop);
      loop.thread.start();
    }
  }

  /**
   * Opens a connection from {@code local} (port 0) to {@code remote} and upgrades it at
   * {@code uri}, whose messages go to {@code listener}; completes when the node has answered
   * 101, fails on anything else.
   */
  CompletableFuture<Socket> connect(InetSocketAddress local, InetSocketAddress remote,
      String uri, Listener listener) {
    Loop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    Socket socket = new Socket(loop, remote, uri, listener);
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.bind(local);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // failed anyway
        }
      }
      socket.upgraded.completeExceptionally(e);
      return socket.upgraded;
    }
    socket.channel = channel;
    SocketChannel opened = channel;
    loop.pending.add(() -> {
      try {
        if (opened.connect(remote)) {
          socket.connected();
        } else {
          socket.selectionKey = opened.register(loop.selector, SelectionKey.OP_CONNECT, socket);
        }
      } catch (IOException | RuntimeException e) {
        socket.fail(e);
      }
    });
    loop.selector.wakeup();
    return socket.upgraded;
  }

  @Override
  public void close() {
    for (Loop loop : loops) {
      loop.running = false;
      loop.selector.wakeup();
    }
    for (Loop loop : loops) {
      try {
        loop.thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One selector thread and its connections. */
  private final class Loop implements Runnable {
    final Selector selector;
    final Thread thread;
    /** Work handed over by other threads: registrations. */
    final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    /** Sockets with frames queued by other threads. */
    final Queue<Socket> dirty = new ConcurrentLinkedQueue<>();
    /** Where every socket of this thread reads into, in turn. */
    final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
    volatile boolean running = true;

    Loop(int index) {
      try {
        selector = Selector.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      thread = new Thread(this, "raw-sockets-" + index);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        while (running) {
          selector.select(100);
          // Each task fails its own socket at worst (connect's task catches what it throws).
          for (Runnable task = pending.poll(); task != null; task = pending.poll()) {
            task.run();
          }
          for (Socket socket = dirty.poll(); socket != null; socket = dirty.poll()) {
            socket.flagged.set(false);
            try {
              socket.flush();
            } catch (RuntimeException e) {
              socket.fail(e);
            }
          }
          for (SelectionKey key : selector.selectedKeys()) {
            Socket socket = (Socket) key.attachment();
            if (!key.isValid()) {
              continue;
            }
            try {
              if (key.isConnectable()) {
                // False: the connect is still pending; the key stays interested in it.
                if (socket.channel.finishConnect()) {
                  socket.connected();
                }
              } else {
                if (key.isWritable()) {
                  socket.flush();
                }
                if (key.isValid() && key.isReadable()) {
                  socket.read(in);
                }
              }
            } catch (IOException | RuntimeException e) {
              socket.fail(e);
            }
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("raw sockets: selector failed: " + e);
      } finally {
        // Every connection of this thread ends with it, and says so.
        for (SelectionKey key : selector.keys()) {
          ((Socket) key.attachment()).end(-1);
        }
        try {
          selector.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        // Connects not registered yet: each fails its socket on the closed selector.
        for (Runnable task = pending.poll(); task != null; task = pending.poll()) {
          task.run();
        }
      }
    }
  }

  /** One connection; its fields are touched only by its loop's thread, but for the outbox. */
  final class Socket {
    final CompletableFuture<Socket> upgraded = new CompletableFuture<>();
    private final Loop loop;
    private final InetSocketAddress remote;
    private final String uri;
    private final Listener listener;
    private final String secKey = Base64.getEncoder().encodeToString(randomBytes(16));
    /** Frames to write, queued from any thread. */
    private final Queue<ByteBuffer> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flagged = new AtomicBoolean();
    private SocketChannel channel;
    private SelectionKey selectionKey;
    private volatile boolean closed;
    /** The handshake's answer while it arrives, or null once upgraded. */
    private byte[] handshake = new byte[MAX_HANDSHAKE];
    private int handshakeLength;
    /** The frame header while it arrives: at most 2 + 8 bytes from the node (never masked). */
    private final byte[] header = new byte[14];
    private int headerLength;
    private int headerNeeded = 2;
    private long payloadLeft = -1;
    private int opcode;
    private boolean fin;
    /** The message being received. */
    private final byte[] head = new byte[HEAD];
    private int headLength;
    private final byte[] tail = new byte[TAIL];
    private int tailLength;
    private long messageLength;
    /** A control frame's payload (at most 125 bytes). */
    private final byte[] control = new byte[125];
    private int controlLength;
    /** The frame of the last write still partly unwritten. */
    private ByteBuffer writing;

    Socket(Loop loop, InetSocketAddress remote, String uri, Listener listener) {
      this.loop = loop;
      this.remote = remote;
      this.uri = uri;
      this.listener = listener;
    }

    boolean isOpen() {
      return !closed;
    }

    /**
     * Queues {@code text} as one masked text frame: the socket's thread writes it. Any thread;
     * never waits.
     */
    void send(String text) {
      if (closed) {
        return;
      }
      outbox.add(ByteBuffer.wrap(frame(0x1, text.getBytes(StandardCharsets.UTF_8))));
      if (flagged.compareAndSet(false, true)) {
        loop.dirty.add(this);
        loop.selector.wakeup();
      }
    }

    /** Connected: send the upgrade request and wait for its answer. */
    private void connected() throws IOException {
      if (selectionKey == null) {
        selectionKey = channel.register(loop.selector, SelectionKey.OP_READ, this);
      } else {
        selectionKey.interestOps(SelectionKey.OP_READ);
      }
      String request = "GET " + uri + " HTTP/1.1\r\n"
          + "Host: " + remote.getHostString() + ":" + remote.getPort() + "\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + secKey + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      outbox.add(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      flush();
    }

    /** Writes what is queued until the socket takes no more; then waits to be writable. */
    private void flush() {
      if (closed) {
        return;
      }
      try {
        while (true) {
          if (writing == null) {
            writing = outbox.poll();
            if (writing == null) {
              break;
            }
          }
          channel.write(writing);
          if (writing.hasRemaining()) {
            selectionKey.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
          }
          writing = null;
        }
        if (selectionKey != null && selectionKey.isValid()) {
          selectionKey.interestOps(SelectionKey.OP_READ);
        }
      } catch (IOException e) {
        fail(e);
      }
    }

    /** Reads what the socket has into {@code in} and takes it in. */
    private void read(ByteBuffer in) throws IOException {
      in.clear();
      int read = channel.read(in);
      if (read < 0) {
        end(-1);
        return;
      }
      in.flip();
      take(in, in.position(), in.limit());
    }

    /** Bytes {@code [from, to)} of {@code in}: the handshake's answer, or frames. */
    private void take(ByteBuffer in, int from, int to) throws IOException {
      int at = from;
      while (at < to && handshake != null) {
        if (handshakeLength == MAX_HANDSHAKE) {
          throw new IOException("the handshake's answer is over " + MAX_HANDSHAKE + " bytes");
        }
        handshake[handshakeLength++] = in.get(at++);
        if (handshakeLength >= 4 && handshake[handshakeLength - 1] == '\n'
            && handshake[handshakeLength - 2] == '\r' && handshake[handshakeLength - 3] == '\n'
            && handshake[handshakeLength - 4] == '\r') {
          String answer = new String(handshake, 0, handshakeLength, StandardCharsets.ISO_8859_1);
          if (!answer.startsWith("HTTP/1.1 101")) {
            throw new IOException("the upgrade was refused: " + answer.lines().findFirst()
                .orElse(""));
          }
          handshake = null;
          upgraded.complete(this);
        }
      }
      while (at < to && !closed) {
        if (payloadLeft < 0) {
          header[headerLength++] = in.get(at++);
          if (headerLength == 2) {
            if ((header[1] & 0x80) != 0) {
              throw new IOException("the node sent a masked frame");
            }
            int length = header[1] & 0x7f;
            headerNeeded = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0);
          }
          if (headerLength == headerNeeded) {
            startFrame();
          }
          continue;
        }
        int n = (int) Math.min(payloadLeft, to - at);
        payload(in, at, n);
        at += n;
        payloadLeft -= n;
        if (payloadLeft == 0) {
          endFrame();
        }
      }
    }

    private void startFrame() throws IOException {
      fin = (header[0] & 0x80) != 0;
      opcode = header[0] & 0x0f;
      long length = header[1] & 0x7f;
      if (length >= 126) {
        length = 0;
        for (int i = 2; i < headerNeeded; i++) {
          length = (length << 8) | (header[i] & 0xff);
        }
      }
      if (length < 0) {
        throw new IOException("a frame length over 2^63");
      }
      headerLength = 0;
      headerNeeded = 2;
      payloadLeft = length;
      if (opcode >= 0x8) {
        if (length > control.length) {
          throw new IOException("a control frame of " + length + " bytes");
        }
        controlLength = 0;
      } else if (opcode != 0x0) {
        headLength = 0;
        tailLength = 0;
        messageLength = 0;
      }
      if (length == 0) {
        endFrame();
      }
    }

    private void payload(ByteBuffer in, int at, int n) {
      if (opcode >= 0x8) {
        in.get(at, control, controlLength, n);
        controlLength += n;
        return;
      }
      messageLength += n;
      if (headLength < HEAD) {
        int take = Math.min(HEAD - headLength, n);
        in.get(at, head, headLength, take);
        headLength += take;
      }
      if (n >= TAIL) {
        in.get(at + n - TAIL, tail, 0, TAIL);
        tailLength = TAIL;
      } else {
        int keep = Math.min(tailLength, TAIL - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        in.get(at, tail, keep, n);
        tailLength = keep + n;
      }
    }

    private void endFrame() throws IOException {
      payloadLeft = -1;
      switch (opcode) {
        case 0x8 -> {
          int code = controlLength >= 2 ? ((control[0] & 0xff) << 8) | (control[1] & 0xff) : -1;
          // The close is echoed unless a frame is half-written: its bytes would cut it.
          if (writing == null) {
            try {
              channel.write(ByteBuffer.wrap(frame(0x8, Arrays.copyOf(control,
                  Math.min(controlLength, 2)))));
            } catch (IOException ignored) {
              // the node may have gone already
            }
          }
          end(code);
        }
        case 0x9 -> {
          outbox.add(ByteBuffer.wrap(frame(0xA, Arrays.copyOf(control, controlLength))));
          flush();
        }
        case 0xA -> {
          // a pong: nothing to do
        }
        default -> {
          if (fin) {
            listener.message(this, Arrays.copyOf(head, headLength),
                Arrays.copyOf(tail, tailLength), messageLength, System.nanoTime());
          }
        }
      }
    }

    private void fail(Throwable cause) {
      upgraded.completeExceptionally(cause);
      end(-1);
    }

    private void end(int code) {
      if (closed) {
        return;
      }
      closed = true;
      upgraded.completeExceptionally(new IOException("closed before the upgrade"));
      try {
        channel.close();
      } catch (IOException ignored) {
        // closed anyway
      }
      try {
        listener.closed(this, code);
      } catch (RuntimeException e) {
        System.err.println("raw sockets: a close listener failed: " + e);
      }
    }
  }

  /** A client frame: final, masked with a random key, as RFC 6455 asks of clients. */
  static byte[] frame(int opcode, byte[] payload) {
    int length = payload.length;
    int extended = length < 126 ? 0 : length < 65_536 ? 2 : 8;
    byte[] out = new byte[2 + extended + 4 + length];
    out[0] = (byte) (0x80 | opcode);
    int at = 2;
    if (extended == 0) {
      out[1] = (byte) (0x80 | length);
    } else if (extended == 2) {
      out[1] = (byte) (0x80 | 126);
      out[at++] = (byte) (length >>> 8);
      out[at++] = (byte) length;
    } else {
      out[1] = (byte) (0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out[at++] = (byte) ((long) length >>> shift);
      }
    }
    byte[] mask = randomBytes(4);
    System.arraycopy(mask, 0, out, at, 4);
    at += 4;
    for (int i = 0; i < length; i++) {
      out[at + i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    return out;
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
