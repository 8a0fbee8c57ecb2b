package io.tickwire.notifications;

import java.util.Locale;

/** Where a rule stands; {@link #wire()} is its name in answers. */
public enum RuleState {
  /** Evaluated on every relevant event. */
  ACTIVE,
  /** Kept, but not evaluated until resumed. */
  PAUSED,
  /** A {@code once} rule that fired; an update re-arms it. */
  FIRED,
  /** Its {@code expiresAt} passed. */
  EXPIRED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code wire}, or {@code null}. */
  public static RuleState fromWire(String wire) {
    for (RuleState state : values()) {
      if (state.wire().equals(wire)) {
        return state;
      }
    }
    return null;
  }
}
