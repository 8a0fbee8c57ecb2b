package io.tickwire.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.NamespacePolicy.Access;
import io.tickwire.channels.NamespacePolicy.Mode;
import io.tickwire.channels.Namespaces;
import io.tickwire.protocol.MsgPack;
import io.tickwire.protocol.SharedFrame;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The presence index")
class PresenceIndexTest {

  final PresenceIndex index = new PresenceIndex(new Namespaces(Map.of(
      "desk", new NamespacePolicy("desk", Access.PUBLIC, Mode.STREAM, 10, 1_000, null, null,
          true, true),
      "lobby", new NamespacePolicy("lobby", Access.PUBLIC, Mode.STREAM, 10, 1_000, null, null,
          true, false))));

  static PresenceEntry entry(String channel, int i, String user) {
    return new PresenceEntry(channel, "s" + i, user, "node-1", 1_000L + i);
  }

  @Test
  @DisplayName("lists at most 1,000 clients, the earliest first, with the distinct users and the total count")
  void bounded() {
    for (int i = 0; i < 1_500; i++) {
      index.add(entry("desk.a", i, i % 3 == 0 ? null : "u" + (i % 100)));
    }
    JsonObject answer = new JsonObject(index.answer("desk.a"));
    assertThat(answer.getJsonArray("clients")).hasSize(PresenceIndex.MAX_LISTED);
    assertThat(answer.getJsonArray("clients").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("session", "s0").put("user", null).put("node", "node-1").put("joinedAt", 1_000L));
    assertThat(answer.getJsonArray("clients").getJsonObject(999).getString("session"))
        .isEqualTo("s999");
    assertThat(answer.getInteger("count")).isEqualTo(1_500);
    // u1..u99 minus those only ever seen on a multiple of 3 (none: 100 and 3 are coprime).
    assertThat(answer.getInteger("users")).isEqualTo(100);
  }

  @Test
  @DisplayName("encodes a channel's answer once, until its members change; forgets an empty channel")
  void cached() {
    index.add(entry("lobby.a", 1, "alice"));
    String first = index.answer("lobby.a");
    assertThat(index.answer("lobby.a")).isSameAs(first);
    byte[] packed = index.shared("lobby.a").packed();
    assertThat(index.shared("lobby.a").packed()).as("packed once for every request")
        .isSameAs(packed);
    index.add(entry("lobby.a", 1, "alice"));
    assertThat(index.answer("lobby.a")).as("the same session again changes nothing")
        .isSameAs(first);
    index.add(entry("lobby.a", 2, "alice"));
    String second = index.answer("lobby.a");
    assertThat(second).isNotSameAs(first);
    assertThat(new JsonObject(second).getInteger("users")).isEqualTo(1);
    index.remove("lobby.a", "s1");
    index.remove("lobby.a", "s2");
    assertThat(index.channelCount()).isZero();
    assertThat(new JsonObject(index.answer("lobby.a")).getInteger("count")).isZero();
  }

  @Test
  @DisplayName("tells listeners of each join and leave of a joinLeave namespace once, with the frame encoded once")
  void changes() {
    List<PresenceIndex.Change> heard = new ArrayList<>();
    Runnable stop = index.listen(heard::add);
    index.add(entry("desk.b", 1, "alice"));
    index.add(entry("desk.b", 1, "alice"));
    index.add(entry("lobby.b", 2, "bob"));
    index.remove("desk.b", "s1");
    index.remove("desk.b", "s1");
    index.remove("lobby.b", "s2");
    assertThat(heard).extracting(PresenceIndex.Change::type).containsExactly("join", "leave");
    assertThat(new JsonObject(heard.get(0).frame().text())).isEqualTo(new JsonObject()
        .put("type", "join").put("channel", "desk.b")
        .put("client", new JsonObject().put("session", "s1").put("user", "alice")));
    // Packed when a MessagePack connection first asks, once for all of them.
    SharedFrame join = heard.get(0).frame();
    assertThat(join.isPacked()).isFalse();
    byte[] packed = join.packed();
    assertThat(join.packed()).isSameAs(packed);
    assertThat(new JsonObject(MsgPack.toJson(packed))).isEqualTo(new JsonObject(join.text()));
    stop.run();
    index.add(entry("desk.b", 3, "carol"));
    assertThat(heard).hasSize(2);
  }
}
