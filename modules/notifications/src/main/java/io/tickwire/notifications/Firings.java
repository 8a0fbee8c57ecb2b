package io.tickwire.notifications;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Turns a firing into the notification the user reads: title, body and data. Pure. */
final class Firings {

  private Firings() {
  }

  /** The notification of {@code fired}, recorded at {@code now}. */
  static Notification notification(Fired fired, long now) {
    Rule rule = fired.rule();
    RuleSpec spec = rule.spec();
    Map<String, String> values = values(fired);
    String title;
    String body;
    switch (spec.condition()) {
      case ABOVE, BELOW -> {
        String side = spec.condition() == Condition.ABOVE ? "above" : "below";
        title = values.get("symbol") + " " + side + " " + values.get("level");
        body = values.get("symbol") + " is at " + values.get("price") + ", at or " + side + " "
            + values.get("level") + ".";
      }
      case CROSSES -> {
        title = values.get("symbol") + " crossed " + values.get("level");
        body = values.get("symbol") + " crossed " + values.get("level") + " going "
            + values.get("direction") + ": " + values.get("previous") + " → "
            + values.get("price") + ".";
      }
      case CHANGE_PCT -> {
        String change = RuleSpec.text(Math.abs(fired.facts().getDouble("change")));
        title = values.get("symbol") + " " + values.get("direction") + " " + change + "% in "
            + values.get("window");
        body = values.get("symbol") + " is at " + values.get("price") + ", "
            + values.get("direction") + " " + change + "% from "
            + RuleSpec.text(fired.facts().getDouble("from")) + " within " + values.get("window")
            + " (alert at " + values.get("pct") + "%).";
      }
      case BALANCE_ABOVE, BALANCE_BELOW -> {
        String side = spec.condition() == Condition.BALANCE_ABOVE ? "above" : "below";
        // A token's amounts are in its smallest unit, as the wallet messages give them.
        String unit = spec.token() == null ? " wei" : " units of token " + spec.token();
        title = (spec.token() == null ? "Balance " : "Token balance ") + side + " "
            + values.get("amount") + (spec.token() == null ? " wei" : "");
        body = "Wallet " + values.get("address") + " holds " + values.get("balance")
            + unit + ", at or " + side + " " + values.get("amount") + ".";
      }
      default -> {
        title = "Transaction " + values.get("status");
        body = "Transaction " + values.get("hash") + " of wallet " + values.get("address")
            + " is " + values.get("status") + ".";
      }
    }
    if (spec.name() != null) {
      title = spec.name();
    }
    if (spec.message() != null) {
      body = Template.render(spec.message(), values);
    }
    JsonObject data = fired.facts().copy().put("ruleId", rule.id())
        .put("condition", spec.condition().wire()).put("fireNumber", fired.number())
        .put("ts", fired.ts());
    return new Notification(Ids.next("ntf"), fired.firingId(), rule.user(), rule.id(), title,
        body, data, now, false);
  }

  /** The placeholder values of a firing. */
  static Map<String, String> values(Fired fired) {
    RuleSpec spec = fired.rule().spec();
    JsonObject facts = fired.facts();
    Map<String, String> values = new HashMap<>();
    values.put("condition", spec.condition().wire());
    values.put("rule", fired.rule().id());
    values.put("time", Instant.ofEpochMilli(fired.ts()).toString());
    putText(values, "name", spec.name());
    putText(values, "symbol", facts.getString("symbol"));
    putNumber(values, "price", facts.getDouble("price"));
    putNumber(values, "previous", facts.getDouble("previous"));
    putNumber(values, "level", spec.price());
    putText(values, "direction", facts.getString("direction"));
    putNumber(values, "pct", spec.pct());
    putNumber(values, "change", facts.getDouble("change"));
    if (spec.windowMs() != null) {
      values.put("window", duration(spec.windowMs()));
    }
    putText(values, "address", facts.getString("address"));
    putText(values, "balance", facts.getString("balance"));
    putText(values, "amount", spec.amount() == null ? null : spec.amount().toString());
    putText(values, "token", spec.token());
    putText(values, "hash", facts.getString("hash"));
    putText(values, "status", facts.getString("status"));
    return values;
  }

  /** A duration as people write it: {@code 1h}, {@code 15m}, {@code 90s}, {@code 1500ms}. */
  static String duration(long ms) {
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
  }

  private static void putText(Map<String, String> values, String key, String value) {
    if (value != null) {
      values.put(key, value);
    }
  }

  private static void putNumber(Map<String, String> values, String key, Double value) {
    if (value != null) {
      values.put(key, RuleSpec.text(value));
    }
  }
}
