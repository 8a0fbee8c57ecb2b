package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("MessagePack frames in a cluster")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MessagePackClusterTest {

  static double encoded(TestCluster.Member member) {
    Counter counter = member.node.registry().find("tickwire.gateway.msgpack.encoded").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  @DisplayName("packs each message once on every member with MessagePack subscribers, and its "
      + "clients get what a JSON client of another member gets")
  void packedOncePerMember() {
    String channel = "tx.packed";
    int messages = 4;
    try (TestCluster cluster = new TestCluster(2)) {
      TestSocket json = cluster.member(0).connect("?channels=" + channel);
      json.next("subscribed");
      List<List<TestSocket>> packed = new ArrayList<>();
      for (int m = 0; m < 2; m++) {
        List<TestSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          TestSocket socket = cluster.member(m).connectMsgPack("?channels=" + channel);
          socket.next("subscribed");
          sockets.add(socket);
        }
        packed.add(sockets);
      }
      double before0 = encoded(cluster.member(0));
      double before1 = encoded(cluster.member(1));

      for (int i = 0; i < messages; i++) {
        cluster.member(i % 2).publishOnBus(channel, new JsonObject().put("n", i));
      }
      for (int i = 0; i < messages; i++) {
        JsonObject expected = json.message(channel);
        assertThat(expected.getJsonObject("data").getInteger("n")).isEqualTo(i);
        for (List<TestSocket> sockets : packed) {
          for (TestSocket socket : sockets) {
            assertThat(socket.message(channel)).isEqualTo(expected);
          }
        }
      }
      assertThat(encoded(cluster.member(0)) - before0).isEqualTo(messages);
      assertThat(encoded(cluster.member(1)) - before1).isEqualTo(messages);
      for (List<TestSocket> sockets : packed) {
        for (TestSocket socket : sockets) {
          assertThat(socket.textMessages).hasValue(0);
          socket.close();
        }
      }
      json.close();
    }
  }
}
