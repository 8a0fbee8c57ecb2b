package io.tickwire.notifications;

import io.tickwire.runtime.Ownership;
import io.vertx.core.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.protocol.Addresses;
import io.tickwire.protocol.ChannelMessage;
import io.tickwire.protocol.Channels;
import io.tickwire.runtime.ChannelPublisher;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the active rules on every price tick and transaction or wallet event, and records
 * each firing (notification, rule state and queued deliveries) before anything is delivered.
 * Rules live in a {@link PriceIndex} and a {@link WalletIndex}, loaded from storage at start and
 * kept in step by rule changes — taken from before the load, and applied again after any load
 * that was reading meanwhile, so that no acknowledged change is lost to a load; every
 * {@code evaluation.expiryCheckMs} it expires rules whose {@code expiresAt} passed.
 *
 * <p>Consumes {@code tickwire.ch.prices.<SYMBOL>} for each configured symbol
 * ({@link ChannelMessage}s whose data has {@code symbol}, {@code price}, {@code ts}),
 * {@link Addresses#TX_EVENTS} and {@link Addresses#NOTIFICATIONS_RULES}; sends
 * {@link Addresses#NOTIFICATIONS_DISPATCH} after recording; publishes {@code alert.expired} on
 * {@code user.<id>}. Config: {@code notifications.symbols}, {@code evaluation}. Single instance
 * on one event loop: the indexes are confined to it; storage runs off it. In a cluster each
 * member indexes only the rules of the users it owns ({@link #ownershipKey}) and reloads them
 * from the shared store when ownership moves; the store keeps one notification per firing.
 */
public final class EvaluatorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluatorVerticle.class);
  private static final int EXPIRE_BATCH = 100;
  /** Attempts at recording one firing before the rule is put back unfired. */
  static final int RECORD_ATTEMPTS = 5;
  /** The wait before the second attempt, doubled before each further one (1.5 s in all). */
  static final long RECORD_BACKOFF_MS = 100;

  private final NotificationsConfig config;
  private final Storage storage;
  private final MeterRegistry registry;
  private final Ownership ownership;
  private PriceIndex prices = new PriceIndex();
  private WalletIndex wallets = new WalletIndex();
  private UserChannel channel;
  private Counter recorded;
  private Counter failures;
  private Counter badEvents;
  private boolean sweeping;
  /** Firings being recorded, per rule id; and the rules among them that changed meanwhile. */
  private final Map<String, Integer> recording = new HashMap<>();
  private final Set<String> changedWhileRecording = new HashSet<>();
  /** Rule changes that came while the indexes load, in order; {@code null} when none loads. */
  private List<JsonObject> changesDuringLoad;
  /** Whether ownership moved while the indexes loaded, so that they are loaded again. */
  private boolean loadAgain;

  public EvaluatorVerticle(NotificationsConfig config, Storage storage, MeterRegistry registry) {
    this(config, storage, registry, Ownership.single());
  }

  /**
   * An evaluator that keeps only the rules of the users this node owns: in a cluster each
   * partition of the rules (by user) is evaluated by exactly one member, and when ownership
   * moves the indexes are reloaded from storage, where every rule and its firing count live.
   */
  public EvaluatorVerticle(NotificationsConfig config, Storage storage, MeterRegistry registry,
      Ownership ownership) {
    this.config = config;
    this.storage = storage;
    this.registry = registry;
    this.ownership = ownership;
  }

  /** The ownership key of a user's rules. */
  static String ownershipKey(String user) {
    return "alerts." + user;
  }

  @Override
  public Future<?> start() {
    channel = new UserChannel(new ChannelPublisher(vertx));
    recorded = Counter.builder("tickwire.notifications.fired")
        .description("Firings recorded as notifications").register(registry);
    failures = Counter.builder("tickwire.notifications.record.failures")
        .description("Firings that could not be recorded").register(registry);
    badEvents = Counter.builder("tickwire.notifications.events.malformed")
        .description("Price or transaction events that could not be read").register(registry);
    Gauge.builder("tickwire.notifications.rules.indexed", this, v -> v.prices.size()
        + v.wallets.size()).description("Active rules in this node's indexes").register(registry);
    // Rule changes are taken before the rules are read, so that none published meanwhile (by
    // another member's alerts.create, say) is missed.
    return vertx.eventBus().<JsonObject>consumer(Addresses.NOTIFICATIONS_RULES,
            message -> onRuleChange(message.body())).completion()
        .compose(ignored -> {
          Context context = vertx.getOrCreateContext();
          ownership.onChange(() -> context.runOnContext(again -> reload()));
          return load();
        })
        .compose(indexed -> {
          LOG.info("evaluating {} active alert rules over {} symbols", indexed,
              config.symbols().size());
          List<Future<Void>> consumers = new ArrayList<>();
          for (String symbol : config.symbols()) {
            consumers.add(vertx.eventBus().<ChannelMessage>consumer(
                Addresses.channel(Channels.prices(symbol)), this::onPrice).completion());
          }
          consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.TX_EVENTS,
              message -> onTxEvent(message.body())).completion());
          vertx.setPeriodic(config.evaluation().expiryCheckMs(), ignored -> expire());
          return Future.all(consumers);
        });
  }

  private void onPrice(Message<ChannelMessage> message) {
    try {
      JsonObject data = new JsonObject(message.body().frameText()).getJsonObject("data");
      Number price = data.getNumber("price");
      String symbol = data.getString("symbol",
          Channels.keyIn(Channels.PRICES_NAMESPACE, message.body().channel()));
      if (price == null) {
        badEvents.increment();
        return;
      }
      long ts = data.getLong("ts", message.body().ts());
      prices.onTick(symbol, price.doubleValue(), ts, this::record);
    } catch (DecodeException | ClassCastException e) {
      badEvents.increment();
    }
  }

  private void onTxEvent(JsonObject event) {
    try {
      long ts = event.getLong("ts", System.currentTimeMillis());
      switch (String.valueOf(event.getString("type"))) {
        case "transition" -> wallets.onTransition(event, ts, this::record);
        case "balance" -> onBalance(event, ts);
        // Token transfers inform no rule: the balance they change arrives as a balance event.
        case "token_transfer" -> { }
        default -> badEvents.increment();
      }
    } catch (RuntimeException e) {
      badEvents.increment();
      LOG.debug("malformed transaction event {}: {}", event, e.getMessage());
    }
  }

  /** A wallet's balances: the native one, then each token's ({@code tokens[].token/balance}). */
  private void onBalance(JsonObject event, long ts) {
    String address = event.getString("address").toLowerCase(Locale.ROOT);
    wallets.onBalance(address, new BigInteger(event.getString("balance")), ts, this::record);
    JsonArray tokens = event.getJsonArray("tokens");
    if (tokens == null) {
      return;
    }
    for (int i = 0; i < tokens.size(); i++) {
      JsonObject token = tokens.getJsonObject(i);
      wallets.onBalance(address, token.getString("token").toLowerCase(Locale.ROOT),
          new BigInteger(token.getString("balance")), ts, this::record);
    }
  }

  private void onRuleChange(JsonObject change) {
    String id = "upsert".equals(change.getString("op"))
        ? change.getJsonObject("rule").getString("id") : change.getString("id");
    if (recording.containsKey(id)) {
      changedWhileRecording.add(id);
    }
    apply(change);
    if (changesDuringLoad != null) {
      changesDuringLoad.add(change);
    }
  }

  private void apply(JsonObject change) {
    if ("upsert".equals(change.getString("op"))) {
      index(Rule.fromBus(change.getJsonObject("rule")));
    } else {
      unindex(change.getString("id"));
    }
  }

  /**
   * Rebuilds the indexes from storage; answers how many rules they hold. The rules read may
   * predate changes acknowledged while they were read: those changes, applied as they came,
   * are applied again in order on the new indexes. Must not be called while a load runs.
   */
  private Future<Integer> load() {
    changesDuringLoad = new ArrayList<>();
    return storage.rules().active()
        .map(rules -> {
          prices = new PriceIndex();
          wallets = new WalletIndex();
          rules.forEach(this::load);
          changesDuringLoad.forEach(this::apply);
          return prices.size() + wallets.size();
        })
        .onComplete(ignored -> {
          // On failure the old indexes stay, with every change applied as it came.
          changesDuringLoad = null;
          if (loadAgain) {
            loadAgain = false;
            reload();
          }
        });
  }

  /**
   * Rebuilds the indexes after ownership moved; while a load runs, once more after it (the
   * rules it reads may be owned differently by then).
   */
  private void reload() {
    if (changesDuringLoad != null) {
      loadAgain = true;
      return;
    }
    load().onComplete(indexed -> LOG.info("ownership changed: evaluating {} alert rules here",
        indexed), failure -> LOG.warn("could not reload alert rules after an ownership change:"
        + " {}", failure.getMessage()));
  }

  /** Indexes a new, changed or re-armed rule. */
  private void index(Rule rule) {
    index(rule, false);
  }

  /** Indexes a rule as stored, whose previous price is unknown here. */
  private void load(Rule rule) {
    index(rule, true);
  }

  private void index(Rule rule, boolean stored) {
    unindex(rule.id());
    if (rule.stateAt(System.currentTimeMillis()) != RuleState.ACTIVE
        || !ownership.owns(ownershipKey(rule.user()))) {
      return;
    }
    if (rule.spec().condition().isPrice() && stored) {
      prices.load(rule);
    } else if (rule.spec().condition().isPrice()) {
      prices.add(rule);
    } else {
      wallets.add(rule);
    }
  }

  private void unindex(String id) {
    if (!prices.remove(id)) {
      wallets.remove(id);
    }
  }

  private void record(Fired fired) {
    long now = System.currentTimeMillis();
    if (fired.rule().expiredAt(now)) {
      // The sweep marks it expired; a firing after expiresAt does not count.
      unindex(fired.rule().id());
      return;
    }
    Notification notification = Firings.notification(fired, now);
    RuleState state = fired.rule().spec().once() ? RuleState.FIRED : RuleState.ACTIVE;
    recording.merge(fired.rule().id(), 1, Integer::sum);
    attempt(fired, new Firing(notification, state, fired.number(), fired.ts(), Firing.CHANNELS),
        1);
  }

  /** Records a firing, trying again with backoff while the store fails. */
  private void attempt(Fired fired, Firing firing, int attempt) {
    storage.notifications().record(firing).onComplete(done -> {
      if (done != null) {
        recorded.increment();
        vertx.eventBus().send(Addresses.NOTIFICATIONS_DISPATCH, done.user(),
            new DeliveryOptions().setLocalOnly(true));
      }
      settle(fired, false);
    }, e -> {
      if (attempt < RECORD_ATTEMPTS) {
        LOG.warn("could not record firing {} of rule {} (attempt {}), trying again: {}",
            fired.firingId(), fired.rule().id(), attempt, e.getMessage());
        vertx.setTimer(RECORD_BACKOFF_MS << (attempt - 1),
            ignored -> attempt(fired, firing, attempt + 1));
        return;
      }
      failures.increment();
      LOG.error("could not record firing {} of rule {} (user {}) after {} attempts; the rule"
          + " stays armed: {}", fired.firingId(), fired.rule().id(), fired.rule().user(),
          attempt, e.getMessage(), e);
      settle(fired, true);
    });
  }

  private void settle(Fired fired, boolean lost) {
    String id = fired.rule().id();
    boolean changed = changedWhileRecording.contains(id);
    if (recording.merge(id, -1, Integer::sum) == 0) {
      recording.remove(id);
      changedWhileRecording.remove(id);
    }
    // A rule changed or deleted meanwhile is already indexed as it now is.
    if (lost && !changed) {
      restore(fired);
    }
  }

  /**
   * Puts a rule whose firing was lost back in its index as not having fired (a {@code once}
   * rule left it; an {@code every} rule's cooldown moved on), so the next event where its
   * condition holds fires it. The firing count skips no recorded firing id.
   */
  private void restore(Fired fired) {
    Rule rule = fired.rule();
    Armed current = rule.spec().condition().isPrice() ? prices.armed(rule.id())
        : wallets.armed(rule.id());
    long count = current == null || current.fireCount == fired.number()
        ? fired.number() - 1 : current.fireCount;
    index(new Rule(rule.id(), rule.user(), rule.spec(), RuleState.ACTIVE, rule.createdAt(),
        rule.updatedAt(), count, null));
  }

  private void expire() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    storage.rules().expire(System.currentTimeMillis(), EXPIRE_BATCH)
        .onSuccess(expired -> {
          for (Rule rule : expired) {
            vertx.eventBus().publish(Addresses.NOTIFICATIONS_RULES,
                new JsonObject().put("op", "upsert").put("rule", rule.toBus()));
            channel.ruleEvent(rule.user(), "alert.expired",
                rule.toJson(System.currentTimeMillis()));
          }
        })
        .onFailure(e -> LOG.warn("could not expire alert rules: {}", e.getMessage()))
        .onComplete(ignored -> sweeping = false);
  }
}
