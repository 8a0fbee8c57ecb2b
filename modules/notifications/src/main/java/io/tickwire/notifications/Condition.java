package io.tickwire.notifications;

import java.util.Locale;
import java.util.Set;

/** What a rule watches; {@link #wire()} is its name in requests and answers. */
public enum Condition {
  /** The price is at or above a level (fires at once when it already is). */
  ABOVE(Set.of("symbol", "price")),
  /** The price is at or below a level (fires at once when it already is). */
  BELOW(Set.of("symbol", "price")),
  /** The price moves through a level between two ticks, up, down or either way. */
  CROSSES(Set.of("symbol", "price", "direction")),
  /** The price moved up or down by at least {@code pct} % within {@code windowMs}. */
  CHANGE_PCT(Set.of("symbol", "pct", "windowMs", "direction")),
  /** A watched wallet's balance (wei, or a token's units) is at or below an amount. */
  BALANCE_BELOW(Set.of("address", "amount", "token")),
  /** A watched wallet's balance (wei, or a token's units) is at or above an amount. */
  BALANCE_ABOVE(Set.of("address", "amount", "token")),
  /** A transaction from or to a watched wallet reaches a status. */
  TX_STATUS(Set.of("address", "status"));

  private final String wire;
  private final Set<String> fields;

  Condition(Set<String> fields) {
    this.wire = name().toLowerCase(Locale.ROOT);
    this.fields = fields;
  }

  /** The name on the wire, e.g. {@code change_pct}. */
  public String wire() {
    return wire;
  }

  /** The condition-specific fields a rule of this condition takes. */
  public Set<String> fields() {
    return fields;
  }

  /** Whether the rule is about a symbol's price. */
  public boolean isPrice() {
    return fields.contains("symbol");
  }

  /** The condition named {@code wire}, or {@code null}. */
  public static Condition fromWire(String wire) {
    for (Condition condition : values()) {
      if (condition.wire.equals(wire)) {
        return condition;
      }
    }
    return null;
  }
}
