package io.tickwire.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

/** A {@link VenueProtocol.VenueSink} that remembers what it was given. */
final class RecordingSink implements VenueProtocol.VenueSink {

  final List<Tick> ticks = new ArrayList<>();
  final List<BookEvent> books = new ArrayList<>();
  final List<Trade> trades = new ArrayList<>();
  final List<String> sent = new ArrayList<>();
  final List<String> gaps = new ArrayList<>();
  /** Each fetch asked for: key, then URL. */
  final List<List<String>> fetches = new ArrayList<>();
  int alive;

  /** What a protocol under test reads, handing it to a sink. */
  interface Reading {
    void into(VenueProtocol.VenueSink sink) throws MalformedMessage;
  }

  /**
   * Asserts that {@code reading}, given a fresh sink, is refused as malformed for {@code reason}
   * and passes nothing on.
   */
  static void assertRefused(String reason, Reading reading) {
    RecordingSink fresh = new RecordingSink();
    assertThatThrownBy(() -> reading.into(fresh))
        .isInstanceOfSatisfying(MalformedMessage.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    fresh.assertNothing();
  }

  /** Asserts that no quote, book event, trade, request, fetch or gap reached this sink. */
  void assertNothing() {
    assertThat(ticks).isEmpty();
    assertThat(books).isEmpty();
    assertThat(trades).isEmpty();
    assertThat(sent).isEmpty();
    assertThat(fetches).isEmpty();
    assertThat(gaps).isEmpty();
  }

  @Override
  public void tick(Tick tick) {
    ticks.add(tick);
  }

  @Override
  public void book(BookEvent book) {
    books.add(book);
  }

  @Override
  public void trade(Trade trade) {
    trades.add(trade);
  }

  @Override
  public void fetch(String key, String url) {
    fetches.add(List.of(key, url));
  }

  @Override
  public void alive() {
    alive++;
  }

  @Override
  public void send(String text) {
    sent.add(text);
  }

  @Override
  public void gap(String detail) {
    gaps.add(detail);
  }
}
