package io.tickwire.testkit;

import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.Channels;
import io.tickwire.protocol.ErrorCode;
import io.tickwire.protocol.ProtocolException;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.MethodCall;
import io.tickwire.runtime.MethodHandler;
import io.tickwire.runtime.Methods;
import io.tickwire.testkit.core.Await;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for the alerts service, for tests that run where the real one is absent: the
 * {@code alerts.*} and {@code notifications.*} methods as the clients use them, in memory, and a
 * rule evaluation that watches {@code prices.<SYMBOL>} and publishes a notification to
 * {@code user.<id>} when a rule fires. Not a model of the real service's storage or delivery.
 * Everything runs on the verticle's event loop.
 */
public final class AlertsDouble extends VerticleBase {

  /** The methods this double offers. */
  public static final List<String> METHODS = List.of("alerts.create", "alerts.list",
      "alerts.pause", "alerts.resume", "alerts.delete", "notifications.list",
      "notifications.ack");

  private final Map<String, JsonObject> rules = new LinkedHashMap<>();
  private final Map<String, List<JsonObject>> notifications = new HashMap<>();
  private final Map<String, Double> lastPrice = new HashMap<>();
  private final Set<String> watched = new java.util.HashSet<>();
  private ChannelPublisher publisher;
  private int ids;

  /** Deploys the double on the node; answers once its methods are registered. */
  public static void deployOn(TestGateway node) {
    deployOn(node.vertx);
  }

  /** Deploys the double on a node's Vert.x; answers once its methods are registered. */
  public static void deployOn(io.vertx.core.Vertx vertx) {
    Await.result(vertx.deployVerticle(new AlertsDouble()));
  }

  @Override
  public Future<?> start() {
    publisher = new ChannelPublisher(vertx);
    List<Future<Void>> registered = new ArrayList<>();
    registered.add(method("alerts.create", this::create));
    registered.add(method("alerts.list", call -> Future.succeededFuture(
        new JsonObject().put("rules", new JsonArray(own(call.requireUser()))))));
    registered.add(method("alerts.pause", call -> status(call, "paused")));
    registered.add(method("alerts.resume", call -> status(call, "active")));
    registered.add(method("alerts.delete", call -> {
      JsonObject rule = rule(call);
      rules.remove(rule.getString("id"));
      return Future.succeededFuture(new JsonObject().put("id", rule.getString("id"))
          .put("deleted", true));
    }));
    registered.add(method("notifications.list", call -> {
      List<JsonObject> inbox = notifications.getOrDefault(call.requireUser(), List.of());
      List<JsonObject> newestFirst = new ArrayList<>(inbox);
      java.util.Collections.reverse(newestFirst);
      return Future.succeededFuture(new JsonObject().put("notifications",
          new JsonArray(newestFirst)).put("unread", unread(inbox)).putNull("next"));
    }));
    registered.add(method("notifications.ack", call -> {
      List<JsonObject> inbox = notifications.getOrDefault(call.requireUser(), List.of());
      JsonArray ids = call.data().getJsonArray("ids", new JsonArray());
      for (JsonObject notification : inbox) {
        if (ids.isEmpty() || ids.contains(notification.getString("id"))) {
          notification.put("read", true);
        }
      }
      return Future.succeededFuture(new JsonObject().put("unread", unread(inbox)));
    }));
    return Future.all(registered);
  }

  private Future<Void> method(String name, MethodHandler handler) {
    return Methods.register(vertx, name, handler).completion();
  }

  private Future<Object> create(MethodCall call) {
    String user = call.requireUser();
    JsonObject data = call.data();
    String symbol = data.getString("symbol", "");
    String condition = data.getString("condition", "");
    Object price = data.getValue("price");
    String trigger = data.getString("trigger", "once");
    if (symbol.isBlank() || !Set.of("above", "below", "crosses").contains(condition)
        || !(price instanceof Number number) || number.doubleValue() <= 0
        || !Set.of("once", "every").contains(trigger)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, "a rule needs symbol, condition "
          + "(above|below|crosses), a price > 0 and trigger (once|every)");
    }
    JsonObject rule = new JsonObject().put("id", "rule-" + ++ids).put("user", user)
        .put("symbol", symbol).put("condition", condition).put("price", number.doubleValue())
        .put("trigger", trigger).put("status", "active")
        .put("createdAt", System.currentTimeMillis());
    rules.put(rule.getString("id"), rule);
    watch(symbol);
    return Future.succeededFuture(rule);
  }

  private Future<Object> status(MethodCall call, String status) {
    JsonObject rule = rule(call);
    rule.put("status", status);
    return Future.succeededFuture(rule);
  }

  private JsonObject rule(MethodCall call) {
    String user = call.requireUser();
    JsonObject rule = rules.get(call.data().getString("id", ""));
    if (rule == null || !user.equals(rule.getString("user"))) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "no rule " + call.data().getString("id"));
    }
    return rule;
  }

  private List<JsonObject> own(String user) {
    return rules.values().stream().filter(rule -> user.equals(rule.getString("user"))).toList();
  }

  private static int unread(List<JsonObject> inbox) {
    return (int) inbox.stream().filter(n -> !n.getBoolean("read", false)).count();
  }

  /** One consumer per symbol, as a gateway would: the price channel's fan-out address. */
  private void watch(String symbol) {
    if (watched.add(symbol)) {
      String channel = Channels.prices(symbol);
      vertx.eventBus().<ChannelMessage>consumer(Addresses.channel(channel), message -> {
        Object data = new JsonObject(message.body().frameText()).getValue("data");
        if (data instanceof JsonObject quote && quote.getValue("price") instanceof Number now) {
          evaluate(symbol, now.doubleValue());
        }
      });
    }
  }

  private void evaluate(String symbol, double now) {
    Double before = lastPrice.put(symbol, now);
    for (JsonObject rule : new ArrayList<>(rules.values())) {
      if (!symbol.equals(rule.getString("symbol")) || !"active".equals(rule.getString("status"))) {
        continue;
      }
      double threshold = rule.getDouble("price");
      boolean fires = switch (rule.getString("condition")) {
        case "above" -> now > threshold;
        case "below" -> now < threshold;
        default -> before != null && (before - threshold) * (now - threshold) < 0;
      };
      if (fires) {
        fire(rule, now);
      }
    }
  }

  private void fire(JsonObject rule, double now) {
    if ("once".equals(rule.getString("trigger"))) {
      rule.put("status", "triggered");
    }
    String user = rule.getString("user");
    JsonObject notification = new JsonObject().put("id", "n-" + ++ids).put("type", "alert")
        .put("ruleId", rule.getString("id")).put("symbol", rule.getString("symbol"))
        .put("condition", rule.getString("condition")).put("price", rule.getDouble("price"))
        .put("value", now).put("ts", System.currentTimeMillis()).put("read", false)
        .put("message", rule.getString("symbol") + " is " + rule.getString("condition") + " "
            + rule.getDouble("price") + " (now " + now + ")");
    notifications.computeIfAbsent(user, ignored -> new ArrayList<>()).add(notification);
    publisher.publish(Channels.user(user), notification);
  }
}
