package io.tickwire.prices;

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
