package io.tickwire.prices;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Kraken's book of one pair as a client must keep it to check the venue's checksums: levels by
 * price, each with its price and quantity exactly as last sent, at most {@code depth} per side
 * (the subscribed depth; Kraken sends no removal for a level that an insertion pushes out, so
 * the worst levels beyond it are dropped after every message). The checksum is Kraken's CRC32
 * over the ten best asks (low to high) then the ten best bids (high to low), each level its
 * price then its quantity, written as sent without the decimal point and leading zeros. Not
 * thread-safe: one connection's event loop.
 */
final class KrakenBook {

  /** Levels per side that the checksum covers, whatever the depth. */
  static final int CHECKSUM_LEVELS = 10;

  private final int depth;
  // Price → {price, quantity} as sent; keys compare by value, so 1.50 and 1.5 are one level.
  private final NavigableMap<BigDecimal, BigDecimal[]> bids =
      new TreeMap<>(Collections.reverseOrder());
  private final NavigableMap<BigDecimal, BigDecimal[]> asks = new TreeMap<>();

  KrakenBook(int depth) {
    this.depth = depth;
  }

  void clear() {
    bids.clear();
    asks.clear();
  }

  /** Sets one level; a quantity of 0 removes it. */
  void set(boolean bid, BigDecimal price, BigDecimal qty) {
    NavigableMap<BigDecimal, BigDecimal[]> side = bid ? bids : asks;
    if (qty.signum() == 0) {
      side.remove(price);
    } else {
      side.put(price, new BigDecimal[] {price, qty});
    }
  }

  /** Drops the levels beyond the depth on one side; answers their prices, best first. */
  List<BigDecimal> truncate(boolean bid) {
    NavigableMap<BigDecimal, BigDecimal[]> side = bid ? bids : asks;
    List<BigDecimal> dropped = new ArrayList<>(0);
    while (side.size() > depth) {
      dropped.add(0, side.pollLastEntry().getKey());
    }
    return dropped;
  }

  /** The levels of one side, best first: prices and sizes as doubles. */
  double[][] side(boolean bid) {
    NavigableMap<BigDecimal, BigDecimal[]> side = bid ? bids : asks;
    double[] prices = new double[side.size()];
    double[] sizes = new double[side.size()];
    int i = 0;
    for (BigDecimal[] level : side.values()) {
      prices[i] = level[0].doubleValue();
      sizes[i++] = level[1].doubleValue();
    }
    return new double[][] {prices, sizes};
  }

  /** Kraken's checksum of this book, an unsigned 32-bit value. */
  long checksum() {
    StringBuilder text = new StringBuilder(CHECKSUM_LEVELS * 2 * 24);
    append(text, asks);
    append(text, bids);
    CRC32 crc = new CRC32();
    crc.update(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  private static void append(StringBuilder text, Map<BigDecimal, BigDecimal[]> side) {
    int n = 0;
    for (BigDecimal[] level : side.values()) {
      if (n++ == CHECKSUM_LEVELS) {
        break;
      }
      digits(text, level[0]);
      digits(text, level[1]);
    }
  }

  /** The number as sent, without its decimal point and leading zeros. */
  static void digits(StringBuilder text, BigDecimal value) {
    String plain = value.toPlainString();
    int start = text.length();
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (c != '.' && !(c == '0' && text.length() == start)) {
        text.append(c);
      }
    }
  }
}
