package io.tickwire.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.RequestHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals who calls a request method, so that a service believes {@link RequestHeaders#USER} only
 * when a member of the cluster put it there. Every message a member sends to a method address
 * ({@link Addresses#METHOD_PREFIX}) gets the header {@link RequestHeaders#SEAL}:
 * {@code v1.<issued-at ms>.<HMAC-SHA256>} over the address, the user, session and wallets
 * headers, the time and the body, keyed by {@code cluster.identitySecret}. Every member refuses
 * a message to a method address whose seal is missing, does not verify, or was issued more than
 * {@value #WINDOW_MS} ms before or after its own clock, with {@link ErrorCode#UNAUTHORIZED}, before
 * any handler sees it, and counts it in {@code tickwire.cluster.seal.refused}.
 *
 * <p>Installed as an outbound and an inbound interceptor of a member's event bus (both run on
 * the sender's or the handler's thread; sealing costs one HMAC and one encoding of the body).
 * What the seal does not stop: a party that can read the plain event bus can replay a sealed
 * request, unchanged, within the window; {@code cluster.eventBusTls} closes that.
 */
final class CallerSeal {

  /** How far the issue time of a seal may be from the receiver's clock. */
  static final long WINDOW_MS = 60_000;

  private static final Logger LOG = LoggerFactory.getLogger(CallerSeal.class);
  private static final String VERSION = "v1";

  private final SecretKeySpec key;
  private final LongSupplier clock;
  private final ThreadLocal<Mac> macs;

  CallerSeal(String secret, LongSupplier clock) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.clock = clock;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** Seals what {@code vertx} sends to method addresses and refuses what it gets unsealed. */
  static void install(Vertx vertx, String secret, MeterRegistry registry) {
    CallerSeal seal = new CallerSeal(secret, System::currentTimeMillis);
    Counter refused = Counter.builder("tickwire.cluster.seal.refused")
        .description("Requests to a method refused because the caller's seal did not verify")
        .register(registry);
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (isMethod(delivery.message().address())) {
        MultiMap headers = delivery.message().headers();
        headers.set(RequestHeaders.SEAL,
            seal.seal(delivery.message().address(), headers, delivery.body()));
      }
      delivery.next();
    });
    vertx.eventBus().addInboundInterceptor(delivery -> seal.check(delivery, refused));
  }

  private void check(DeliveryContext<Object> delivery, Counter refused) {
    String address = delivery.message().address();
    if (!isMethod(address)) {
      delivery.next();
      return;
    }
    MultiMap headers = delivery.message().headers();
    String problem = verify(address, headers, delivery.message().body());
    if (problem == null) {
      delivery.next();
      return;
    }
    refused.increment();
    // The claimed user is the attacker's choice; the address is one of ours.
    LOG.warn("refused a request to {}: {}", address, problem);
    delivery.message().fail(ErrorCode.UNAUTHORIZED.status(),
        "the caller's identity could not be verified");
  }

  private static boolean isMethod(String address) {
    return address.startsWith(Addresses.METHOD_PREFIX);
  }

  /** The seal of a message with these headers and body, issued now. */
  String seal(String address, MultiMap headers, Object body) {
    long issued = clock.getAsLong();
    return VERSION + "." + issued + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac(address, headers, issued, body));
  }

  /** Why the seal among {@code headers} does not verify, or {@code null} when it does. */
  String verify(String address, MultiMap headers, Object body) {
    String seal = headers.get(RequestHeaders.SEAL);
    if (seal == null) {
      return "no seal";
    }
    String[] parts = seal.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      return "malformed seal";
    }
    long issued;
    byte[] claimed;
    try {
      issued = Long.parseLong(parts[1]);
      claimed = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      return "malformed seal";
    }
    if (Math.abs(clock.getAsLong() - issued) > WINDOW_MS) {
      return "seal issued outside the window";
    }
    if (!MessageDigest.isEqual(claimed, mac(address, headers, issued, body))) {
      return "seal does not match";
    }
    return null;
  }

  private byte[] mac(String address, MultiMap headers, long issued, Object body) {
    Mac mac = macs.get();
    field(mac, VERSION);
    field(mac, address);
    field(mac, headers.get(RequestHeaders.USER));
    field(mac, headers.get(RequestHeaders.SESSION));
    field(mac, headers.get(RequestHeaders.WALLETS));
    mac.update(ByteBuffer.allocate(Long.BYTES).putLong(0, issued));
    mac.update(bytes(body));
    return mac.doFinal();
  }

  /** A length-prefixed field, so that no two different header sets give the same input. */
  private static void field(Mac mac, String value) {
    if (value == null) {
      mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, -1));
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, bytes.length));
    mac.update(bytes);
  }

  /**
   * The body as both ends see it: JSON encodes the same after a trip through the clustered
   * codec (which encodes and decodes it), so the receiver re-encodes what it decoded.
   */
  private static byte[] bytes(Object body) {
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof JsonObject json) {
      return json.toBuffer().getBytes();
    }
    if (body instanceof JsonArray json) {
      return json.toBuffer().getBytes();
    }
    if (body instanceof Buffer buffer) {
      return buffer.getBytes();
    }
    return String.valueOf(body).getBytes(StandardCharsets.UTF_8);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
