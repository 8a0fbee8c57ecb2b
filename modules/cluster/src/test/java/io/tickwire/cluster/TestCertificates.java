package io.tickwire.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed key pairs made for a test by the JDK's {@code keytool}, written as PEM files in a
 * directory of the test's own: nothing private is kept in the repository.
 */
final class TestCertificates {

  /** The password of the PKCS#12 store keytool writes. */
  static final String PASSWORD = "test-only";

  /**
   * One identity: the private key and the self-signed certificate as PEM, and both in the
   * PKCS#12 store keytool made (for clients written with the JDK's own TLS).
   */
  record Pair(Path key, Path cert, Path store) {
  }

  private TestCertificates() {
  }

  /** A fresh RSA key and a self-signed certificate for {@code name}, valid for two days. */
  static Pair create(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
        "-sigalg", "SHA256withRSA", "-dname", "CN=" + name, "-validity", "2",
        "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    Pair pair = new Pair(dir.resolve(name + "-key.pem"), dir.resolve(name + "-cert.pem"), store);
    pem(pair.key(), "PRIVATE KEY", keys.getKey(name, PASSWORD.toCharArray()).getEncoded());
    pem(pair.cert(), "CERTIFICATE", keys.getCertificate(name).getEncoded());
    return pair;
  }

  private static void pem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type
        + "-----\n");
  }
}
