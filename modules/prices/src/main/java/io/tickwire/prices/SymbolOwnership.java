package io.tickwire.prices;

/**
 * Which symbols this cluster member aggregates: the seam between the price feed and the
 * cluster. Each symbol must be owned by exactly one member at a time; the market overview is
 * owned like a symbol, under {@link #OVERVIEW}. On a single node, {@link LocalOwnership} owns
 * everything. A clustered implementation (shared map of owners, fail-over) plugs in here and
 * calls the change listeners when this member gains or loses keys.
 *
 * <p>What follows from ownership: a member aggregates and publishes {@code prices.<SYMBOL>} only
 * for the symbols it owns, and publishes {@code market.overview} only if it owns
 * {@link #OVERVIEW}. Each published value also goes, cluster-wide, to
 * {@link io.tickwire.protocol.Addresses#PRICES_UPDATES}, from which every member keeps candles,
 * snapshots and the overview's inputs; so any member can answer {@code prices.history} and
 * {@code prices.snapshot}, and a new owner can take over without the old one.
 *
 * <p>Implementations are thread-safe: {@link #owns} is called on event loops and must not
 * block.
 */
public interface SymbolOwnership {

  /** The key under which the market overview's publisher is owned. */
  String OVERVIEW = "market.overview";

  /** Whether this member owns {@code key} (a symbol, or {@link #OVERVIEW}) now. */
  boolean owns(String key);

  /**
   * Registers {@code listener}, run on any thread whenever this member's keys may have changed.
   */
  void onChange(Runnable listener);
}
