package io.tickwire.protocol;

/**
 * Every event-bus address of tickwire, in one place. Addresses are named
 * {@code tickwire.<area>.<name>}; node-local ones start with {@code tickwire.local.} and are only
 * ever registered with {@code localConsumer}. docs/event-bus.md lists what flows on each.
 */
public final class Addresses {

  /** Prefix of channel fan-out addresses: {@link ChannelMessage}s of one channel. */
  public static final String CHANNEL_PREFIX = "tickwire.ch.";
  /** Prefix of request-method addresses: one per method, registered by the owning service. */
  public static final String METHOD_PREFIX = "tickwire.rpc.";

  /**
   * Node-local: publish to a channel through this node's channel log, request {channel, data,
   * idempotencyKey?} → {channel, seq, epoch}; the log's store reaches the rest of the cluster.
   */
  public static final String CHANNELS_PUBLISH = "tickwire.local.channels.publish";
  /**
   * Node-local: recovery of a channel from this node's channel log, request {channel, since?:
   * {seq, epoch}} → {channel, seq, epoch, recovered, frames: [binary], seqs: [long]}: the
   * encoded {@code message} frames to send first and their seqs, in order.
   */
  public static final String CHANNELS_HISTORY = "tickwire.local.channels.history";
  /**
   * Published {user, banSeconds?}: every gateway closes that user's connections (4003); with
   * {@code banSeconds} above 0 every node also refuses the user's new connections for that long.
   */
  public static final String USERS_DISCONNECT = "tickwire.users.disconnect";

  /**
   * Published by every node whose admin console is on, each {@code admin.reportIntervalMs}: its
   * load, {@code {"node", "ts", "connections", "channels", "subscriptions",
   * "publishedPerSec", "deliveredPerSec", "ownership": {"owned", "total", "keys"}}}, or {@code
   * {"node", "leaving": true}} once as it stops. Each console lists the members it heard from
   * lately.
   */
  public static final String ADMIN_REPORTS = "tickwire.admin.reports";
  /**
   * Prefix of each node's admin address ({@link #adminNode(String)}): request {@code
   * {"maxUsers", "maxChannels"}} → {@code {"node", "users": [{"user", "sessions", "since",
   * "subscriptions"}], "userCount", "anonymous", "anonymousSubscriptions", "channels": {channel:
   * {"subscribers", "seq"?, "epoch"?}}, "channelCount"}}.
   */
  public static final String ADMIN_NODE_PREFIX = "tickwire.admin.node.";

  /**
   * Published by the transaction monitor for services (alert rules), one event per change:
   * {@code {"type": "transition", "hash", "from", "to", "fromState", "toState", "blockNumber",
   * "blockHash", "confirmations", "replacedBy", "ts"}}, or the wallet channel's {@code balance}
   * message (a change, not a snapshot) or {@code token_transfer} message plus {@code "ts"}: a
   * balance event has at least {@code "address", "balance" (decimal string, wei), "blockNumber",
   * "asset", "valueUsd", "price", "tokens": [{"token", "symbol", "decimals", "balance",
   * "valueUsd", "price"}], "totalUsd", "snapshot": false}. Addresses are lower-case hex.
   */
  public static final String TX_EVENTS = "tickwire.tx.events";

  /**
   * Prefix of subscriber announcements, one address per namespace
   * ({@link #subscribers(String)}): gateway instances publish there how many local subscribers a
   * channel of that namespace has, for the namespaces a service asked for through
   * {@link #SUBSCRIBERS_SYNC}. Bodies: {@code {"holder", "channel", "subscribers", "reason":
   * "joined"|"left"}} after a subscription was granted (its {@code subscribed} frame sent) or
   * left, and {@code {"holder", "reason": "sync", "channels": {channel: subscribers}}} answering a
   * sync. {@code holder} names the gateway instance; its counts replace what it said before.
   */
  public static final String SUBSCRIBERS_PREFIX = "tickwire.subscribers.";
  /**
   * Published {@code {"namespace"}} by a service that wants subscriber announcements for a
   * namespace: every gateway instance announces that namespace from then on and answers at once
   * with a {@code sync} of its current counts. Services repeat it periodically, so instances that
   * start later join in and instances that vanished can be forgotten.
   */
  public static final String SUBSCRIBERS_SYNC = "tickwire.channels.subscribers";

  /**
   * Published (cluster-wide) by the member that owns a symbol, once for every value it publishes
   * on {@code prices.<SYMBOL>}: that channel data plus {@code traded}, the base volume traded
   * since the previous value. Every member keeps its candles, snapshots and market overview from
   * this one stream, so any member can answer {@code prices.history} and {@code prices.snapshot}.
   */
  public static final String PRICES_UPDATES = "tickwire.prices.updates";
  /**
   * Published (cluster-wide) by the member that owns a symbol, once for every book it publishes
   * on {@code book.<SYMBOL>}: that channel data. Every member keeps the latest book per symbol
   * from it, so any member can answer {@code prices.book}.
   */
  public static final String PRICES_BOOK_UPDATES = "tickwire.prices.book-updates";
  /** Node-local: the venue sources' ticks (a local-codec object) to the node's price feed. */
  public static final String PRICES_TICKS = "tickwire.local.prices.ticks";
  /** Node-local: the venue sources' order-book news (a local-codec object) to the price feed. */
  public static final String PRICES_BOOKS = "tickwire.local.prices.books";
  /** Node-local: the venue sources' trades (a local-codec object) to the price feed. */
  public static final String PRICES_TRADES = "tickwire.local.prices.trades";
  /** Node-local: a venue's health changed, {venue, healthy, reason}; the feed excludes it. */
  public static final String PRICES_VENUE_HEALTH = "tickwire.local.prices.venue-health";

  /**
   * Published by the alert methods after every durable change of a rule, so that the rule
   * evaluators of every node update their indexes: {@code {"op": "upsert", "rule": {…}}} (the
   * rule as stored, any state) or {@code {"op": "remove", "id", "user"}}.
   */
  public static final String NOTIFICATIONS_RULES = "tickwire.notifications.rules";

  /** Published every heartbeat interval to the gateways of this node. */
  public static final String HEARTBEAT_TICK = "tickwire.local.heartbeat.tick";
  /** Gateway instances report {instance, good, fair, poor, unknown} after each tick. */
  public static final String HEARTBEAT_REPORT = "tickwire.local.heartbeat.report";

  /**
   * Sent (local-only) when notifications were recorded or deliveries became due, so the node's
   * delivery dispatcher looks at its queue now rather than at its next poll. Body: ignored.
   */
  public static final String NOTIFICATIONS_DISPATCH = "tickwire.local.notifications.dispatch";

  private Addresses() {
  }

  /** The fan-out address of a channel. */
  public static String channel(String channel) {
    return CHANNEL_PREFIX + channel;
  }

  /** Where gateways announce the subscribers of {@code namespace}'s channels. */
  public static String subscribers(String namespace) {
    return SUBSCRIBERS_PREFIX + namespace;
  }

  /** The admin address of node {@code nodeId}. */
  public static String adminNode(String nodeId) {
    return ADMIN_NODE_PREFIX + nodeId;
  }

  /** The address that serves a request method, e.g. {@code tickwire.rpc.alerts.create}. */
  public static String method(String method) {
    return METHOD_PREFIX + method;
  }
}
