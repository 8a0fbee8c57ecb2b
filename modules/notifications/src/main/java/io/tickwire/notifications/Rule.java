package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;

/**
 * An alert rule as stored: its owner, what it watches and how far it got.
 *
 * @param id the rule's id ({@code rule_…})
 * @param user the owner (the token's subject)
 * @param spec what it watches and how it fires
 * @param state where it stands, as stored (see {@link #stateAt(long)})
 * @param createdAt when it was created (ms since the epoch)
 * @param updatedAt when it last changed
 * @param fireCount how many times it fired
 * @param lastFiredAt the event time of its last firing, or {@code null}
 */
public record Rule(String id, String user, RuleSpec spec, RuleState state, long createdAt,
    long updatedAt, long fireCount, Long lastFiredAt) {

  /** A new active rule; handy for tests and benchmarks. */
  public static Rule of(String id, String user, RuleSpec spec) {
    return new Rule(id, user, spec, RuleState.ACTIVE, 0, 0, 0, null);
  }

  /** The state at {@code now}: an active or paused rule whose time is up is expired. */
  public RuleState stateAt(long now) {
    if ((state == RuleState.ACTIVE || state == RuleState.PAUSED) && expiredAt(now)) {
      return RuleState.EXPIRED;
    }
    return state;
  }

  /** Whether {@code expiresAt} has passed at {@code now}. */
  public boolean expiredAt(long now) {
    return spec.expiresAt() != null && spec.expiresAt() <= now;
  }

  public Rule withState(RuleState newState, long now) {
    return new Rule(id, user, spec, newState, createdAt, now, fireCount, lastFiredAt);
  }

  /** The rule as clients see it at {@code now}. */
  public JsonObject toJson(long now) {
    JsonObject json = new JsonObject().put("id", id);
    json.mergeIn(spec.toJson());
    return json.put("state", stateAt(now).wire()).put("createdAt", createdAt)
        .put("updatedAt", updatedAt).put("fireCount", fireCount)
        .put("lastFiredAt", lastFiredAt);
  }

  /** The form carried on the event bus between nodes. */
  JsonObject toBus() {
    return new JsonObject().put("id", id).put("user", user).put("spec", spec.toJson())
        .put("state", state.wire()).put("createdAt", createdAt).put("updatedAt", updatedAt)
        .put("fireCount", fireCount).put("lastFiredAt", lastFiredAt);
  }

  static Rule fromBus(JsonObject json) {
    return new Rule(json.getString("id"), json.getString("user"),
        RuleSpec.fromJson(json.getJsonObject("spec")), RuleState.fromWire(json.getString("state")),
        json.getLong("createdAt"), json.getLong("updatedAt"), json.getLong("fireCount"),
        json.getLong("lastFiredAt"));
  }
}
