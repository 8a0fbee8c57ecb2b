// Depth ladder of the selected symbol from book.<SYMBOL> (latest mode: each message is the whole
// top of the book): bids and asks with size and cumulative size, the venues of a level in its
// title, and a warning when the book is crossed. The current book is asked of prices.book first.
import { el, price, size, time, number } from './format.js';

/** Levels shown per side, whatever a message holds. */
export const MAX_LEVELS = 20;
const MAX_VENUES = 16;

export class BookPanel {
  constructor(client, selection) {
    this.client = client;
    this.selection = selection;
    this.root = document.getElementById('book');
    this.bids = document.getElementById('book-bids');
    this.asks = document.getElementById('book-asks');
    this.status = document.getElementById('book-status');
    this.crossed = document.getElementById('book-crossed');
    this.empty = document.getElementById('book-empty');
    this.symbol = null;
    this.removeListener = null;
    this.generation = 0;
  }

  start() {
    this.selection.onChange((symbol) => this.show(symbol));
    if (this.selection.symbol) this.show(this.selection.symbol);
  }

  show(symbol) {
    const generation = ++this.generation;
    const previous = this.symbol;
    this.removeListener?.();
    if (previous) this.client.unsubscribe(`book.${previous}`).catch(() => {});
    this.symbol = symbol;
    this.root.dataset.symbol = symbol;
    this.render({ bids: [], asks: [] });
    this.status.textContent = `${symbol} · waiting…`;
    let live = false;
    this.removeListener = this.client.onMessage(`book.${symbol}`, (message) => {
      live = true;
      this.update(message.data, message.ts);
    });
    this.client.subscribe(`book.${symbol}`).then(({ refused }) => {
      if (refused.length > 0 && generation === this.generation) this.status.textContent = `${symbol} · not available (${refused[0].code})`;
    }, () => {});
    this.client.request('prices.book', { symbol }).then((book) => {
      if (generation === this.generation && !live) this.update(book);
    }, () => {
      if (generation === this.generation && !live) this.status.textContent = `${symbol} · no book yet`;
    });
  }

  update(book, ts) {
    if (!book || typeof book !== 'object' || (book.symbol !== undefined && book.symbol !== this.symbol)) return;
    this.render(book);
    const venues = Array.isArray(book.venues) ? book.venues.slice(0, MAX_VENUES).map(String) : [];
    const levels = (Array.isArray(book.bids) ? book.bids.length : 0) + (Array.isArray(book.asks) ? book.asks.length : 0);
    this.status.textContent = levels === 0 ? `${this.symbol} · no book yet`
      : `${this.symbol}${venues.length > 0 ? ` · ${venues.join(', ')}` : ''} · ${time(book.ts ?? ts)}`;
  }

  render(book) {
    const bids = levelsOf(book.bids);
    const asks = levelsOf(book.asks);
    const deepest = Math.max(total(bids), total(asks)) || 1;
    this.fill(this.bids, bids, 'bid', deepest);
    this.fill(this.asks, asks, 'ask', deepest);
    const crossed = book.crossed === true;
    this.crossed.hidden = !crossed;
    this.root.dataset.crossed = String(crossed);
    this.empty.hidden = bids.length + asks.length > 0;
  }

  fill(body, levels, side, deepest) {
    let cumulative = 0;
    body.replaceChildren(...levels.map(([levelPrice, levelSize, venues]) => {
      cumulative += levelSize;
      const depth = Math.min(100, (cumulative / deepest) * 100).toFixed(1);
      const row = el('tr', { class: side, 'data-price': levelPrice, 'data-size': levelSize, title: venues.length > 0 ? venues.join(', ') : null },
        el('td', { class: `num ${side === 'bid' ? 'up' : 'down'}` }, price(levelPrice)),
        el('td', { class: 'num' }, size(levelSize)),
        el('td', { class: 'num muted' }, size(cumulative)));
      // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
      row.style.setProperty('--depth', `${depth}%`);
      return row;
    }));
  }
}

/** The well-formed levels of one side, at most MAX_LEVELS: [price, size, venues]. */
function levelsOf(side) {
  if (!Array.isArray(side)) return [];
  const levels = [];
  for (const level of side) {
    if (levels.length === MAX_LEVELS) break;
    if (!Array.isArray(level)) continue;
    const levelPrice = number(level[0]);
    const levelSize = number(level[1]);
    if (levelPrice === undefined || levelSize === undefined) continue;
    const venues = Array.isArray(level[2]) ? level[2].slice(0, MAX_VENUES).map(String) : [];
    levels.push([levelPrice, levelSize, venues]);
  }
  return levels;
}

function total(levels) {
  return levels.reduce((sum, level) => sum + level[1], 0);
}
