package io.tickwire.prices;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A {@link PriceSource.SourceListener} that queues what a source says, from its event loop, for
 * the test thread.
 */
final class RecordingListener implements PriceSource.SourceListener {

  final BlockingQueue<Tick> ticks = new LinkedBlockingQueue<>();
  final BlockingQueue<BookEvent> books = new LinkedBlockingQueue<>();
  final BlockingQueue<Trade> trades = new LinkedBlockingQueue<>();
  /** Each message refused, as {@code reason: detail}. */
  final BlockingQueue<String> malformed = new LinkedBlockingQueue<>();
  /** The delay before each reconnect. */
  final BlockingQueue<Long> delays = new LinkedBlockingQueue<>();
  final BlockingQueue<String> gaps = new LinkedBlockingQueue<>();

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
  public void health(String venue, boolean healthy, String reason) {
  }

  @Override
  public void malformed(String venue, String reason, String detail, String message) {
    malformed.add(reason + ": " + detail);
  }

  @Override
  public void reconnecting(String venue, long delayMs, String why) {
    delays.add(delayMs);
  }

  @Override
  public void gap(String venue, String detail) {
    gaps.add(detail);
  }
}
