package io.tickwire.transactions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent canonical chain as the monitor processed it: block number → hash, the newest
 * {@code capacity} blocks. A reorg is found by comparing these hashes with the chain's. Pure;
 * not thread-safe.
 */
final class BlockWindow {

  private final int capacity;
  private final TreeMap<Long, String> hashes = new TreeMap<>();

  BlockWindow(int capacity) {
    this.capacity = Math.max(1, capacity);
  }

  boolean isEmpty() {
    return hashes.isEmpty();
  }

  /** The newest processed block's number, or -1 before the first. */
  long head() {
    return hashes.isEmpty() ? -1 : hashes.lastKey();
  }

  /** The newest processed block's number; only when not empty. */
  long tipNumber() {
    return hashes.lastKey();
  }

  String tipHash() {
    return hashes.lastEntry().getValue();
  }

  /** The oldest block still remembered; only when not empty. */
  long oldestNumber() {
    return hashes.firstKey();
  }

  /** The hash processed at {@code number}, or {@code null} when not remembered. */
  String hashAt(long number) {
    return hashes.get(number);
  }

  /** Appends the next block. */
  void add(long number, String hash) {
    hashes.put(number, hash);
    while (hashes.size() > capacity) {
      hashes.pollFirstEntry();
    }
  }

  /** Forgets every block after {@code number}; answers their hashes, oldest first. */
  List<String> rollbackTo(long number) {
    List<String> removed = new ArrayList<>();
    Map<Long, String> tail = hashes.tailMap(number, false);
    removed.addAll(tail.values());
    tail.clear();
    return removed;
  }

  JsonArray toJson() {
    JsonArray array = new JsonArray();
    hashes.forEach((number, hash) -> array.add(new JsonObject().put("number", number)
        .put("hash", hash)));
    return array;
  }

  void load(JsonArray array) {
    hashes.clear();
    for (int i = 0; i < array.size(); i++) {
      JsonObject block = array.getJsonObject(i);
      add(block.getLong("number"), block.getString("hash"));
    }
  }
}
