package io.tickwire.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The coalescing flush stage")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CoalescingFlushTest {

  /**
   * Stands for the socket: keeps what is written and cuts it into the batches that flushes send,
   * without passing anything on (an embedded channel's own head would run the event loop's
   * pending tasks at every write, where a real event loop runs them after the current task).
   */
  private static final class Socket extends ChannelOutboundHandlerAdapter {
    final List<List<String>> flushed = new ArrayList<>();
    private List<String> unflushed = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ByteBuf buf = (ByteBuf) msg;
      unflushed.add(buf.toString(StandardCharsets.UTF_8));
      buf.release();
      promise.setSuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      flushed.add(unflushed);
      unflushed = new ArrayList<>();
    }
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
  }

  /**
   * Runs a test on a thread of its own: an event-loop thread has one flush round, and the
   * embedded channels of one test share the test's thread as channels share their event loop.
   */
  private static void onOwnThread(Runnable test) throws Exception {
    Throwable[] failure = new Throwable[1];
    Thread thread = new Thread(() -> {
      try {
        test.run();
      } catch (Throwable t) {
        failure[0] = t;
      }
    });
    thread.start();
    thread.join();
    if (failure[0] instanceof Error error) {
      throw error;
    }
    if (failure[0] != null) {
      throw new AssertionError(failure[0]);
    }
  }

  @Test
  @DisplayName("turns the flushes of one task into one flush at its end, keeping the write order")
  void oneFlushPerTask() throws Exception {
    onOwnThread(() -> {
      Socket socket = new Socket();
      EmbeddedChannel channel = new EmbeddedChannel(socket, new CoalescingFlush());
      channel.pipeline().writeAndFlush(text("a"));
      channel.pipeline().writeAndFlush(text("b"));
      channel.pipeline().writeAndFlush(text("c"));
      assertThat(socket.flushed).isEmpty();

      channel.runPendingTasks();
      assertThat(socket.flushed).containsExactly(List.of("a", "b", "c"));
    });
  }

  @Test
  @DisplayName("flushes every socket of the event loop with a pending flush, each once")
  void everySocketOnce() throws Exception {
    onOwnThread(() -> {
      Socket first = new Socket();
      Socket second = new Socket();
      EmbeddedChannel one = new EmbeddedChannel(first, new CoalescingFlush());
      EmbeddedChannel two = new EmbeddedChannel(second, new CoalescingFlush());
      for (int i = 0; i < 3; i++) {
        one.pipeline().writeAndFlush(text("one-" + i));
        two.pipeline().writeAndFlush(text("two-" + i));
      }
      // Both channels live on this thread, as the sockets of one event loop: one round, one task.
      one.runPendingTasks();

      assertThat(first.flushed).containsExactly(List.of("one-0", "one-1", "one-2"));
      assertThat(second.flushed).containsExactly(List.of("two-0", "two-1", "two-2"));
    });
  }

  @Test
  @DisplayName("a write after the round's flush goes with the next round, not never")
  void nextRound() throws Exception {
    onOwnThread(() -> {
      Socket socket = new Socket();
      EmbeddedChannel channel = new EmbeddedChannel(socket, new CoalescingFlush());
      channel.pipeline().writeAndFlush(text("first"));
      channel.runPendingTasks();
      channel.pipeline().writeAndFlush(text("second"));
      channel.runPendingTasks();

      assertThat(socket.flushed).containsExactly(List.of("first"), List.of("second"));
    });
  }

  @Test
  @DisplayName("a close writes out what is pending before the channel closes")
  void closeFlushesFirst() throws Exception {
    onOwnThread(() -> {
      Socket socket = new Socket();
      EmbeddedChannel channel = new EmbeddedChannel(socket, new CoalescingFlush());
      channel.pipeline().writeAndFlush(text("last words"));
      channel.pipeline().close();

      assertThat(socket.flushed).containsExactly(List.of("last words"));
      assertThat(channel.isOpen()).isFalse();
    });
  }
}
