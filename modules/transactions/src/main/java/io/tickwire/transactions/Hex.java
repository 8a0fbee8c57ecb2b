package io.tickwire.transactions;

import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/** Ethereum hex: addresses, hashes and quantities, checked and lower-cased. Pure. */
final class Hex {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

  private Hex() {
  }

  static boolean isAddress(String value) {
    return value != null && ADDRESS.matcher(value).matches();
  }

  static boolean isHash(String value) {
    return value != null && HASH.matcher(value).matches();
  }

  /**
   * The lower-case address in {@code data.field}.
   *
   * @throws ProtocolException {@code bad_request} when it is missing or not 0x + 40 hex digits
   */
  static String address(Object value, String field) {
    if (!(value instanceof String text) || !isAddress(text)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field '" + field + "' must be an address: 0x and 40 hex digits");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /**
   * The lower-case transaction hash in {@code data.field}.
   *
   * @throws ProtocolException {@code bad_request} when it is missing or not 0x + 64 hex digits
   */
  static String hash(Object value, String field) {
    if (!(value instanceof String text) || !isHash(text)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST,
          "field '" + field + "' must be a transaction hash: 0x and 64 hex digits");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /** A JSON-RPC quantity ({@code 0x1a}) as a long. */
  static long quantity(String hex) {
    return Long.parseLong(strip(hex), 16);
  }

  /** A JSON-RPC quantity as a big integer (balances). */
  static BigInteger bigQuantity(String hex) {
    String digits = strip(hex);
    return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
  }

  /** A long as a JSON-RPC quantity. */
  static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** Lower-cases an address or hash that may be {@code null}. */
  static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static String strip(String hex) {
    if (hex == null || !hex.startsWith("0x")) {
      throw new IllegalArgumentException("not a hex quantity: " + hex);
    }
    return hex.substring(2);
  }
}
