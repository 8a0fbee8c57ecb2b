package io.tickwire.client;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Calls} still waiting for an answer, by id, in the order they were made. Confined to
 * the client's event loop.
 */
final class PendingCalls {

  /** One call: its frame, the caller's promise, its timeout timer, and whether it went out. */
  static final class Call {
    final String id;
    final JsonObject frame;
    final Promise<JsonObject> promise = Promise.promise();
    long timer = -1;
    long sentNanos;
    boolean sent;

    Call(String id, JsonObject frame) {
      this.id = id;
      this.frame = frame;
    }
  }

  private final Map<String, Call> calls = new LinkedHashMap<>();

  Call add(String id, JsonObject frame) {
    Call call = new Call(id, frame);
    calls.put(id, call);
    return call;
  }

  /** Takes the call answered by a frame with {@code id}, or {@code null}. */
  Call take(String id) {
    return id == null ? null : calls.remove(id);
  }

  /** The call a frame with {@code id} answers, left waiting, or {@code null}. */
  Call get(String id) {
    return id == null ? null : calls.get(id);
  }

  /** Takes every call that was sent: their answers will never come on a lost connection. */
  List<Call> takeSent() {
    List<Call> sent = new ArrayList<>();
    for (Iterator<Call> it = calls.values().iterator(); it.hasNext(); ) {
      Call call = it.next();
      if (call.sent) {
        sent.add(call);
        it.remove();
      }
    }
    return sent;
  }

  List<Call> takeAll() {
    List<Call> all = new ArrayList<>(calls.values());
    calls.clear();
    return all;
  }

  int size() {
    return calls.size();
  }
}
