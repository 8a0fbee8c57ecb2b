// The symbol the chart, the depth ladder and the trade tape show: one select in the chart
// panel, also set by clicking a row of the price table. Panels listen and resubscribe.
import { el } from './format.js';

export class Selection {
  constructor(select) {
    this.select = select;
    this.symbol = null;
    this.listeners = [];
    select.addEventListener('change', () => this.set(select.value));
  }

  /** Calls `listener(symbol, previous)` on every change. */
  onChange(listener) {
    this.listeners.push(listener);
  }

  /** Offers the symbols of the price table; the first one known is shown until one is picked. */
  offer(symbols) {
    const current = this.symbol;
    this.select.replaceChildren(...symbols.map((s) => el('option', { value: s, selected: s === current }, s)));
    if (!current && symbols.length > 0) this.set(symbols[0]);
  }

  set(symbol) {
    if (typeof symbol !== 'string' || !symbol || symbol === this.symbol) return;
    const previous = this.symbol;
    this.symbol = symbol;
    if (this.select.value !== symbol) this.select.value = symbol;
    for (const listener of this.listeners) listener(symbol, previous);
  }
}
