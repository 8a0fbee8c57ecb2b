package io.tickwire.notifications;

import java.security.SecureRandom;

/**
 * Time-ordered ids: a prefix, 10 base-32 characters of the creation time in ms and 13 of a
 * random number that counts up within one millisecond. Ids made by one process sort in creation
 * order; ids of different processes sort by millisecond. Thread-safe.
 */
final class Ids {

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMs = -1;
  private static long counter;

  private Ids() {
  }

  /** A new id such as {@code rule_01JD2X…}. */
  static String next(String prefix) {
    long ms;
    long count;
    synchronized (Ids.class) {
      ms = Math.max(System.currentTimeMillis(), lastMs);
      if (ms == lastMs) {
        counter++;
      } else {
        lastMs = ms;
        // Leave head room so counting up within one millisecond never wraps.
        counter = RANDOM.nextLong() >>> 2;
      }
      count = counter;
    }
    StringBuilder id = new StringBuilder(prefix.length() + 24).append(prefix).append('_');
    append(id, ms, 10);
    append(id, count, 13);
    return id.toString();
  }

  private static void append(StringBuilder id, long value, int chars) {
    for (int i = chars - 1; i >= 0; i--) {
      id.append(ALPHABET[(int) (value >>> (5 * i)) & 31]);
    }
  }
}
