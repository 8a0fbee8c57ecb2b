// Live price table: one row per symbol, subscribed to prices.<SYMBOL> (latest mode).
import { el, price, signedPrice, percent, compact, direction, time, flash, number } from './format.js';

export class PricesPanel {
  /**
   * @param {import('../tickwire.js').TickwireClient} client
   * @param {{onSelect?: (symbol: string, price?: number) => void, onSymbols?: (symbols: string[]) => void}} hooks
   */
  constructor(client, hooks = {}) {
    this.client = client;
    this.hooks = hooks;
    this.body = document.getElementById('price-rows');
    this.status = document.getElementById('prices-status');
    /** @type {Map<string, {row: HTMLElement, cells: Record<string, HTMLElement>, last?: number}>} */
    this.rows = new Map();
    this.latest = new Map();
    this.received = false;
  }

  /** Adds rows for new symbols and subscribes to their channels. */
  addSymbols(symbols) {
    const added = [];
    for (const symbol of symbols) {
      if (typeof symbol !== 'string' || !symbol || this.rows.has(symbol)) continue;
      this.rows.set(symbol, this.row(symbol));
      this.client.onMessage(`prices.${symbol}`, (message) => this.update(symbol, message));
      added.push(`prices.${symbol}`);
    }
    if (added.length === 0) return;
    const sorted = [...this.rows.keys()].sort();
    for (const symbol of sorted) this.body.append(this.rows.get(symbol).row);
    this.hooks.onSymbols?.(sorted);
    this.client.subscribe(...added).then(({ refused }) => {
      if (refused.length > 0 && !this.received) this.setStatus('price feed not available');
    }, () => {});
  }

  row(symbol) {
    const cells = {
      price: el('td', { class: 'num price' }, '—'),
      change: el('td', { class: 'num' }, '—'),
      pct: el('td', { class: 'num' }, '—'),
      quote: el('td', { class: 'num wide muted' }, '—'),
      volume: el('td', { class: 'num wide' }, '—'),
      updated: el('td', { class: 'num muted' }, '—'),
    };
    const row = el('tr', { tabindex: 0, 'data-symbol': symbol, 'aria-label': `${symbol}: waiting for a price` },
      el('th', { scope: 'row', class: 'symbol' }, symbol), Object.values(cells));
    const select = () => this.hooks.onSelect?.(symbol, this.latest.get(symbol)?.price);
    row.addEventListener('click', select);
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        select();
      }
    });
    return { row, cells };
  }

  update(symbol, message) {
    const data = message.data ?? {};
    const entry = this.rows.get(symbol);
    const value = number(data.price);
    if (!entry || value === undefined) return;
    this.latest.set(symbol, { ...data, price: value });
    if (!this.received) {
      this.received = true;
      this.setStatus('live');
    }
    const { cells, row } = entry;
    cells.price.textContent = price(value);
    if (entry.last !== undefined && value !== entry.last) flash(cells.price, value > entry.last ? 'flash-up' : 'flash-down');
    entry.last = value;
    cells.change.textContent = signedPrice(data.change24h);
    cells.change.className = `num ${direction(data.change24h)}`;
    cells.pct.textContent = percent(data.changePct24h);
    cells.pct.className = `num ${direction(data.changePct24h)}`;
    cells.quote.textContent = data.bid !== undefined || data.ask !== undefined ? `${price(data.bid)} / ${price(data.ask)}` : '—';
    cells.volume.textContent = compact(data.volume24h);
    cells.updated.textContent = time(data.ts ?? message.ts);
    row.setAttribute('aria-label', `${symbol} ${price(value)}, 24 hours ${percent(data.changePct24h)}`);
    row.dataset.price = String(value);
  }

  /** The latest quote of a symbol, for other panels. */
  quote(symbol) {
    return this.latest.get(symbol);
  }

  setStatus(text) {
    this.status.textContent = text;
  }
}
