package io.tickwire.notifications;

import io.tickwire.runtime.ConfigException;
import io.tickwire.runtime.Section;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code notifications} section: symbols, limits, evaluation, storage, delivery and
 * retention. Immutable and validated on construction; unknown keys are refused.
 *
 * @param symbols the symbols price rules may watch (upper case)
 * @param limits per-user limits and paging
 * @param evaluation rule evaluation settings
 * @param storage where everything is kept
 * @param delivery the delivery queue
 * @param webhook webhook delivery
 * @param mail e-mail delivery
 * @param retention how long notifications and deliveries are kept
 * @param tokens the tokens balance rules may name, contract address (lower case) → symbol: those
 *     of {@code transactions.tokens}, handed over by the launcher (none by default)
 */
public record NotificationsConfig(Set<String> symbols, Limits limits, Evaluation evaluation,
    StorageConfig storage, Delivery delivery, WebhookConfig webhook, MailConfig mail,
    Retention retention, Map<String, String> tokens) {

  public NotificationsConfig {
    tokens = Map.copyOf(tokens);
  }

  /** The symbols until the launcher hands over the prices configuration. */
  public static final List<String> DEFAULT_SYMBOLS = List.of("BTC-USD", "ETH-USD", "SOL-USD",
      "XRP-USD", "ADA-USD", "DOGE-USD", "AVAX-USD", "DOT-USD", "LINK-USD", "MATIC-USD");

  /**
   * The {@code notifications.limits} section.
   *
   * @param maxRulesPerUser rules one user may have, whatever their state
   *     ({@value #DEFAULT_MAX_RULES_PER_USER})
   * @param idempotencyTtlMs how long an {@code idempotencyKey} of {@code alerts.create} is
   *     remembered ({@value #DEFAULT_IDEMPOTENCY_TTL_MS}, 24 h)
   * @param maxMessageChars the longest message template ({@value #DEFAULT_MAX_MESSAGE_CHARS})
   * @param pageSize notifications per page by default ({@value #DEFAULT_PAGE_SIZE})
   * @param maxPageSize the most a client may ask for ({@value #DEFAULT_MAX_PAGE_SIZE})
   */
  public record Limits(int maxRulesPerUser, long idempotencyTtlMs, int maxMessageChars,
      int pageSize, int maxPageSize) {
    public static final int DEFAULT_MAX_RULES_PER_USER = 200;
    public static final long DEFAULT_IDEMPOTENCY_TTL_MS = 86_400_000;
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 500;
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int DEFAULT_MAX_PAGE_SIZE = 200;

    static Limits from(Section section) {
      Limits limits = new Limits(
          section.intValue("maxRulesPerUser", DEFAULT_MAX_RULES_PER_USER, 1, 1_000_000),
          section.longValue("idempotencyTtlMs", DEFAULT_IDEMPOTENCY_TTL_MS, 1_000,
              30 * 86_400_000L),
          section.intValue("maxMessageChars", DEFAULT_MAX_MESSAGE_CHARS, 1, 10_000),
          section.intValue("pageSize", DEFAULT_PAGE_SIZE, 1, 10_000),
          section.intValue("maxPageSize", DEFAULT_MAX_PAGE_SIZE, 1, 10_000));
      section.done();
      if (limits.pageSize > limits.maxPageSize) {
        throw new ConfigException(section.key("pageSize"), "must not exceed maxPageSize");
      }
      return limits;
    }
  }

  /**
   * The {@code notifications.evaluation} section.
   *
   * @param defaultCooldownMs the cooldown of an {@code every} rule that names none
   *     ({@value #DEFAULT_COOLDOWN_MS})
   * @param expiryCheckMs how often rules past their {@code expiresAt} are expired
   *     ({@value #DEFAULT_EXPIRY_CHECK_MS})
   */
  public record Evaluation(long defaultCooldownMs, long expiryCheckMs) {
    public static final long DEFAULT_COOLDOWN_MS = 60_000;
    public static final long DEFAULT_EXPIRY_CHECK_MS = 1_000;

    static Evaluation from(Section section) {
      Evaluation evaluation = new Evaluation(
          section.longValue("defaultCooldownMs", DEFAULT_COOLDOWN_MS, 0, 7 * 86_400_000L),
          section.longValue("expiryCheckMs", DEFAULT_EXPIRY_CHECK_MS, 10, 3_600_000));
      section.done();
      return evaluation;
    }
  }

  /**
   * The {@code notifications.delivery} section: the durable delivery queue.
   *
   * @param pollMs how often the queue is looked at for due deliveries ({@value #DEFAULT_POLL_MS});
   *     new notifications of this node are dispatched at once
   * @param batchSize deliveries taken per look ({@value #DEFAULT_BATCH_SIZE})
   * @param leaseMs how long a taken delivery is reserved for its attempt
   *     ({@value #DEFAULT_LEASE_MS}); a node that dies mid-attempt leaves it to be retried after
   *     this
   * @param maxInFlight delivery attempts in flight at once, for WebSocket and again for webhooks
   *     and e-mail together ({@value #DEFAULT_MAX_IN_FLIGHT}); the queue is read again while
   *     attempts are in flight, so a receiver that hangs holds one of these, not the others
   */
  public record Delivery(long pollMs, int batchSize, long leaseMs, int maxInFlight) {
    public static final long DEFAULT_POLL_MS = 1_000;
    public static final int DEFAULT_BATCH_SIZE = 100;
    public static final long DEFAULT_LEASE_MS = 120_000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 200;

    static Delivery from(Section section) {
      Delivery delivery = new Delivery(
          section.longValue("pollMs", DEFAULT_POLL_MS, 10, 3_600_000),
          section.intValue("batchSize", DEFAULT_BATCH_SIZE, 1, 10_000),
          section.longValue("leaseMs", DEFAULT_LEASE_MS, 1_000, 3_600_000),
          section.intValue("maxInFlight", DEFAULT_MAX_IN_FLIGHT, 1, 100_000));
      section.done();
      return delivery;
    }
  }

  /**
   * The {@code notifications.retention} section: the job that deletes what is past keeping.
   * Idempotency keys of {@code alerts.create} go once past {@code limits.idempotencyTtlMs}.
   *
   * @param intervalMs how often the job runs ({@value #DEFAULT_INTERVAL_MS}, 1 h; and once at
   *     start)
   * @param notificationsMs how long a notification is kept, with its deliveries
   *     ({@value #DEFAULT_NOTIFICATIONS_MS}, 90 days); one with a delivery still pending or
   *     waiting stays until it ends; {@code 0} keeps them for ever
   * @param deliveriesMs how long a finished delivery (delivered, failed, skipped, cancelled) is
   *     kept after it last changed ({@value #DEFAULT_DELIVERIES_MS}, 30 days); {@code 0} keeps
   *     them as long as their notification
   * @param batchSize rows deleted per statement ({@value #DEFAULT_BATCH_SIZE}); the job goes on
   *     until a batch comes back short
   */
  public record Retention(long intervalMs, long notificationsMs, long deliveriesMs,
      int batchSize) {
    public static final long DEFAULT_INTERVAL_MS = 3_600_000;
    public static final long DEFAULT_NOTIFICATIONS_MS = 90 * 86_400_000L;
    public static final long DEFAULT_DELIVERIES_MS = 30 * 86_400_000L;
    public static final int DEFAULT_BATCH_SIZE = 1_000;
    static final long MAX_AGE_MS = 3_650 * 86_400_000L;

    static Retention from(Section section) {
      Retention retention = new Retention(
          section.longValue("intervalMs", DEFAULT_INTERVAL_MS, 100, 86_400_000),
          section.longValue("notificationsMs", DEFAULT_NOTIFICATIONS_MS, 0, MAX_AGE_MS),
          section.longValue("deliveriesMs", DEFAULT_DELIVERIES_MS, 0, MAX_AGE_MS),
          section.intValue("batchSize", DEFAULT_BATCH_SIZE, 1, 100_000));
      section.done();
      return retention;
    }
  }

  /** Reads {@code notifications} from the configuration root. */
  public static NotificationsConfig from(Section root) {
    Section section = root.section("notifications");
    Set<String> symbols = new LinkedHashSet<>();
    for (String symbol : section.strings("symbols", DEFAULT_SYMBOLS)) {
      if (symbol.isBlank() || symbol.length() > 64) {
        throw new ConfigException(section.key("symbols"), "symbols must be 1 to 64 characters");
      }
      symbols.add(symbol.trim().toUpperCase(Locale.ROOT));
    }
    NotificationsConfig config = new NotificationsConfig(Set.copyOf(symbols),
        Limits.from(section.section("limits")),
        Evaluation.from(section.section("evaluation")),
        StorageConfig.from(section.section("storage")),
        Delivery.from(section.section("delivery")),
        WebhookConfig.from(section.section("webhook")),
        MailConfig.from(section.section("mail")),
        Retention.from(section.section("retention")), Map.of());
    section.done();
    return config;
  }

  /** The same configuration with other symbols (from the prices configuration). */
  public NotificationsConfig withSymbols(Set<String> newSymbols) {
    return new NotificationsConfig(Set.copyOf(newSymbols), limits, evaluation, storage, delivery,
        webhook, mail, retention, tokens);
  }

  /**
   * The same configuration with the tokens balance rules may name (from the transactions
   * configuration): contract address (lower case) → symbol.
   */
  public NotificationsConfig withTokens(Map<String, String> newTokens) {
    return new NotificationsConfig(symbols, limits, evaluation, storage, delivery, webhook, mail,
        retention, newTokens);
  }
}
