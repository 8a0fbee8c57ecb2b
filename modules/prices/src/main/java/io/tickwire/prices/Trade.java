package io.tickwire.prices;

/**
 * One trade of one symbol at one venue, as a source parsed it. Travels node-local from a venue's
 * verticle to the price feed ({@code tickwire.local.prices.trades}).
 *
 * @param venue the venue's name
 * @param symbol the canonical symbol, {@code BASE-QUOTE}
 * @param id the venue's trade id (unique per venue and symbol; used to drop repeats after a
 *     reconnect)
 * @param price the trade price, positive
 * @param size the traded base quantity, positive
 * @param side the taker's side, {@code buy} or {@code sell}, or {@code null} when the venue does
 *     not say
 * @param ts the venue's trade time, ms since the epoch
 * @param receivedAt when it arrived, in ms since the epoch
 */
public record Trade(String venue, String symbol, String id, double price, double size,
    String side, long ts, long receivedAt) {
}
