package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tickwire.gateway.NamespacePolicy.Access;
import io.tickwire.gateway.NamespacePolicy.Mode;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Channel history")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelHistoryTest {

  private static final String EPOCH = "ep-1";
  private static final long TTL_MS = 10_000;

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final ChannelHistory history = new ChannelHistory(new Namespaces(Map.of(
      "tx", new NamespacePolicy("tx", Access.PUBLIC, Mode.STREAM, 3, TTL_MS),
      "prices", new NamespacePolicy("prices", Access.PUBLIC, Mode.LATEST, 3, TTL_MS),
      "blocks", new NamespacePolicy("blocks", Access.PUBLIC, Mode.STREAM, 0, TTL_MS))),
      EPOCH, clock::get);

  @Test
  @DisplayName("numbers messages from 1 per channel, stamped with the epoch and the clock")
  void seqPerChannel() {
    ChannelMessage a1 = append("tx.a", 1);
    ChannelMessage a2 = append("tx.a", 2);
    clock.addAndGet(5);
    ChannelMessage b1 = append("tx.b", 3);
    ChannelMessage a3 = append("tx.a", 4);
    assertThat(List.of(a1.seq(), a2.seq(), b1.seq(), a3.seq())).containsExactly(1L, 2L, 1L, 3L);
    assertThat(a1.epoch()).isEqualTo(EPOCH).isEqualTo(history.epoch());
    assertThat(a1.ts()).isEqualTo(1_000_000L);
    assertThat(b1.ts()).isEqualTo(1_000_005L);
    assertThat(b1.channel()).isEqualTo("tx.b");
    JsonObject frame = new JsonObject(a3.frameText());
    assertThat(frame.getString("type")).isEqualTo("message");
    assertThat(frame.getLong("seq")).isEqualTo(3L);
    assertThat(frame.getJsonObject("data").getInteger("n")).isEqualTo(4);
    assertThat(history.channelCount()).isEqualTo(2);
  }

  @Test
  @DisplayName("recovers exactly the messages after since when all are still in the window")
  void recoverInsideWindow() {
    List<ChannelMessage> sent = appendAll("tx.a", 3);
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), new Position(1, EPOCH));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.seq()).isEqualTo(3L);
    assertThat(recovery.epoch()).isEqualTo(EPOCH);
    assertThat(recovery.messages()).containsExactly(sent.get(1), sent.get(2));
  }

  @Test
  @DisplayName("recovers from 0 a channel whose whole history is in the window")
  void recoverFromStart() {
    List<ChannelMessage> sent = appendAll("tx.a", 2);
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), new Position(0, EPOCH));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.messages()).containsExactlyElementsOf(sent);
  }

  @Test
  @DisplayName("answers since == top as recovered with nothing to send")
  void recoverAtTop() {
    appendAll("tx.a", 3);
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), new Position(3, EPOCH));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.seq()).isEqualTo(3L);
    assertThat(recovery.messages()).isEmpty();
  }

  @Test
  @DisplayName("keeps only the namespace's historySize newest messages")
  void windowBySize() {
    List<ChannelMessage> sent = appendAll("tx.a", 5);
    ChannelStore.Recovery lost = history.recover(name("tx.a"), new Position(1, EPOCH));
    assertThat(lost.recovered()).isFalse();
    assertThat(lost.seq()).isEqualTo(5L);
    assertThat(lost.messages()).isEmpty();
    ChannelStore.Recovery kept = history.recover(name("tx.a"), new Position(2, EPOCH));
    assertThat(kept.recovered()).isTrue();
    assertThat(kept.messages()).containsExactlyElementsOf(sent.subList(2, 5));
  }

  @Test
  @DisplayName("drops messages older than historyTtlMs, on append and on recovery")
  void windowByAge() {
    ChannelMessage first = append("tx.a", 1);
    clock.addAndGet(5_000);
    ChannelMessage second = append("tx.a", 2);
    clock.addAndGet(7_000);
    ChannelMessage third = append("tx.a", 3);
    // At +12 s, the first (at +0 s) is over 10 s old.
    assertThat(history.recover(name("tx.a"), new Position(0, EPOCH)).recovered()).isFalse();
    ChannelStore.Recovery recent = history.recover(name("tx.a"), new Position(1, EPOCH));
    assertThat(recent.recovered()).isTrue();
    assertThat(recent.messages()).containsExactly(second, third);
    assertThat(recent.messages()).doesNotContain(first);

    clock.addAndGet(4_000);
    // At +16 s, the second (at +5 s) is over 10 s old too: recovery itself expires it.
    assertThat(history.recover(name("tx.a"), new Position(1, EPOCH)).recovered()).isFalse();
    ChannelStore.Recovery last = history.recover(name("tx.a"), new Position(2, EPOCH));
    assertThat(last.recovered()).isTrue();
    assertThat(last.messages()).containsExactly(third);
  }

  @Test
  @DisplayName("keeps a message exactly historyTtlMs old")
  void ttlBoundary() {
    ChannelMessage first = append("tx.a", 1);
    clock.addAndGet(TTL_MS);
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), new Position(0, EPOCH));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.messages()).containsExactly(first);
    clock.addAndGet(1);
    assertThat(history.recover(name("tx.a"), new Position(0, EPOCH)).recovered()).isFalse();
  }

  @Test
  @DisplayName("expireAll() empties windows whose messages all aged out")
  void expireAll() {
    appendAll("tx.a", 2);
    clock.addAndGet(TTL_MS + 1);
    history.expireAll();
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), new Position(1, EPOCH));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.messages()).isEmpty();
    // Nothing was missed after the top, so the top itself still recovers.
    assertThat(history.recover(name("tx.a"), new Position(2, EPOCH)).recovered()).isTrue();
  }

  @Test
  @DisplayName("does not recover from another epoch, even with a seq inside the window")
  void otherEpoch() {
    appendAll("tx.a", 3);
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), new Position(2, "ep-0"));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.epoch()).isEqualTo(EPOCH);
    assertThat(recovery.seq()).isEqualTo(3L);
    assertThat(recovery.messages()).isEmpty();
  }

  @Test
  @DisplayName("does not recover from a seq beyond the channel's top")
  void sinceBeyondTop() {
    appendAll("tx.a", 2);
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), new Position(9, EPOCH));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.messages()).isEmpty();
  }

  @Test
  @DisplayName("answers a fresh stream subscription with the top and nothing to send")
  void freshStream() {
    appendAll("tx.a", 2);
    ChannelStore.Recovery recovery = history.recover(name("tx.a"), null);
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.seq()).isEqualTo(2L);
    assertThat(recovery.messages()).isEmpty();
    ChannelStore.Recovery unknown = history.recover(name("tx.never"), null);
    assertThat(unknown.seq()).isZero();
    assertThat(unknown.messages()).isEmpty();
  }

  @Test
  @DisplayName("gives latest-mode subscribers the current value, even after the window expired")
  void latestCurrentValue() {
    append("prices.BTC-USD", 1);
    ChannelMessage current = append("prices.BTC-USD", 2);
    ChannelStore.Recovery fresh = history.recover(name("prices.BTC-USD"), null);
    assertThat(fresh.recovered()).isFalse();
    assertThat(fresh.messages()).containsExactly(current);

    clock.addAndGet(TTL_MS * 10);
    history.expireAll();
    assertThat(history.recover(name("prices.BTC-USD"), null).messages())
        .containsExactly(current);
    ChannelStore.Recovery stale = history.recover(name("prices.BTC-USD"),
        new Position(0, EPOCH));
    assertThat(stale.recovered()).isFalse();
    assertThat(stale.messages()).containsExactly(current);
    assertThat(history.recover(name("prices.BTC-USD"), new Position(1, "old")).messages())
        .containsExactly(current);
  }

  @Test
  @DisplayName("gives a latest-mode channel without messages nothing")
  void latestEmpty() {
    assertThat(history.recover(name("prices.NONE"), null).messages()).isEmpty();
  }

  @Test
  @DisplayName("keeps no window for a namespace with historySize 0 but still numbers its messages")
  void noHistory() {
    append("blocks", 1);
    ChannelMessage second = append("blocks", 2);
    assertThat(second.seq()).isEqualTo(2L);
    assertThat(history.recover(name("blocks"), new Position(1, EPOCH)).recovered()).isFalse();
    assertThat(history.recover(name("blocks"), new Position(2, EPOCH)).recovered()).isTrue();
  }

  @Test
  @DisplayName("refuses a channel of an unknown namespace with not_found and the channel set")
  void unknownNamespace() {
    ProtocolException onAppend = catchThrowableOfType(ProtocolException.class,
        () -> append("nope.x", 1));
    assertThat(onAppend.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(onAppend.channel()).isEqualTo("nope.x");
    ProtocolException onRecover = catchThrowableOfType(ProtocolException.class,
        () -> history.recover(name("nope.x"), null));
    assertThat(onRecover.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(onRecover.getMessage()).contains("nope");
    assertThat(history.channelCount()).isZero();
  }

  private ChannelMessage append(String channel, int n) {
    return history.append(name(channel), new JsonObject().put("n", n));
  }

  private List<ChannelMessage> appendAll(String channel, int count) {
    List<ChannelMessage> sent = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      sent.add(append(channel, i));
    }
    return sent;
  }

  private static ChannelName name(String channel) {
    return ChannelName.parse(channel);
  }
}
