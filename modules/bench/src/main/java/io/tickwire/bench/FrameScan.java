package io.tickwire.bench;

import io.vertx.core.buffer.Buffer;

/**
 * Reads the few numbers the generator needs out of a frame without parsing its JSON: the
 * generator shares the machine with the server, so it must cost as little CPU per message as it
 * can, and the same for tickwire and the raw reference.
 */
final class FrameScan {

  static final byte[] SEQ = "\"seq\":".getBytes();
  static final byte[] SENT = "\"t\":".getBytes();
  static final byte[] STEP = "\"s\":".getBytes();
  static final byte[] ID = "\"id\":\"".getBytes();

  private FrameScan() {
  }

  /** The non-negative integer after the first {@code key}, or -1 when absent. */
  static long number(Buffer frame, byte[] key) {
    int at = indexOf(frame, key, 0);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    boolean any = false;
    for (int i = at + key.length; i < frame.length(); i++) {
      byte b = frame.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      value = value * 10 + (b - '0');
      any = true;
    }
    return any ? value : -1;
  }

  static boolean contains(Buffer frame, byte[] key) {
    return indexOf(frame, key, 0) >= 0;
  }

  static int indexOf(Buffer frame, byte[] key, int from) {
    int last = frame.length() - key.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < key.length; j++) {
        if (frame.getByte(i + j) != key[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
