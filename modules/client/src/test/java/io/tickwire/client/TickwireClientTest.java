package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.testkit.DropProxy;
import io.tickwire.testkit.TestGateway;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("The Java client against a real node")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TickwireClientTest {

  static TestGateway node;
  static Vertx harness;
  static DropProxy proxy;
  static final AtomicInteger recorded = new AtomicInteger();

  TickwireClient client;
  Events events;

  @BeforeAll
  static void start() {
    node = TestGateway.start(json -> json.getJsonObject("namespaces")
        .put("short", new JsonObject().put("mode", "stream").put("historySize", 5)));
    node.method("test.record", call -> Future.succeededFuture(
        new JsonObject().put("n", recorded.incrementAndGet()).put("data", call.data())));
    node.method("test.hang", call -> Promise.promise().future());
    harness = Vertx.vertx();
    proxy = DropProxy.start(harness, node.port);
  }

  @AfterAll
  static void stop() {
    proxy.close();
    Await.result(harness.close());
    node.close();
  }

  @BeforeEach
  void accept() {
    proxy.accept();
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      Await.result(client.close());
    }
  }

  /** Options through the proxy, with short backoff so that tests wait on events, not clocks. */
  static ClientOptions options() {
    return new ClientOptions().setHost("127.0.0.1").setPort(proxy.port())
        .setBackoffBaseMs(20).setBackoffCapMs(200).setPingIntervalMs(0);
  }

  void connect(ClientOptions options) {
    client = TickwireClient.create(options);
    events = Events.of(client);
    Await.result(client.connect());
    events.state(ConnectionState.CONNECTED);
  }

  @Test
  @DisplayName("subscribes, receives messages, answers requests and measures the round trip of pings")
  void basics() {
    connect(options());
    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(client.session()).isNotBlank();
    SubscribeResult result = Await.result(client.subscribe("tx.basics", "nope.x"));
    assertThat(result.granted()).extracting(granted -> granted.channel()).containsExactly("tx.basics");
    assertThat(result.refused()).extracting(ProtocolException::code)
        .containsExactly(ErrorCode.NOT_FOUND);
    List<TickwireMessage> onChannel = new ArrayList<>();
    client.onMessage("tx.basics", onChannel::add);
    node.publish("tx.basics", new JsonObject().put("n", 1));
    TickwireMessage message = events.message();
    assertThat(message.channel()).isEqualTo("tx.basics");
    assertThat(message.json().getInteger("n")).isEqualTo(1);
    assertThat(onChannel).hasSize(1);
    Object echoed = Await.result(client.request("system.echo",
        new JsonObject().put("hello", "world")));
    assertThat(echoed).isEqualTo(new JsonObject().put("hello", "world"));
    assertThatThrownBy(() -> Await.result(client.request("nobody.home", new JsonObject())))
        .hasRootCauseInstanceOf(ProtocolException.class).rootCause()
        .extracting(cause -> ((ProtocolException) cause).code()).isEqualTo(ErrorCode.NOT_FOUND);
    double rtt = Await.result(client.ping());
    assertThat(rtt).isPositive();
    assertThat(client.rtt().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("reconnects after a dropped connection and resumes a stream channel without a gap or a duplicate")
  void dropAndResume() {
    connect(options());
    Await.result(client.subscribe("tx.resume"));
    for (int i = 1; i <= 3; i++) {
      node.publish("tx.resume", new JsonObject().put("n", i));
    }
    long lastSeq = 0;
    for (int i = 1; i <= 3; i++) {
      lastSeq = events.message().seq();
    }
    proxy.refuse();
    StateChange lost = events.state(ConnectionState.RECONNECTING);
    assertThat(lost.closeCode()).isEqualTo(1006);
    for (int i = 4; i <= 10; i++) {
      node.publish("tx.resume", new JsonObject().put("n", i));
    }
    proxy.accept();
    events.state(ConnectionState.CONNECTED);
    node.publish("tx.resume", new JsonObject().put("n", 11));
    for (int i = 4; i <= 11; i++) {
      TickwireMessage message = events.message();
      assertThat(message.seq()).isEqualTo(++lastSeq);
      assertThat(message.json().getInteger("n")).isEqualTo(i);
    }
    Await.result(client.ping());
    assertThat(events.messages).isEmpty();
    assertThat(events.resyncs).isEmpty();
  }

  @Test
  @DisplayName("raises a resync when the server answers recovered: false after too long an absence")
  void resyncOutsideWindow() {
    connect(options());
    Await.result(client.subscribe("short.window"));
    node.publish("short.window", new JsonObject().put("n", 1));
    events.message();
    proxy.refuse();
    events.state(ConnectionState.RECONNECTING);
    for (int i = 2; i <= 20; i++) {
      node.publish("short.window", new JsonObject().put("n", i));
    }
    proxy.accept();
    Resync resync = events.resync();
    assertThat(resync.channel()).isEqualTo("short.window");
    assertThat(resync.seq()).isEqualTo(20);
    node.publish("short.window", new JsonObject().put("n", 21));
    assertThat(events.message().json().getInteger("n")).isEqualTo(21);
  }

  @Test
  @DisplayName("flushes frames queued while disconnected in order, after the resubscription")
  void queueFlushedInOrder() {
    connect(options());
    proxy.refuse();
    events.state(ConnectionState.RECONNECTING);
    List<Future<Object>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(client.request("test.record", new JsonObject().put("i", i)));
    }
    proxy.accept();
    int previous = -1;
    for (int i = 0; i < 5; i++) {
      JsonObject answer = (JsonObject) Await.result(answers.get(i));
      assertThat(answer.getJsonObject("data").getInteger("i")).isEqualTo(i);
      assertThat(answer.getInteger("n")).isGreaterThan(previous);
      previous = answer.getInteger("n");
    }
  }

  @Test
  @DisplayName("refuses a frame with QUEUE_FULL when the outbound queue is full, and drops none of the others")
  void queueOverflow() {
    connect(options().setQueueSize(2));
    proxy.refuse();
    events.state(ConnectionState.RECONNECTING);
    Future<Object> first = client.request("system.echo", new JsonObject().put("i", 1));
    Future<Object> second = client.request("system.echo", new JsonObject().put("i", 2));
    Future<Object> third = client.request("system.echo", new JsonObject().put("i", 3));
    assertThatThrownBy(() -> Await.result(third)).rootCause().isInstanceOf(ClientException.class)
        .extracting(cause -> ((ClientException) cause).reason())
        .isEqualTo(ClientException.Reason.QUEUE_FULL);
    proxy.accept();
    assertThat(Await.result(first)).isEqualTo(new JsonObject().put("i", 1));
    assertThat(Await.result(second)).isEqualTo(new JsonObject().put("i", 2));
  }

  @Test
  @DisplayName("fails a request that gets no answer in time with TIMEOUT")
  void requestTimeout() {
    connect(options());
    assertThatThrownBy(() -> Await.result(client.request("test.hang", new JsonObject(), 200)))
        .rootCause().isInstanceOf(ClientException.class)
        .extracting(cause -> ((ClientException) cause).reason())
        .isEqualTo(ClientException.Reason.TIMEOUT);
    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  @DisplayName("fails a request in flight with DISCONNECTED when the connection drops")
  void requestDisconnected() {
    connect(options());
    Future<Object> hanging = client.request("test.hang", new JsonObject(), 30_000);
    Await.result(client.ping());
    proxy.drop();
    assertThatThrownBy(() -> Await.result(hanging)).rootCause().isInstanceOf(ClientException.class)
        .extracting(cause -> ((ClientException) cause).reason())
        .isEqualTo(ClientException.Reason.DISCONNECTED);
    events.state(ConnectionState.CONNECTED);
  }

  @Test
  @DisplayName("gives up after maxAttempts reconnect attempts, stays disconnected and says why")
  void maxAttempts() {
    connect(options().setMaxAttempts(2));
    Future<Object> queued;
    proxy.refuse();
    assertThat(events.state(ConnectionState.RECONNECTING).attempt()).isEqualTo(1);
    queued = client.request("system.echo", new JsonObject());
    assertThat(events.state(ConnectionState.RECONNECTING).attempt()).isEqualTo(2);
    StateChange gaveUp = events.state(ConnectionState.DISCONNECTED);
    assertThat(gaveUp.reason()).contains("gave up after 2 reconnect attempts");
    assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThatThrownBy(() -> Await.result(queued)).rootCause().isInstanceOf(ClientException.class)
        .extracting(cause -> ((ClientException) cause).reason())
        .isEqualTo(ClientException.Reason.CLOSED);
    assertThat(events.states).isEmpty();
  }

  @Test
  @DisplayName("does not reconnect when the backend disconnects the user (4003)")
  void disconnectedByBackend() {
    String token = node.token("carol", 300);
    connect(options().setTokenSupplier(TokenSupplier.of(token)));
    CompletableFuture<Integer> status = new CompletableFuture<>();
    harness.createHttpClient().request(io.vertx.core.http.HttpMethod.POST, node.port,
            "127.0.0.1", "/api/users/carol/disconnect")
        .compose(request -> request.putHeader("Authorization", "ApiKey " + TestConfig.API_KEY)
            .send())
        .onComplete(response -> status.complete(response.statusCode()),
            status::completeExceptionally);
    assertThat(status.join()).isEqualTo(202);
    StateChange change = events.state(ConnectionState.DISCONNECTED);
    assertThat(change.closeCode()).isEqualTo(4003);
    assertThat(change.reason()).contains("disconnected by the server");
  }

  @Test
  @DisplayName("asks the token supplier on connect and before expiry, refreshing without reconnecting")
  void tokenRefresh() {
    AtomicInteger asked = new AtomicInteger();
    CompletableFuture<Void> thirdToken = new CompletableFuture<>();
    connect(options().setTokenSupplier(() -> {
      if (asked.incrementAndGet() == 3) {
        thirdToken.complete(null);
      }
      return Future.succeededFuture(node.token("dave", 3));
    }));
    String session = client.session();
    Await.result(client.subscribe("user.dave"));
    thirdToken.orTimeout(20, TimeUnit.SECONDS).join();
    // The first token has expired by now: the connection lives on refreshed tokens.
    Await.result(client.ping());
    assertThat(client.session()).isEqualTo(session);
    assertThat(events.states).isEmpty();
    node.publish("user.dave", new JsonObject().put("hello", "dave"));
    assertThat(events.message().channel()).isEqualTo("user.dave");
  }

  @Test
  @DisplayName("may be called from many threads at once")
  void threadSafe() throws Exception {
    connect(options());
    List<Thread> threads = new ArrayList<>();
    List<Future<Object>> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread caller = new Thread(() -> {
        for (int i = 0; i < 25; i++) {
          answers.add(client.request("system.echo", new JsonObject().put("t", thread).put("i", i)));
        }
      });
      caller.start();
      threads.add(caller);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(answers).hasSize(100);
    for (Future<Object> answer : answers) {
      assertThat(Await.result(answer)).isInstanceOf(JsonObject.class);
    }
  }
}
