package io.tickwire.prices;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Rounding of published numbers, so derived values do not carry binary noise. */
final class Numbers {

  /** Significant digits of published prices, changes and volumes. */
  static final int SIGNIFICANT = 10;
  private static final MathContext CONTEXT = new MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN);

  private Numbers() {
  }

  /** {@code value} to {@value #SIGNIFICANT} significant digits; NaN and infinities as they are. */
  static double round(double value) {
    if (!Double.isFinite(value) || value == 0) {
      return value;
    }
    return new BigDecimal(value).round(CONTEXT).doubleValue();
  }

  /** {@code value} to {@code decimals} decimal places. */
  static double round(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return value;
    }
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** A JSON-safe form: {@code null} for NaN and infinities. */
  static Double json(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** Back from JSON: NaN for {@code null}. */
  static double fromJson(Number value) {
    return value == null ? Double.NaN : value.doubleValue();
  }
}
