package io.tickwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.runtime.Methods;
import io.tickwire.testkit.core.Await;
import io.tickwire.testkit.core.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members whose event buses speak mutual TLS with a key pair made for this test, and clients
 * of the event-bus port that do not hold it.
 */
@DisplayName("The members' event bus with mutual TLS")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventBusTlsTest {

  static final String METHOD = "test.tls";
  /** How long a refused client may wait for the member to close its connection. */
  static final int REFUSAL_MS = 10_000;

  @TempDir
  static Path dir;
  static TestCertificates.Pair member;
  static TestCertificates.Pair intruder;
  static TestCluster cluster;
  static final AtomicInteger served = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    member = TestCertificates.create(dir, "tickwire-test-cluster");
    intruder = TestCertificates.create(dir, "intruder");
    cluster = new TestCluster(2, new JsonObject().put("eventBusTls", new JsonObject()
        .put("enabled", true).put("keyPath", member.key().toString())
        .put("certPath", member.cert().toString()).put("trustPath", member.cert().toString())));
    Await.result(Methods.register(cluster.member(1).cluster.vertx(), METHOD, call -> {
      served.incrementAndGet();
      return Future.succeededFuture(new JsonObject().put("user", call.user()));
    }).completion());
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("carry a message published on one member to a subscriber on the other, and a request and its answer, over TLS on the configured port")
  void worksEndToEnd() throws Exception {
    TestCluster.Member subscriberNode = cluster.member(0);
    // Sequenced and fanned out by member 1, so the message reaches member 0 over the bus.
    String channel = IntStream.range(0, 100).mapToObj(i -> "tx.tls" + i)
        .filter(name -> !subscriberNode.cluster.ownership().owns(name)).findFirst().orElseThrow();
    TestSocket socket = subscriberNode.connect("?token=" + TestCluster.token("dora"));
    socket.subscribe(channel);
    cluster.member(1).publishOnBus(channel, new JsonObject().put("n", 1));
    assertThat(socket.next("message").getJsonObject("data").getInteger("n")).isEqualTo(1);

    JsonObject response = socket.request(METHOD, new JsonObject());
    assertThat(response.getString("type")).isEqualTo("response");
    assertThat(response.getJsonObject("data").getString("user")).isEqualTo("dora");
    socket.close();

    // The bus is where the configuration put it, and it speaks TLS with the member's certificate.
    try (SSLSocket tls = tlsClient(member.store(), cluster.eventBusPorts.get(0))) {
      tls.setSoTimeout(REFUSAL_MS);
      tls.startHandshake();
      assertThat(((X509Certificate) tls.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal().getName()).isEqualTo("CN=tickwire-test-cluster");
      // A holder of the cluster's certificate stays connected (the bus waits for frames).
      tls.setSoTimeout(1_000);
      assertThatThrownBy(() -> tls.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  @DisplayName("close the connection of a plain TCP client of the event-bus port without answering it")
  void refusePlainClient() throws Exception {
    try (Socket plain = new Socket("127.0.0.1", cluster.eventBusPorts.get(0))) {
      plain.setSoTimeout(REFUSAL_MS);
      // The start of a frame longer than what follows: a plain bus would wait for the rest
      // and keep the connection open, so only a refusal closes it in time.
      byte[] body = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
      OutputStream out = plain.getOutputStream();
      out.write(new byte[] {0, 0, 4, 0});
      out.write(body);
      out.flush();
      byte[] answer = readUntilClosed(plain.getInputStream());
      // Nothing of the bus, at most a TLS alert record.
      assertThat(answer.length == 0 || answer[0] == 0x15)
          .as("answered %d bytes starting %s", answer.length,
              answer.length == 0 ? "-" : Integer.toHexString(answer[0])).isTrue();
    }
  }

  @Test
  @DisplayName("refuse a TLS client without a certificate, and one whose certificate the cluster does not trust")
  void refuseStrangers() throws Exception {
    int before = served.get();
    assertRefused(tlsClient(null, cluster.eventBusPorts.get(1)));
    assertRefused(tlsClient(intruder.store(), cluster.eventBusPorts.get(1)));
    assertThat(served.get()).isEqualTo(before);
  }

  @Test
  @DisplayName("give a member with a plain event bus no way to call a method: the request fails and no handler runs")
  void refuseRogueMember() {
    int before = served.get();
    CallerSealTest.Rogue rogue = CallerSealTest.Rogue.join(cluster);
    try {
      assertThat(Await.failure(rogue.vertx().eventBus().request(
          io.tickwire.protocol.Addresses.method(METHOD), new JsonObject(),
          new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(3_000))))
          .isInstanceOf(Exception.class);
      assertThat(served.get()).isEqualTo(before);
    } finally {
      rogue.close();
      cluster.settle(30);
    }
  }

  /**
   * Expects the member to close the connection after the handshake, without a word: a client it
   * accepts would be left waiting instead (see {@link #worksEndToEnd}).
   */
  private static void assertRefused(SSLSocket socket) throws Exception {
    try (socket) {
      socket.setSoTimeout(REFUSAL_MS);
      socket.startHandshake();
      assertThat(readUntilClosed(socket.getInputStream())).isEmpty();
    } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
      // Refused during or right after the handshake (TLS 1.3 reports a refused client
      // certificate on the client's first read or write, or the member has already closed
      // the connection): what must happen. A timeout is neither of these.
    }
  }

  /**
   * What the member sends before it closes the connection (a reset counts as closed); fails
   * when it keeps the connection open for {@link #REFUSAL_MS}.
   */
  private static byte[] readUntilClosed(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[256];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the member kept the connection of a client it must refuse", e);
    } catch (java.net.SocketException e) {
      // Reset by the member.
    }
    return read.toByteArray();
  }

  /**
   * A JDK TLS client of a member's event bus that trusts the cluster's certificate and presents
   * the key pair in {@code store}, or none.
   */
  private static SSLSocket tlsClient(Path store, int port) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(member.cert())) {
      trust.setCertificateEntry("cluster",
          CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trusts = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    trusts.init(trust);
    KeyManagerFactory keys = null;
    if (store != null) {
      KeyStore identity = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        identity.load(in, TestCertificates.PASSWORD.toCharArray());
      }
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(identity, TestCertificates.PASSWORD.toCharArray());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trusts.getTrustManagers(), null);
    return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
  }
}
