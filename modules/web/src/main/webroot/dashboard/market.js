// Market overview (market.overview, latest mode): top gainers and losers; its symbol list feeds
// the price table.
import { el, percent, price, direction, number } from './format.js';

const TOP = 5;

export class MarketPanel {
  constructor(client, prices) {
    this.client = client;
    this.prices = prices;
    this.gainers = document.getElementById('gainers');
    this.losers = document.getElementById('losers');
    this.status = document.getElementById('market-status');
  }

  start() {
    this.client.onMessage('market.overview', (message) => this.update(message.data ?? {}));
    this.client.subscribe('market.overview').then(({ refused }) => {
      if (refused.length > 0) this.status.textContent = 'not available';
    }, () => {});
  }

  update(overview) {
    if (Array.isArray(overview.symbols)) this.prices.addSymbols(overview.symbols);
    this.render(this.gainers, overview.gainers);
    this.render(this.losers, overview.losers);
    this.status.textContent = 'live';
  }

  render(list, items) {
    if (!Array.isArray(items)) return;
    list.replaceChildren(...items.slice(0, TOP).map((item) => {
      const mover = typeof item === 'string' ? { symbol: item } : item ?? {};
      const quote = this.prices.quote(mover.symbol) ?? {};
      const pct = number(mover.changePct24h ?? mover.changePct ?? quote.changePct24h);
      return el('li', { 'data-symbol': mover.symbol },
        el('span', { class: 'symbol' }, mover.symbol ?? '?',
          el('span', { class: 'mover-price' }, price(mover.price ?? quote.price))),
        el('span', { class: direction(pct) }, percent(pct)));
    }));
  }
}
