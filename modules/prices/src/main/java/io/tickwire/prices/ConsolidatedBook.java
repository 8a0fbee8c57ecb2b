package io.tickwire.prices;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consolidated order book of one symbol: every venue's {@link VenueBook}, merged by price
 * over the usable venues into the top {@code depth} levels per side, each level's size summed
 * and the venues making it up listed.
 *
 * <p>A venue is usable when it is healthy, not excluded by the price rules (the
 * {@link Aggregate#excluded()} map handed to {@link #merge}: stale, outlier or unhealthy by its
 * quotes) and fresh: its last book event or quote is at most {@code staleAfterMs} old. At most
 * {@value #MAX_VENUES} venues per symbol are kept; a further venue's books are refused.
 *
 * <p>{@link #merge} writes into arrays it keeps (no allocation per level), so merging on every
 * book event is cheap; the merge costs O(depth × venues). Not thread-safe: owned by one feed.
 */
public final class ConsolidatedBook {

  /** The most venues one symbol's book merges (a level's venues are a bit set). */
  public static final int MAX_VENUES = 64;

  private final String symbol;
  private final int depth;
  private final int maxVenueLevels;
  private final long staleAfterMs;
  // Venues sorted by name, so that the listed venues come in a stable order.
  private String[] names = new String[0];
  private VenueBook[] books = new VenueBook[0];
  private long[] lastAt = new long[0];
  private final Set<String> unhealthy = new HashSet<>();
  private long refusedVenues;

  // The last merge: levels per side, their venues as bit sets over names, the venues used.
  final Levels bids;
  final Levels asks;
  private long used;
  // The last published merge; names is replaced, never changed, when a venue is added.
  private final Levels publishedBids;
  private final Levels publishedAsks;
  private long publishedUsed;
  private String[] publishedNames;
  private boolean published;
  // Scratch: the usable venues' books and their cursors.
  private final VenueBook.Side[] sides = new VenueBook.Side[MAX_VENUES];
  private final int[] venueOf = new int[MAX_VENUES];
  private final int[] cursor = new int[MAX_VENUES];

  /** One side of a merged book. */
  static final class Levels {
    final double[] prices;
    final double[] sizes;
    final long[] venues;
    int count;

    Levels(int depth) {
      prices = new double[depth];
      sizes = new double[depth];
      venues = new long[depth];
    }

    boolean sameAs(Levels other) {
      return count == other.count
          && Arrays.equals(prices, 0, count, other.prices, 0, count)
          && Arrays.equals(sizes, 0, count, other.sizes, 0, count)
          && Arrays.equals(venues, 0, count, other.venues, 0, count);
    }

    void copyFrom(Levels other) {
      count = other.count;
      System.arraycopy(other.prices, 0, prices, 0, count);
      System.arraycopy(other.sizes, 0, sizes, 0, count);
      System.arraycopy(other.venues, 0, venues, 0, count);
    }
  }

  /**
   * @param symbol the symbol
   * @param depth the levels per side of a merged book
   * @param maxVenueLevels the most levels per side kept of each venue's book
   * @param staleAfterMs the age of a venue's last event from which its book is left out
   */
  public ConsolidatedBook(String symbol, int depth, int maxVenueLevels, long staleAfterMs) {
    if (depth < 1 || maxVenueLevels < 1 || staleAfterMs <= 0) {
      throw new IllegalArgumentException("depth, maxVenueLevels and staleAfterMs must be positive");
    }
    this.symbol = symbol;
    this.depth = depth;
    this.maxVenueLevels = maxVenueLevels;
    this.staleAfterMs = staleAfterMs;
    this.bids = new Levels(depth);
    this.asks = new Levels(depth);
    this.publishedBids = new Levels(depth);
    this.publishedAsks = new Levels(depth);
  }

  public String symbol() {
    return symbol;
  }

  public int depth() {
    return depth;
  }

  /**
   * Applies a venue's book event.
   *
   * @return whether it was taken (not when the symbol has {@value #MAX_VENUES} other venues, or
   *     the event is malformed)
   */
  public boolean apply(BookEvent event) {
    int venue = venue(event.venue(), true);
    if (venue < 0) {
      refusedVenues++;
      return false;
    }
    lastAt[venue] = Math.max(lastAt[venue], event.receivedAt());
    return books[venue].apply(event);
  }

  /** A quote of {@code venue} arrived: it is alive, so its book stays fresh. */
  public void touch(String venue, long at) {
    int index = venue(venue, false);
    if (index >= 0) {
      lastAt[index] = Math.max(lastAt[index], at);
    }
  }

  public void venueHealth(String venue, boolean healthy) {
    if (healthy) {
      unhealthy.remove(venue);
    } else {
      unhealthy.add(venue);
    }
  }

  /** The book of one venue, or {@code null}. */
  VenueBook venueBook(String venue) {
    int index = venue(venue, false);
    return index < 0 ? null : books[index];
  }

  /**
   * Merges the usable venues' books at {@code now} into {@link #bids} and {@link #asks}.
   *
   * @param excluded the venues the price rules exclude (may be empty)
   */
  public void merge(long now, Map<String, String> excluded) {
    used = 0;
    int n = usable(now, excluded, true);
    mergeSide(bids, n, true);
    n = usable(now, excluded, false);
    mergeSide(asks, n, false);
  }

  /**
   * The best bid over the usable venues at {@code now}, or NaN: the same as {@link #bestBid()}
   * after {@code merge(now, excluded)}, read in O(venues) and leaving the last merge as it was.
   */
  double bestBid(long now, Map<String, String> excluded) {
    return best(now, excluded, true);
  }

  /**
   * The best ask over the usable venues at {@code now}, or NaN: the same as {@link #bestAsk()}
   * after {@code merge(now, excluded)}, read in O(venues) and leaving the last merge as it was.
   */
  double bestAsk(long now, Map<String, String> excluded) {
    return best(now, excluded, false);
  }

  private double best(long now, Map<String, String> excluded, boolean bid) {
    double best = Double.NaN;
    for (int v = 0; v < names.length; v++) {
      if (!usable(v, now, excluded)) {
        continue;
      }
      VenueBook.Side side = bid ? books[v].bids() : books[v].asks();
      if (side.count() > 0) {
        double price = side.price(0);
        if (best != best || (bid ? price > best : price < best)) {
          best = price;
        }
      }
    }
    return best;
  }

  private boolean usable(int v, long now, Map<String, String> excluded) {
    return now - lastAt[v] <= staleAfterMs && !unhealthy.contains(names[v])
        && !excluded.containsKey(names[v]);
  }

  private int usable(long now, Map<String, String> excluded, boolean bid) {
    int n = 0;
    for (int v = 0; v < names.length; v++) {
      if (!usable(v, now, excluded)) {
        continue;
      }
      used |= 1L << v;
      VenueBook.Side side = bid ? books[v].bids() : books[v].asks();
      if (side.count() > 0) {
        sides[n] = side;
        venueOf[n] = v;
        cursor[n] = 0;
        n++;
      }
    }
    return n;
  }

  private void mergeSide(Levels out, int n, boolean bid) {
    int count = 0;
    while (count < depth) {
      double best = Double.NaN;
      for (int i = 0; i < n; i++) {
        if (cursor[i] < sides[i].count()) {
          double price = sides[i].price(cursor[i]);
          if (best != best || (bid ? price > best : price < best)) {
            best = price;
          }
        }
      }
      if (best != best) {
        break;
      }
      double size = 0;
      long venues = 0;
      for (int i = 0; i < n; i++) {
        VenueBook.Side side = sides[i];
        if (cursor[i] < side.count() && side.price(cursor[i]) == best) {
          size += side.size(cursor[i]);
          venues |= 1L << venueOf[i];
          cursor[i]++;
        }
      }
      out.prices[count] = best;
      out.sizes[count] = size;
      out.venues[count] = venues;
      count++;
    }
    out.count = count;
  }

  /** The best bid of the last merge, or NaN. */
  public double bestBid() {
    return bids.count > 0 ? bids.prices[0] : Double.NaN;
  }

  /** The best ask of the last merge, or NaN. */
  public double bestAsk() {
    return asks.count > 0 ? asks.prices[0] : Double.NaN;
  }

  /** Whether the last merge has both sides and its best bid is at or above its best ask. */
  public boolean crossed() {
    return bids.count > 0 && asks.count > 0 && bids.prices[0] >= asks.prices[0];
  }

  /** Whether any venue has sent a book (otherwise the quotes alone make bid and ask). */
  boolean hasVenues() {
    return names.length > 0;
  }

  /**
   * Whether the last merge differs from the one last {@linkplain #markPublished() published}
   * (levels, sizes, the venues of each level, the venues used); true before the first.
   */
  public boolean changed() {
    return !published || publishedNames != names || publishedUsed != used
        || !bids.sameAs(publishedBids) || !asks.sameAs(publishedAsks);
  }

  /** Records the last merge as published. */
  public void markPublished() {
    published = true;
    publishedNames = names;
    publishedUsed = used;
    publishedBids.copyFrom(bids);
    publishedAsks.copyFrom(asks);
  }

  /** Venue books refused because the symbol had {@value #MAX_VENUES} venues already. */
  long refusedVenues() {
    return refusedVenues;
  }

  /** The venues used in the last merge, by name in order. */
  public List<String> venues() {
    List<String> list = new ArrayList<>(Long.bitCount(used));
    for (int v = 0; v < names.length; v++) {
      if ((used & 1L << v) != 0) {
        list.add(names[v]);
      }
    }
    return list;
  }

  /**
   * The last merge as the data of a {@code book.<SYMBOL>} message: {@code {symbol, bids, asks,
   * depth, venues, crossed, ts}}, each level {@code [price, size, [venues]]}.
   */
  public JsonObject toJson(long ts) {
    return new JsonObject().put("symbol", symbol).put("bids", levels(bids))
        .put("asks", levels(asks)).put("depth", depth).put("venues", new JsonArray(venues()))
        .put("crossed", crossed()).put("ts", ts);
  }

  /** An empty book of {@code symbol}: what {@code prices.book} answers before any venue spoke. */
  static JsonObject empty(String symbol, int depth) {
    return new JsonObject().put("symbol", symbol).put("bids", new JsonArray())
        .put("asks", new JsonArray()).put("depth", depth).put("venues", new JsonArray())
        .put("crossed", false).put("ts", null);
  }

  private JsonArray levels(Levels side) {
    JsonArray list = new JsonArray(new ArrayList<>(side.count));
    for (int i = 0; i < side.count; i++) {
      JsonArray venues = new JsonArray(new ArrayList<>(Long.bitCount(side.venues[i])));
      for (int v = 0; v < names.length; v++) {
        if ((side.venues[i] & 1L << v) != 0) {
          venues.add(names[v]);
        }
      }
      list.add(new JsonArray(new ArrayList<>(3)).add(side.prices[i])
          .add(Numbers.round(side.sizes[i])).add(venues));
    }
    return list;
  }

  private int venue(String venue, boolean create) {
    int at = Arrays.binarySearch(names, venue);
    if (at >= 0 || !create) {
      return at >= 0 ? at : -1;
    }
    if (names.length == MAX_VENUES) {
      return -1;
    }
    int insert = -at - 1;
    names = insert(names, insert, venue);
    VenueBook[] moreBooks = new VenueBook[books.length + 1];
    System.arraycopy(books, 0, moreBooks, 0, insert);
    moreBooks[insert] = new VenueBook(maxVenueLevels);
    System.arraycopy(books, insert, moreBooks, insert + 1, books.length - insert);
    books = moreBooks;
    long[] moreAt = new long[lastAt.length + 1];
    System.arraycopy(lastAt, 0, moreAt, 0, insert);
    moreAt[insert] = 0;
    System.arraycopy(lastAt, insert, moreAt, insert + 1, lastAt.length - insert);
    lastAt = moreAt;
    return insert;
  }

  private static String[] insert(String[] array, int at, String value) {
    String[] more = new String[array.length + 1];
    System.arraycopy(array, 0, more, 0, at);
    more[at] = value;
    System.arraycopy(array, at, more, at + 1, array.length - at);
    return more;
  }
}
