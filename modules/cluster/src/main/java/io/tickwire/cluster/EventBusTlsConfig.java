package io.tickwire.cluster;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code cluster.eventBusTls} section: mutual TLS between the members' event buses. On, each
 * member listens with TLS, demands a client certificate, and presents its own when it connects
 * to another; a peer is accepted when its certificate chains to {@code trustPath}. Host names
 * are not checked (members connect to pod IPs), so the trust file must hold a certificate
 * authority (or the one self-signed certificate) that signs cluster members and nothing else.
 *
 * @param enabled TLS on the event bus; off, the members talk plain TCP
 * @param keyPath the member's private key, PEM (PKCS#8 {@code PRIVATE KEY} or PKCS#1
 *     {@code RSA PRIVATE KEY})
 * @param certPath the member's certificate chain, PEM
 * @param trustPath the certificates a peer's chain must end in, PEM
 */
public record EventBusTlsConfig(boolean enabled, String keyPath, String certPath,
    String trustPath) {

  public EventBusTlsConfig {
    if (enabled) {
      readable("keyPath", keyPath);
      readable("certPath", certPath);
      readable("trustPath", trustPath);
    }
  }

  /** TLS off. */
  public static EventBusTlsConfig off() {
    return new EventBusTlsConfig(false, null, null, null);
  }

  public static EventBusTlsConfig from(Section section) {
    EventBusTlsConfig config = new EventBusTlsConfig(
        section.bool("enabled", false),
        section.string("keyPath", null),
        section.string("certPath", null),
        section.string("trustPath", null));
    section.done();
    return config;
  }

  /** Sets TLS, when enabled, on the options of a member's event bus (server and client). */
  void applyTo(EventBusOptions options) {
    if (!enabled) {
      return;
    }
    options.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(keyPath).setCertPath(certPath))
        .setTrustOptions(new PemTrustOptions().addCertPath(trustPath));
  }

  private static void readable(String key, String path) {
    String name = "cluster.eventBusTls." + key;
    if (path == null) {
      throw new ConfigException(name, "is required with cluster.eventBusTls.enabled");
    }
    if (!Files.isRegularFile(Path.of(path)) || !Files.isReadable(Path.of(path))) {
      throw new ConfigException(name, "no readable file: " + path);
    }
  }
}
