package io.tickwire.gateway.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.http.HttpConnection;
import java.util.ArrayList;

/**
 * A pipeline stage of one WebSocket that holds its flushes until the end of the event-loop task
 * that wrote, then flushes every socket of that event loop that has something pending, once.
 *
 * <p>Vert.x flushes after every frame it writes outside a read, so a broadcast costs one kernel
 * write per frame per socket. Held here, the frames that pile up for a socket while its event
 * loop works through a backlog (several messages fanned out back to back, a recovery replay, a
 * drain) reach the kernel in one gathering write, and a loop schedules one flush task per round
 * rather than one per socket. Only the moment of the flush moves: writes keep their order, and
 * unflushed bytes still count against the socket's write queue, so backpressure is unchanged.
 *
 * <p>Threading: every method runs on the channel's event loop; the pending list is that loop's.
 */
final class CoalescingFlush extends ChannelDuplexHandler {

  static final String NAME = "tickwire-coalescing-flush";

  private static final FastThreadLocal<Round> ROUNDS = new FastThreadLocal<>() {
    @Override
    protected Round initialValue() {
      return new Round();
    }
  };

  private boolean pending;
  private ChannelHandlerContext own;
  private Runnable onWritable;

  /**
   * Puts the stage in front of the Vert.x handler of an upgraded connection (the WebSocket's),
   * so that it sees every write; call on the connection's event loop, before writing. Answers
   * the stage.
   */
  static CoalescingFlush install(HttpConnection upgraded) {
    ChannelPipeline pipeline = VertxInternals.pipeline(upgraded);
    CoalescingFlush stage = new CoalescingFlush();
    pipeline.addBefore(VertxInternals.vertxHandler(pipeline), NAME, stage);
    return stage;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    own = ctx;
  }

  /**
   * Writes a whole WebSocket frame already encoded ({@link WireFrame}) from this stage's place:
   * behind every frame Vert.x wrote before, past the frame encoder (it passes bytes through), and
   * flushed with the round. Call on the channel's event loop, only while the socket is open.
   */
  void writeEncoded(ByteBuf frame) {
    own.write(frame, own.voidPromise());
    flush(own);
  }

  /**
   * Whether the socket's write queue has room: frames written with {@link #writeEncoded} count
   * against it, and Vert.x's own check ({@code writeQueueFull}) sees only its own writes.
   */
  boolean writable() {
    return own.channel().isWritable();
  }

  /** Runs {@code task} on the event loop each time the socket's write queue has room again. */
  void onWritable(Runnable task) {
    onWritable = task;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ctx.fireChannelWritabilityChanged();
    if (onWritable != null && ctx.channel().isWritable()) {
      onWritable.run();
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (!pending) {
      pending = true;
      ROUNDS.get().add(this, ctx);
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushNow(ctx);
    ctx.close(promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    flushNow(ctx);
    ctx.disconnect(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    flushNow(ctx);
  }

  private void flushNow(ChannelHandlerContext ctx) {
    if (pending) {
      pending = false;
      ctx.flush();
    }
  }

  /** The sockets of one event loop waiting for the flush at the end of the current task. */
  private static final class Round implements Runnable {

    private ArrayList<CoalescingFlush> stages = new ArrayList<>();
    private ArrayList<ChannelHandlerContext> contexts = new ArrayList<>();
    private ArrayList<CoalescingFlush> spareStages = new ArrayList<>();
    private ArrayList<ChannelHandlerContext> spareContexts = new ArrayList<>();

    void add(CoalescingFlush stage, ChannelHandlerContext ctx) {
      if (stages.isEmpty()) {
        ctx.executor().execute(this);
      }
      stages.add(stage);
      contexts.add(ctx);
    }

    @Override
    public void run() {
      // A flush can make a socket writable again and its drain write more: those join the next
      // round, so swap the lists before walking them.
      ArrayList<CoalescingFlush> due = stages;
      ArrayList<ChannelHandlerContext> dueContexts = contexts;
      stages = spareStages;
      contexts = spareContexts;
      for (int i = 0; i < due.size(); i++) {
        due.get(i).flushNow(dueContexts.get(i));
      }
      due.clear();
      dueContexts.clear();
      spareStages = due;
      spareContexts = dueContexts;
    }
  }
}
