package io.tickwire.gateway.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.MsgPack;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Packed frames shared by a node")
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PackedFramesTest {

  final Counter encoded = new SimpleMeterRegistry().counter("encoded");
  final PackedFrames packer = new PackedFrames(encoded);

  static ChannelMessage copy(String channel, long seq, String epoch, int n) {
    return ChannelMessage.of(channel, seq, epoch, 1_000L, new JsonObject().put("n", n));
  }

  @Test
  @DisplayName("packs two copies of one message (as a cluster member's consumers decode them) "
      + "once, and gives both the same bytes")
  void copiesShare() {
    ChannelMessage first = copy("tx.a", 7, "e1", 1);
    ChannelMessage second = copy("tx.a", 7, "e1", 1);
    assertThat(second).isNotSameAs(first);

    byte[] packed = packer.of(first);
    assertThat(packer.of(second)).isSameAs(packed);
    assertThat(packer.of(first)).isSameAs(packed);
    assertThat(encoded.count()).isEqualTo(1);
    assertThat(new JsonObject(MsgPack.toJson(packed))).isEqualTo(new JsonObject(
        first.frameText()));
  }

  @Test
  @DisplayName("packs again a message of another seq, epoch or channel, and one whose slot "
      + "another message took over")
  void othersPackAgain() {
    packer.of(copy("tx.a", 7, "e1", 1));
    packer.of(copy("tx.a", 8, "e1", 1));
    packer.of(copy("tx.a", 7, "e2", 1));
    packer.of(copy("tx.b", 7, "e1", 1));
    assertThat(encoded.count()).isEqualTo(4);

    // Every seq of one channel lands in its own slot until the table wraps around.
    for (int seq = 100; seq < 100 + PackedFrames.SLOTS; seq++) {
      packer.of(copy("tx.c", seq, "e1", seq));
    }
    double before = encoded.count();
    packer.of(copy("tx.c", 100 + PackedFrames.SLOTS - 1, "e1", 100 + PackedFrames.SLOTS - 1));
    assertThat(encoded.count()).as("the newest is still there").isEqualTo(before);
    packer.of(copy("tx.c", 100 + PackedFrames.SLOTS, "e1", 0));
    packer.of(copy("tx.c", 100, "e1", 100));
    assertThat(encoded.count()).as("the oldest was taken over").isEqualTo(before + 2);
  }
}
