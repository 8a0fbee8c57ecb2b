package io.tickwire.notifications;

import io.tickwire.protocol.Addresses;
import io.tickwire.runtime.ChannelPublisher;
import io.tickwire.runtime.MethodCall;
import io.tickwire.runtime.Methods;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Serves the alert-rule methods: {@code alerts.create}, {@code alerts.list}, {@code alerts.get},
 * {@code alerts.update}, {@code alerts.delete}, {@code alerts.pause} and {@code alerts.resume},
 * each for the calling user (a token is required). A rule is durable before its answer is sent.
 *
 * <p>Consumes {@code tickwire.rpc.alerts.*}; publishes each change on
 * {@link Addresses#NOTIFICATIONS_RULES} (for the evaluators) and on the owner's
 * {@code user.<id>} channel. Config: {@code notifications.symbols}, {@code limits},
 * {@code evaluation.defaultCooldownMs}. Runs on one event loop; storage runs off it.
 */
public final class AlertsVerticle extends VerticleBase {

  private static final Set<String> ID_ONLY = Set.of("id");

  private final NotificationsConfig config;
  private final Storage storage;
  private RuleValidator validator;
  private UserChannel channel;

  public AlertsVerticle(NotificationsConfig config, Storage storage) {
    this.config = config;
    this.storage = storage;
  }

  @Override
  public Future<?> start() {
    validator = new RuleValidator(config.symbols(), config.tokens(),
        config.evaluation().defaultCooldownMs(), config.limits().maxMessageChars());
    channel = new UserChannel(new ChannelPublisher(vertx));
    return Future.all(List.of(
        Methods.register(vertx, "alerts.create", this::create).completion(),
        Methods.register(vertx, "alerts.list", this::list).completion(),
        Methods.register(vertx, "alerts.get", this::get).completion(),
        Methods.register(vertx, "alerts.update", this::update).completion(),
        Methods.register(vertx, "alerts.delete", this::delete).completion(),
        Methods.register(vertx, "alerts.pause", call -> pauseOrResume(call, true)).completion(),
        Methods.register(vertx, "alerts.resume", call -> pauseOrResume(call, false))
            .completion()));
  }

  private Future<JsonObject> create(MethodCall call) {
    String user = call.requireUser();
    JsonObject data = call.data().copy();
    Object key = data.remove("idempotencyKey");
    if (key != null && (!(key instanceof String text) || text.isEmpty() || text.length() > 128)) {
      throw Requests.bad("field 'idempotencyKey' must be a string of 1 to 128 characters");
    }
    long now = System.currentTimeMillis();
    RuleSpec spec = validator.create(data, call.wallets(), now);
    Rule rule = new Rule(Ids.next("rule"), user, spec, RuleState.ACTIVE, now, now, 0, null);
    return storage.rules().create(rule, (String) key, config.limits().idempotencyTtlMs(),
            config.limits().maxRulesPerUser())
        .map(created -> {
          if (created.created()) {
            changed(created.rule(), "alert.created");
          }
          return created.rule().toJson(System.currentTimeMillis());
        });
  }

  private Future<JsonObject> list(MethodCall call) {
    String user = call.requireUser();
    Requests.only(call.data(), Set.of("state"));
    Object state = call.data().getValue("state");
    RuleState wanted = state == null ? null : RuleState.fromWire(String.valueOf(state));
    if (state != null && wanted == null) {
      throw Requests.bad("field 'state' must be one of active, paused, fired, expired");
    }
    return storage.rules().list(user).map(rules -> {
      long now = System.currentTimeMillis();
      JsonArray answer = new JsonArray();
      rules.stream().filter(rule -> wanted == null || rule.stateAt(now) == wanted)
          .forEach(rule -> answer.add(rule.toJson(now)));
      return new JsonObject().put("rules", answer);
    });
  }

  private Future<JsonObject> get(MethodCall call) {
    String user = call.requireUser();
    Requests.only(call.data(), ID_ONLY);
    String id = Requests.id(call.data(), "id");
    return find(user, id).map(rule -> rule.toJson(System.currentTimeMillis()));
  }

  private Future<JsonObject> update(MethodCall call) {
    String user = call.requireUser();
    String id = Requests.id(call.data(), "id");
    JsonObject changes = call.data().copy();
    changes.remove("id");
    if (changes.isEmpty()) {
      throw Requests.bad("nothing to update: give the fields to change besides 'id'");
    }
    return find(user, id).compose(rule -> {
      long now = System.currentTimeMillis();
      RuleSpec spec = validator.update(rule.spec(), changes, call.wallets(), now);
      // An update re-arms a rule that fired or expired; a paused one stays paused.
      RuleState state = rule.state() == RuleState.PAUSED ? RuleState.PAUSED : RuleState.ACTIVE;
      return save(new Rule(id, user, spec, state, rule.createdAt(), now, rule.fireCount(),
          rule.lastFiredAt()));
    });
  }

  private Future<JsonObject> delete(MethodCall call) {
    String user = call.requireUser();
    Requests.only(call.data(), ID_ONLY);
    String id = Requests.id(call.data(), "id");
    return storage.rules().delete(user, id).compose(deleted -> {
      if (!deleted) {
        return Future.failedFuture(Requests.notFound(id));
      }
      vertx.eventBus().publish(Addresses.NOTIFICATIONS_RULES,
          new JsonObject().put("op", "remove").put("id", id).put("user", user));
      channel.ruleEvent(user, "alert.deleted", new JsonObject().put("id", id));
      return Future.succeededFuture(new JsonObject().put("id", id).put("deleted", true));
    });
  }

  private Future<JsonObject> pauseOrResume(MethodCall call, boolean pause) {
    String user = call.requireUser();
    Requests.only(call.data(), ID_ONLY);
    String id = Requests.id(call.data(), "id");
    return find(user, id).compose(rule -> {
      long now = System.currentTimeMillis();
      RuleState state = rule.stateAt(now);
      RuleState target = pause ? RuleState.PAUSED : RuleState.ACTIVE;
      if (state == target) {
        return Future.succeededFuture(rule.toJson(now));
      }
      if (state != RuleState.ACTIVE && state != RuleState.PAUSED) {
        return Future.failedFuture(Requests.bad("rule '" + id + "' is " + state.wire()
            + "; only active or paused rules can be " + (pause ? "paused" : "resumed")
            + " (alerts.update re-arms it)"));
      }
      return save(rule.withState(target, now));
    });
  }

  private Future<Rule> find(String user, String id) {
    return storage.rules().get(user, id).compose(rule -> rule == null
        ? Future.failedFuture(Requests.notFound(id)) : Future.succeededFuture(rule));
  }

  private Future<JsonObject> save(Rule rule) {
    return storage.rules().update(rule).compose(saved -> {
      if (saved == null) {
        return Future.failedFuture(Requests.notFound(rule.id()));
      }
      changed(saved, "alert.updated");
      return Future.succeededFuture(saved.toJson(System.currentTimeMillis()));
    });
  }

  private void changed(Rule rule, String event) {
    vertx.eventBus().publish(Addresses.NOTIFICATIONS_RULES,
        new JsonObject().put("op", "upsert").put("rule", rule.toBus()));
    channel.ruleEvent(rule.user(), event, rule.toJson(System.currentTimeMillis()));
  }
}
