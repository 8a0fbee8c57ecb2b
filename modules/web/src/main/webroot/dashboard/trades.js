// Trade tape of the selected symbol from trades.<SYMBOL> (stream mode, batches of trades in
// venue time order): newest first, side coloured, venue shown, at most MAX_ROWS rows, each trade
// once per venue and id.
import { el, price, size, time, number } from './format.js';

export const MAX_ROWS = 50;

export class TradesPanel {
  constructor(client, selection) {
    this.client = client;
    this.selection = selection;
    this.list = document.getElementById('trade-rows');
    this.status = document.getElementById('trades-status');
    this.empty = document.getElementById('trades-empty');
    this.symbol = null;
    this.removeListener = null;
    /** venue + id of the rows on screen: a trade sent twice is shown once. */
    this.shown = new Set();
  }

  start() {
    this.selection.onChange((symbol) => this.show(symbol));
    if (this.selection.symbol) this.show(this.selection.symbol);
  }

  show(symbol) {
    const previous = this.symbol;
    this.removeListener?.();
    if (previous) this.client.unsubscribe(`trades.${previous}`).catch(() => {});
    this.symbol = symbol;
    this.list.replaceChildren();
    this.shown.clear();
    this.empty.hidden = false;
    this.status.textContent = `${symbol} · waiting…`;
    this.removeListener = this.client.onMessage(`trades.${symbol}`, (message) => this.update(message.data));
    this.client.subscribe(`trades.${symbol}`).then(({ refused }) => {
      if (refused.length > 0 && this.symbol === symbol) this.status.textContent = `${symbol} · not available (${refused[0].code})`;
    }, () => {});
  }

  update(data) {
    if (!data || (data.symbol !== undefined && data.symbol !== this.symbol) || !Array.isArray(data.trades)) return;
    // Only the newest MAX_ROWS of a batch can stay on screen.
    for (const trade of data.trades.slice(-MAX_ROWS)) this.add(trade);
    while (this.list.children.length > MAX_ROWS) {
      const last = this.list.lastElementChild;
      this.shown.delete(last.dataset.key);
      last.remove();
    }
    this.empty.hidden = this.list.children.length > 0;
    this.status.textContent = `${this.symbol} · live`;
  }

  add(trade) {
    const tradePrice = number(trade?.price);
    const tradeSize = number(trade?.size);
    if (tradePrice === undefined || tradeSize === undefined) return;
    const venue = String(trade.venue ?? '?').slice(0, 32);
    const key = `${venue}\u0000${String(trade.id ?? '').slice(0, 64)}`;
    if (trade.id !== undefined && this.shown.has(key)) return;
    const side = trade.side === 'buy' || trade.side === 'sell' ? trade.side : 'unknown';
    const row = el('tr', { 'data-key': key, 'data-venue': venue, 'data-id': trade.id, 'data-side': side, 'data-price': tradePrice },
      el('td', { class: 'muted' }, time(number(trade.ts))),
      el('td', { class: `num ${side === 'buy' ? 'up' : side === 'sell' ? 'down' : ''}` }, price(tradePrice)),
      el('td', { class: 'num' }, size(tradeSize)),
      el('td', { class: `side ${side === 'buy' ? 'up' : side === 'sell' ? 'down' : 'muted'}` }, side === 'unknown' ? '—' : side),
      el('td', { class: 'venue muted' }, venue));
    this.list.prepend(row);
    this.shown.add(key);
  }
}
