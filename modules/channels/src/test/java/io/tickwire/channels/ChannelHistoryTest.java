package io.tickwire.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.channels.NamespacePolicy.Access;
import io.tickwire.channels.NamespacePolicy.Mode;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.ChannelName;
import io.tickwire.protocol.ClientFrame.Position;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Channel history")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChannelHistoryTest {

  private static final String LOG_EPOCH = "ep-1";
  private static final long TTL_MS = 10_000;

  private final AtomicLong clock = new AtomicLong(1_000_000);
  /** The channels with local subscribers. */
  private final Set<String> held = new HashSet<>();
  private final Namespaces namespaces = new Namespaces(Map.of(
      "tx", new NamespacePolicy("tx", Access.PUBLIC, Mode.STREAM, 3, TTL_MS),
      "prices", new NamespacePolicy("prices", Access.PUBLIC, Mode.LATEST, 3, TTL_MS),
      "blocks", new NamespacePolicy("blocks", Access.PUBLIC, Mode.STREAM, 0, TTL_MS)));
  private final ChannelHistory history = new ChannelHistory(LOG_EPOCH, clock::get,
      held::contains);

  @Test
  @DisplayName("numbers messages from 1 per channel, stamped with the epoch and the clock")
  void seqPerChannel() {
    ChannelMessage a1 = append("tx.a", 1);
    ChannelMessage a2 = append("tx.a", 2);
    clock.addAndGet(5);
    ChannelMessage b1 = append("tx.b", 3);
    ChannelMessage a3 = append("tx.a", 4);
    assertThat(List.of(a1.seq(), a2.seq(), b1.seq(), a3.seq())).containsExactly(1L, 2L, 1L, 3L);
    assertThat(a1.epoch()).startsWith(LOG_EPOCH + ".").isEqualTo(a3.epoch())
        .isNotEqualTo(b1.epoch());
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
    String epoch = sent.get(0).epoch();
    ChannelStore.Recovery recovery = recover("tx.a", new Position(1, epoch));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.seq()).isEqualTo(3L);
    assertThat(recovery.epoch()).isEqualTo(epoch);
    assertThat(recovery.messages()).containsExactly(sent.get(1), sent.get(2));
  }

  @Test
  @DisplayName("recovers from 0 a channel whose whole history is in the window")
  void recoverFromStart() {
    List<ChannelMessage> sent = appendAll("tx.a", 2);
    String epoch = sent.get(0).epoch();
    ChannelStore.Recovery recovery = recover("tx.a", new Position(0, epoch));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.messages()).containsExactlyElementsOf(sent);
  }

  @Test
  @DisplayName("answers since == top as recovered with nothing to send")
  void recoverAtTop() {
    String epoch = appendAll("tx.a", 3).get(0).epoch();
    ChannelStore.Recovery recovery = recover("tx.a", new Position(3, epoch));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.seq()).isEqualTo(3L);
    assertThat(recovery.messages()).isEmpty();
  }

  @Test
  @DisplayName("keeps only the namespace's historySize newest messages")
  void windowBySize() {
    List<ChannelMessage> sent = appendAll("tx.a", 5);
    String epoch = sent.get(0).epoch();
    ChannelStore.Recovery lost = recover("tx.a", new Position(1, epoch));
    assertThat(lost.recovered()).isFalse();
    assertThat(lost.seq()).isEqualTo(5L);
    assertThat(lost.messages()).isEmpty();
    ChannelStore.Recovery kept = recover("tx.a", new Position(2, epoch));
    assertThat(kept.recovered()).isTrue();
    assertThat(kept.messages()).containsExactlyElementsOf(sent.subList(2, 5));
  }

  @Test
  @DisplayName("drops messages older than historyTtlMs, on append and on recovery")
  void windowByAge() {
    ChannelMessage first = append("tx.a", 1);
    String epoch = first.epoch();
    clock.addAndGet(5_000);
    ChannelMessage second = append("tx.a", 2);
    clock.addAndGet(7_000);
    ChannelMessage third = append("tx.a", 3);
    // At +12 s, the first (at +0 s) is over 10 s old.
    assertThat(recover("tx.a", new Position(0, epoch)).recovered()).isFalse();
    ChannelStore.Recovery recent = recover("tx.a", new Position(1, epoch));
    assertThat(recent.recovered()).isTrue();
    assertThat(recent.messages()).containsExactly(second, third);
    assertThat(recent.messages()).doesNotContain(first);

    clock.addAndGet(4_000);
    // At +16 s, the second (at +5 s) is over 10 s old too: recovery itself expires it.
    assertThat(recover("tx.a", new Position(1, epoch)).recovered()).isFalse();
    ChannelStore.Recovery last = recover("tx.a", new Position(2, epoch));
    assertThat(last.recovered()).isTrue();
    assertThat(last.messages()).containsExactly(third);
  }

  @Test
  @DisplayName("keeps a message exactly historyTtlMs old")
  void ttlBoundary() {
    ChannelMessage first = append("tx.a", 1);
    String epoch = first.epoch();
    clock.addAndGet(TTL_MS);
    ChannelStore.Recovery recovery = recover("tx.a", new Position(0, epoch));
    assertThat(recovery.recovered()).isTrue();
    assertThat(recovery.messages()).containsExactly(first);
    clock.addAndGet(1);
    assertThat(recover("tx.a", new Position(0, epoch)).recovered()).isFalse();
  }

  @Test
  @DisplayName("expireAll() empties windows whose messages all aged out, and keeps a held channel")
  void expireAll() {
    held.add("tx.a");
    String epoch = appendAll("tx.a", 2).get(0).epoch();
    clock.addAndGet(TTL_MS + 1);
    history.expireAll();
    ChannelStore.Recovery recovery = recover("tx.a", new Position(1, epoch));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.messages()).isEmpty();
    // Nothing was missed after the top, so the top itself still recovers.
    assertThat(recover("tx.a", new Position(2, epoch)).recovered()).isTrue();
  }

  @Test
  @DisplayName("does not recover from another epoch, even with a seq inside the window")
  void otherEpoch() {
    String epoch = appendAll("tx.a", 3).get(0).epoch();
    ChannelStore.Recovery recovery = recover("tx.a", new Position(2, "ep-0"));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.epoch()).isEqualTo(epoch);
    assertThat(recovery.seq()).isEqualTo(3L);
    assertThat(recovery.messages()).isEmpty();
  }

  @Test
  @DisplayName("does not recover from a seq beyond the channel's top")
  void sinceBeyondTop() {
    String epoch = appendAll("tx.a", 2).get(0).epoch();
    ChannelStore.Recovery recovery = recover("tx.a", new Position(9, epoch));
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.messages()).isEmpty();
  }

  @Test
  @DisplayName("answers a fresh stream subscription with the top and nothing to send")
  void freshStream() {
    appendAll("tx.a", 2);
    ChannelStore.Recovery recovery = recover("tx.a", null);
    assertThat(recovery.recovered()).isFalse();
    assertThat(recovery.seq()).isEqualTo(2L);
    assertThat(recovery.messages()).isEmpty();
    ChannelStore.Recovery unknown = recover("tx.never", null);
    assertThat(unknown.seq()).isZero();
    assertThat(unknown.messages()).isEmpty();
  }

  @Test
  @DisplayName("gives latest-mode subscribers the current value, even after the window expired while held")
  void latestCurrentValue() {
    held.add("prices.BTC-USD");
    String epoch = append("prices.BTC-USD", 1).epoch();
    ChannelMessage current = append("prices.BTC-USD", 2);
    ChannelStore.Recovery fresh = recover("prices.BTC-USD", null);
    assertThat(fresh.recovered()).isFalse();
    assertThat(fresh.messages()).containsExactly(current);

    clock.addAndGet(TTL_MS * 10);
    history.expireAll();
    assertThat(recover("prices.BTC-USD", null).messages())
        .containsExactly(current);
    ChannelStore.Recovery stale = recover("prices.BTC-USD",
        new Position(0, epoch));
    assertThat(stale.recovered()).isFalse();
    assertThat(stale.messages()).containsExactly(current);
    assertThat(recover("prices.BTC-USD", new Position(1, "old")).messages())
        .containsExactly(current);
  }

  @Test
  @DisplayName("gives a latest-mode channel without messages nothing")
  void latestEmpty() {
    assertThat(recover("prices.NONE", null).messages()).isEmpty();
  }

  @Test
  @DisplayName("keeps no window for an ephemeral namespace (historySize 0) but still numbers its messages; since never recovers, even up to date")
  void noHistory() {
    String epoch = append("blocks", 1).epoch();
    ChannelMessage second = append("blocks", 2);
    assertThat(second.seq()).isEqualTo(2L);
    assertThat(recover("blocks", new Position(1, epoch)).recovered()).isFalse();
    ChannelStore.Recovery upToDate = recover("blocks", new Position(2, epoch));
    assertThat(upToDate.recovered()).isFalse();
    assertThat(upToDate.messages()).isEmpty();
    assertThat(upToDate.seq()).isEqualTo(2L);
    assertThat(upToDate.epoch()).isEqualTo(epoch);
  }

  @Test
  @DisplayName("drops a channel with neither history nor subscribers, and starts it again with a new epoch")
  void dropsUnheldWithoutHistory() {
    List<ChannelMessage> sent = appendAll("tx.a", 3);
    String before = sent.get(0).epoch();
    history.expireAll();
    assertThat(history.channelCount()).isOne();
    clock.addAndGet(TTL_MS + 1);
    history.expireAll();
    assertThat(history.channelCount()).isZero();

    ChannelMessage again = append("tx.a", 4);
    assertThat(again.seq()).isOne();
    assertThat(again.epoch()).isNotEqualTo(before);
    // A position in the dropped history is not taken for one in the new one.
    ChannelStore.Recovery old = recover("tx.a", new Position(0, before));
    assertThat(old.recovered()).isFalse();
    assertThat(old.messages()).isEmpty();
  }

  @Test
  @DisplayName("keeps a subscribed channel without history, with its epoch, until it is released")
  void heldUntilReleased() {
    held.add("tx.b");
    ChannelStore.Recovery granted = recover("tx.b", null);
    clock.addAndGet(TTL_MS * 3);
    history.expireAll();
    assertThat(history.channelCount()).isOne();
    ChannelMessage first = append("tx.b", 1);
    assertThat(first.epoch()).isEqualTo(granted.epoch());
    assertThat(first.seq()).isOne();

    held.remove("tx.b");
    history.release("tx.b");
    // It still retains its message: released, but kept until the message ages out.
    assertThat(history.channelCount()).isOne();
    clock.addAndGet(TTL_MS + 1);
    history.release("tx.b");
    assertThat(history.channelCount()).isZero();
  }

  @Test
  @DisplayName("never numbers backwards while a channel retains history, whatever is released")
  void seqNeverBackwardsWithHistory() {
    appendAll("tx.a", 3);
    history.release("tx.a");
    history.expireAll();
    clock.addAndGet(TTL_MS);
    history.release("tx.a");
    history.expireAll();
    assertThat(append("tx.a", 4).seq()).isEqualTo(4L);
  }

  @Test
  @DisplayName("drops a fresh subscription's channel at its release, so 20,000 names leave nothing behind")
  void manyNamesLeaveNothing() {
    for (int i = 0; i < 20_000; i++) {
      String channel = "tx.n" + i;
      held.add(channel);
      recover(channel, null);
      held.remove(channel);
      history.release(channel);
    }
    assertThat(history.channelCount()).isZero();
  }

  private ChannelMessage append(String channel, int n) {
    return history.append(name(channel), namespaces.of(name(channel)),
        new JsonObject().put("n", n));
  }

  private ChannelStore.Recovery recover(String channel, Position since) {
    return history.recover(name(channel), namespaces.of(name(channel)), since);
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
