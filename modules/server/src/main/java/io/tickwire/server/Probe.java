package io.tickwire.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health check for images without a shell or curl: asks a node's
 * {@code /health/ready} and exits 0 when it answers 200, 1 otherwise. It loads no class of
 * tickwire's but this one, so a small JVM runs it quickly:
 *
 * <pre>java -Xmx32m -cp /app/classes io.tickwire.server.Probe [url]</pre>
 *
 * <p>The URL defaults to {@value #DEFAULT_URL}.
 */
public final class Probe {

  static final String DEFAULT_URL = "http://127.0.0.1:8080/health/ready";
  /** Connect and read timeout: a node too busy to answer within it is not ready. */
  static final int TIMEOUT_MS = 3_000;

  private Probe() {
  }

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : DEFAULT_URL;
    int status = status(url);
    if (status != 200) {
      System.err.println("probe: " + url + (status < 0 ? " did not answer" : " answered "
          + status));
    }
    System.exit(status == 200 ? 0 : 1);
  }

  /** The HTTP status {@code url} answers a GET with, or -1 when it does not answer. */
  static int status(String url) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(TIMEOUT_MS);
      connection.setReadTimeout(TIMEOUT_MS);
      connection.setUseCaches(false);
      int status = connection.getResponseCode();
      // Read the body so that the request completes; its content does not matter.
      try (InputStream body = status < 400 ? connection.getInputStream()
          : connection.getErrorStream()) {
        if (body != null) {
          body.readAllBytes();
        }
      }
      return status;
    } catch (IOException | IllegalArgumentException e) {
      return -1;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }
}
