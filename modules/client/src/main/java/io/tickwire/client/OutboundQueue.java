package io.tickwire.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames waiting for a connection, in the order they were given, up to a fixed capacity. A frame
 * that does not fit is refused at once (the caller fails its future); none is ever dropped
 * silently. Confined to the client's event loop.
 */
final class OutboundQueue<T> {

  private final int capacity;
  private final ArrayDeque<T> items = new ArrayDeque<>();

  OutboundQueue(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds {@code item} last; answers {@code false}, leaving the queue as it was, when full. */
  boolean offer(T item) {
    if (items.size() >= capacity) {
      return false;
    }
    items.addLast(item);
    return true;
  }

  /** Takes {@code item} out (it timed out while waiting). */
  boolean remove(T item) {
    return items.remove(item);
  }

  /** Takes every item out, oldest first. */
  List<T> drain() {
    List<T> all = new ArrayList<>(items);
    items.clear();
    return all;
  }

  int size() {
    return items.size();
  }

  int capacity() {
    return capacity;
  }
}
