package io.tickwire.bench;

/**
 * Reads the few numbers the generator needs out of a frame without parsing its JSON: the
 * generator shares the machine with the server, so it must cost as little CPU per message as it
 * can, and the same for tickwire and the raw reference. Works on the frame's bytes, copied once.
 */
final class FrameScan {

  static final byte[] SEQ = "\"seq\":".getBytes();
  static final byte[] SENT = "\"t\":".getBytes();
  static final byte[] STEP = "\"s\":".getBytes();

  private FrameScan() {
  }

  /** The position right after the first {@code key} at or after {@code from}, or -1. */
  static int after(byte[] frame, byte[] key, int from) {
    int last = frame.length - key.length;
    byte first = key[0];
    outer:
    for (int i = Math.max(0, from); i <= last; i++) {
      if (frame[i] != first) {
        continue;
      }
      for (int j = 1; j < key.length; j++) {
        if (frame[i + j] != key[j]) {
          continue outer;
        }
      }
      return i + key.length;
    }
    return -1;
  }

  /** The position right after the last {@code key} in {@code frame}, or -1. */
  static int last(byte[] frame, byte[] key) {
    outer:
    for (int i = frame.length - key.length; i >= 0; i--) {
      for (int j = 0; j < key.length; j++) {
        if (frame[i + j] != key[j]) {
          continue outer;
        }
      }
      return i + key.length;
    }
    return -1;
  }

  /** The non-negative integer starting at {@code at}, or -1 when there is none. */
  static long number(byte[] frame, int at) {
    if (at < 0) {
      return -1;
    }
    long value = 0;
    boolean any = false;
    for (int i = at; i < frame.length; i++) {
      byte b = frame[i];
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      any = true;
    }
    return any ? value : -1;
  }

  static boolean startsWith(byte[] frame, byte[] prefix) {
    if (frame.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (frame[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
