package io.tickwire.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.channels.NamespacePolicy;
import io.tickwire.channels.NamespacePolicy.Access;
import io.tickwire.channels.NamespacePolicy.Mode;
import io.tickwire.channels.Namespaces;
import io.tickwire.protocol.MsgPack;
import io.tickwire.protocol.SharedFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * One writer adds s0..s(N-1) in order, then removes s0..s(N-2) in order: after t changes the
   * members are s0..s(t-1) (t <= N), then s(t-N)..s(N-1), a different set for every t. Readers
   * ask meanwhile. Consistent: every answer is the members after some t, in join order with
   * their users and count. Never stale: an answer asked for after the writer's t-th change
   * returned is the members after t or later changes; and no reader ever sees an earlier t after
   * a later one; the writer's own request right after each change sees exactly that change.
   */
  @Test
  @DisplayName("under concurrent joins and leaves every answer is the members at some moment, never older than the last change completed before it was asked for")
  void concurrent() throws Exception {
    int n = 400;
    String channel = "lobby.race";
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger answers = new AtomicInteger();
    Thread writer = new Thread(() -> {
      for (int t = 1; t < 2 * n; t++) {
        if (t <= n) {
          index.add(entry(channel, t - 1, "u" + ((t - 1) % 7)));
        } else {
          index.remove(channel, "s" + (t - n - 1));
        }
        done.set(t);
        // The writer's own request right after its change must see exactly that change.
        int seen = changesIn(new JsonObject(index.answer(channel)), n, channel, failures);
        if (seen != t) {
          failures.add("the writer's answer after change " + t + " is after " + seen);
        }
      }
      writing.set(false);
    });
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      readers.add(new Thread(() -> {
        int lastSeen = 0;
        while (writing.get() && failures.isEmpty()) {
          int completed = done.get();
          SharedFrame shared = index.shared(channel);
          int seen = changesIn(new JsonObject(new String(shared.utf8(), StandardCharsets.UTF_8)),
              n, channel, failures);
          answers.incrementAndGet();
          if (seen < completed || seen < lastSeen) {
            failures.add("answer after " + seen + " changes, asked after " + completed
                + ", an earlier answer after " + lastSeen);
          }
          lastSeen = Math.max(lastSeen, seen);
        }
      }));
    }
    readers.forEach(Thread::start);
    writer.start();
    writer.join(30_000);
    for (Thread reader : readers) {
      reader.join(30_000);
    }
    assertThat(failures).isEmpty();
    assertThat(answers.get()).isPositive();
    assertThat(changesIn(new JsonObject(index.answer(channel)), n, channel, failures))
        .isEqualTo(2 * n - 1);
    assertThat(failures).isEmpty();
  }

  /** After how many of {@link #concurrent}'s changes {@code answer} lists the members. */
  private static int changesIn(JsonObject answer, int n, String channel, List<String> failures) {
    JsonArray clients = answer.getJsonArray("clients");
    if (clients.isEmpty()) {
      if (answer.getInteger("count") != 0 || answer.getInteger("users") != 0) {
        failures.add("empty list, count or users not 0: " + answer);
      }
      return 0;
    }
    int first = Integer.parseInt(clients.getJsonObject(0).getString("session").substring(1));
    Set<String> users = new HashSet<>();
    for (int i = 0; i < clients.size(); i++) {
      JsonObject client = clients.getJsonObject(i);
      int j = first + i;
      users.add("u" + (j % 7));
      if (!client.equals(new JsonObject().put("session", "s" + j).put("user", "u" + (j % 7))
          .put("node", "node-1").put("joinedAt", 1_000L + j))) {
        failures.add("client " + i + " is not s" + j + ": " + client);
      }
    }
    int last = first + clients.size() - 1;
    if (!channel.equals(answer.getString("channel")) || answer.getInteger("count") != clients.size()
        || answer.getInteger("users") != users.size()) {
      failures.add("channel, count or users do not match the clients: " + answer);
    }
    if (first == 0) {
      return clients.size();
    }
    if (last != n - 1) {
      failures.add("members s" + first + "..s" + last + " were never the members at once");
    }
    return n + first;
  }
}
