package io.tickwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.endpoint.Session;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.Methods;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Slow clients")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BackpressureTest {

  static final int MESSAGES = 600;
  static final int PAYLOAD_BYTES = 32 * 1024;
  static final int STALLED = 100;
  static final int REQUESTS = 80;
  static GatewayFixture node;

  @BeforeAll
  static void start() {
    node = GatewayFixture.start(json -> json.getJsonObject("gateway").put("compression", false)
        .put("writeQueueBytes", 16 * 1024).put("outboundQueueMessages", 50)
        .put("outboundQueueBytes", 256 * 1024).put("closeTimeoutMs", 10_000)
        // The ping floods here are to meet the write-queue bound, not the rate limit (4008).
        .put("rateLimit", new JsonObject().put("framesPerSec", 1_000_000)
            .put("burst", 1_000_000)));
    String blob = payloads().get(0).repeat(4);
    Await.result(Methods.register(node.vertx, "test.big", call -> Future.succeededFuture(
        new JsonObject().put("blob", blob))).completion());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** Incompressible payloads of about 32 KiB. */
  static List<String> payloads() {
    Random random = new Random(7);
    byte[] bytes = new byte[PAYLOAD_BYTES * 3 / 4];
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      random.nextBytes(bytes);
      payloads.add(Base64.getEncoder().encodeToString(bytes));
    }
    return payloads;
  }

  /** Publishes {@code MESSAGES} messages of about 32 KiB, all at once. */
  static void flood(String channel) {
    flood(channel, MESSAGES);
  }

  /** Publishes {@code count} messages of about 32 KiB, all at once. */
  static void flood(String channel, int count) {
    ChannelPublisher publisher = new ChannelPublisher(node.vertx);
    List<String> payloads = payloads();
    List<Future<ChannelPublisher.Published>> published = new ArrayList<>();
    Await.result(node.vertx.executeBlocking(() -> {
      for (int i = 1; i <= count; i++) {
        published.add(publisher.publish(channel, new JsonObject().put("n", i)
            .put("blob", payloads.get(i % payloads.size()))));
      }
      return null;
    }));
    Await.result(Future.all(published));
  }

  @Test
  @DisplayName("conflates a latest channel for a client that stops reading while a fast client gets every message")
  void conflation() {
    TestSocket fast = node.connect();
    TestSocket slow = node.connect();
    fast.subscribe("prices.FLOOD-USD");
    slow.subscribe("prices.FLOOD-USD");
    slow.ws.pause();
    ChannelPublisher publisher = new ChannelPublisher(node.vertx);
    List<String> payloads = payloads();
    // Paced by the fast client: each message is published once it read the one before.
    for (int i = 1; i <= MESSAGES; i++) {
      Await.result(publisher.publish("prices.FLOOD-USD", new JsonObject().put("n", i)
          .put("blob", payloads.get(i % payloads.size()))));
      assertThat(fast.next("message").getJsonObject("data").getInteger("n")).isEqualTo(i);
    }
    slow.ws.resume();
    List<Integer> seen = new ArrayList<>();
    int n = 0;
    while (n != MESSAGES) {
      n = slow.next("message").getJsonObject("data").getInteger("n");
      seen.add(n);
    }
    assertThat(seen).isSorted().doesNotHaveDuplicates();
    assertThat(seen.size()).isLessThan(MESSAGES);
    Counter conflated = node.node.registry().find("tickwire.gateway.conflated")
        .tag("namespace", "prices").counter();
    assertThat(conflated).isNotNull();
    assertThat(conflated.count()).isPositive();
    fast.close();
    slow.close();
  }

  @Test
  @DisplayName("closes with 4009 each of 100 clients that keep requesting 128 KB answers without reading, with the heap bounded, while a reading client is served")
  void stalledRequesters() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    double closedBefore = closed4009();
    // Small receive buffers: what the kernel holds for a client that does not read stays small.
    WebSocketClient stalledClient = node.vertx.createWebSocketClient(new WebSocketClientOptions()
        .setReceiveBufferSize(8 * 1024).setMaxConnections(STALLED));
    List<TestSocket> stalled = new ArrayList<>();
    for (int i = 0; i < STALLED; i++) {
      TestSocket socket = Await.result(node.onEventLoop(() -> stalledClient
          .connect(node.port, "127.0.0.1", "/ws").map(TestSocket::new)));
      socket.ws.pause();
      stalled.add(socket);
    }
    TestSocket reader = node.connect();
    // Within the rate limit's burst: every request is answered, none refused.
    for (int round = 0; round < REQUESTS; round++) {
      for (TestSocket socket : stalled) {
        socket.send(new JsonObject().put("type", "request").put("id", "r" + round)
            .put("method", "test.big").put("data", new JsonObject()));
      }
      if (round % 10 == 0) {
        JsonObject answer = reader.request("test.big", new JsonObject());
        assertThat(answer.getString("type")).isEqualTo("response");
        assertThat(answer.getJsonObject("data").getString("blob")).hasSize(PAYLOAD_BYTES * 4);
      }
    }
    Await.until("every stalled socket closed with 4009",
        () -> closed4009() - closedBefore >= STALLED);
    assertThat(closed4009() - closedBefore).isEqualTo(STALLED);
    reader.send(new JsonObject().put("type", "ping").put("id", "after"));
    assertThat(reader.next("pong").getString("id")).isEqualTo("after");
    reader.close();
    // The stalled clients live in this JVM: let them read to their end before weighing the heap.
    for (TestSocket socket : stalled) {
      socket.ws.resume();
      socket.awaitClose();
      socket.frames.clear();
    }
    System.gc();
    long heapAfter = memory.getHeapMemoryUsage().getUsed();
    // Unbounded, the node would hold 100 clients × 80 answers of 128 KB: 1 GB. Bounded, each
    // holds at most its write queue, the waiting answers and the one over: 400 KB, 40 MB in all;
    // the buffer pools keep their high-water mark, and the clients' own buffers are in this JVM.
    assertThat(heapAfter - heapBefore).isLessThan(128L * 1024 * 1024);
  }

  @Test
  @DisplayName("closes with 4009 a client that sends WebSocket pings and never reads the pongs")
  void pingFlood() throws IOException {
    double closedBefore = closed4009();
    try (Socket socket = new Socket()) {
      upgrade(socket, "/ws");
      OutputStream out = socket.getOutputStream();
      // 100 masked pings of 125 bytes a write (mask 0: the payload goes as it is).
      byte[] batch = new byte[100 * 131];
      for (int i = 0; i < 100; i++) {
        batch[i * 131] = (byte) 0x89;
        batch[i * 131 + 1] = (byte) (0x80 | 125);
      }
      // At most 13 MB of pings; the pongs unread fill the node's write queue long before.
      try {
        for (int round = 0; round < 1_000 && closed4009() == closedBefore; round++) {
          out.write(batch);
        }
      } catch (IOException closedByNode) {
        // The node closed the connection while pings were still going out.
      }
    }
    Await.until("a close with 4009", () -> closed4009() > closedBefore);
    assertThat(closed4009() - closedBefore).isEqualTo(1);
  }

  @Test
  @DisplayName("keeps a client that pings while its messages wait behind a full socket, and delivers them all once it reads")
  void pingWhileBehind() throws IOException {
    double closedBefore = closed4009();
    try (Socket socket = new Socket()) {
      DataInputStream in = upgrade(socket, "/ws?channels=tx.behind");
      int count = fillBehind(in, "tx.behind");
      // Three masked pings (mask 0), as a client's keep-alive would send during the transfer.
      ping(socket, 3);
      int messages = 0;
      int pongs = 0;
      while (messages < count) {
        Frame frame = Frame.read(in);
        assertThat(frame.opcode()).as("no close frame before every message").isNotEqualTo(0x8);
        if (frame.opcode() == 0xA) {
          pongs++;
        } else if (frame.text().startsWith("{\"type\":\"message\"")) {
          messages++;
        }
      }
      // Vert.x writes a pong at once, ahead of the messages waiting in the connection's queue.
      assertThat(pongs).as("the pongs came before the last message").isEqualTo(3);
    }
    assertThat(closed4009()).isEqualTo(closedBefore);
  }

  @Test
  @DisplayName("closes with 4009 a client that sends a ninth ping while its messages still wait behind a full socket")
  void ninthPingWhileBehind() throws IOException {
    double closedBefore = closed4009();
    try (Socket socket = new Socket()) {
      DataInputStream in = upgrade(socket, "/ws?channels=tx.ninth");
      fillBehind(in, "tx.ninth");
      ping(socket, Session.MAX_PINGS_WHILE_FULL + 1);
      Frame frame = Frame.read(in);
      while (frame.opcode() != 0x8) {
        frame = Frame.read(in);
      }
      assertThat(((frame.payload()[0] & 0xff) << 8) | (frame.payload()[1] & 0xff))
          .isEqualTo(4009);
    }
    Await.until("the close counted", () -> closed4009() > closedBefore);
    assertThat(closed4009() - closedBefore).isEqualTo(1);
  }

  /** One frame from the node (never masked). */
  record Frame(int opcode, byte[] payload) {
    static Frame read(DataInputStream in) throws IOException {
      int first = in.readUnsignedByte();
      int length = in.readUnsignedByte() & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = (int) in.readLong();
      }
      return new Frame(first & 0x0f, in.readNBytes(length));
    }

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** Sends {@code count} masked pings (mask 0: the payload goes as it is) in one write. */
  static void ping(Socket socket, int count) throws IOException {
    byte[] pings = new byte[count * 10];
    for (int i = 0; i < count; i++) {
      System.arraycopy(new byte[] {(byte) 0x89, (byte) 0x84, 0, 0, 0, 0, 'p', 'i', 'n', 'g'}, 0,
          pings, i * 10, 10);
    }
    socket.getOutputStream().write(pings);
  }

  /**
   * Reads until the connection's subscription to {@code channel} is answered, then reads
   * nothing more while rounds of ten messages fill the kernel's buffers and then the node's
   * write queue: the round after which some wait in the connection's queue (well under its 50)
   * is the last. Answers how many were published.
   */
  static int fillBehind(DataInputStream in, String channel) throws IOException {
    for (Frame frame = Frame.read(in); !(frame.text().startsWith("{\"type\":\"subscribed\"")
        && frame.text().contains(channel)); frame = Frame.read(in)) {
      assertThat(frame.opcode()).as("no close frame").isNotEqualTo(0x8);
    }
    String namespace = channel.substring(0, channel.indexOf('.'));
    double deliveredBefore = delivered(namespace);
    int count = 0;
    double[] written = {0};
    while (written[0] == count) {
      assertThat(count).as("the kernel took it all").isLessThan(1_000);
      flood(channel, 10);
      count += 10;
      // Settled: the same count twice, 300 ms apart, after this round's publication.
      double[] last = {-1};
      Await.until("the writes to stop", Duration.ofSeconds(30), Duration.ofMillis(300), () -> {
        double now = delivered(namespace) - deliveredBefore;
        boolean settled = now == last[0];
        last[0] = now;
        return settled;
      });
      written[0] = last[0];
    }
    assertThat(written[0]).as("some messages wait behind the full socket").isLessThan(count);
    return count;
  }

  static double delivered(String namespace) {
    Counter delivered = node.node.registry().find("tickwire.gateway.delivered")
        .tag("namespace", namespace).counter();
    return delivered == null ? 0 : delivered.count();
  }

  /**
   * Connects {@code socket} with a 4 KiB receive buffer (the node's writes back up soon when it
   * does not read) and upgrades it at {@code path}; answers what it reads after the upgrade.
   */
  static DataInputStream upgrade(Socket socket, String path) throws IOException {
    socket.setReceiveBufferSize(4 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", node.port), 5_000);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.read());
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return in;
  }

  static double closed4009() {
    Counter closes = node.node.registry().find("tickwire.gateway.closes").tag("code", "4009")
        .counter();
    return closes == null ? 0 : closes.count();
  }

  @Test
  @DisplayName("closes a stalled stream client with 4009, and it recovers every message on reconnect")
  void slowConsumer() {
    TestSocket stalled = node.connect();
    JsonObject granted = stalled.subscribe("tx.flood").getJsonArray("channels").getJsonObject(0);
    stalled.ws.pause();
    flood("tx.flood");
    stalled.ws.resume();
    long lastSeen = granted.getLong("seq");
    String epoch = granted.getString("epoch");
    // Frames are queued in arrival order, so once the close arrived every frame before it is in.
    int code = stalled.awaitClose();
    for (JsonObject frame = stalled.frames.poll(); frame != null; frame = stalled.frames.poll()) {
      assertThat(frame.getLong("seq")).isEqualTo(lastSeen + 1);
      lastSeen = frame.getLong("seq");
    }
    assertThat(code).isEqualTo(4009);
    assertThat(lastSeen).isLessThan(granted.getLong("seq") + MESSAGES);

    TestSocket again = node.connect();
    JsonObject resumed = again.subscribe(new JsonObject().put("tx.flood",
        new JsonObject().put("seq", lastSeen).put("epoch", epoch)), "tx.flood")
        .getJsonArray("channels").getJsonObject(0);
    assertThat(resumed.getBoolean("recovered")).isTrue();
    long expected = lastSeen + 1;
    while (expected <= granted.getLong("seq") + MESSAGES) {
      assertThat(again.next("message").getLong("seq")).isEqualTo(expected++);
    }
    again.close();
  }
}
