// Price chart of the selected symbol: candles from prices.history, then live from
// candles.<SYMBOL>.<interval> (stream mode): the forming candle replaces the last bar, a new
// start time adds one, `closed: true` fixes it. Drawn by lightweight-charts, which the build
// vendors under /vendor/lightweight-charts/; without it the panel says so and the rest of the
// dashboard works as before.
import { number } from './format.js';

const LIBRARY = '../vendor/lightweight-charts/lightweight-charts.mjs';
export const INTERVALS = ['1m', '5m', '1h'];
/** Candles asked of prices.history, and the most bars the series keeps as live ones arrive. */
const HISTORY_LIMIT = 300;
const MAX_BARS = 500;

export class ChartPanel {
  constructor(client, selection) {
    this.client = client;
    this.selection = selection;
    this.root = document.getElementById('chart');
    this.host = document.getElementById('chart-canvas');
    this.status = document.getElementById('chart-status');
    this.buttons = [...document.querySelectorAll('#chart-intervals button')];
    this.interval = '1m';
    this.symbol = null;
    this.channel = null;
    this.removeListener = null;
    /** Bumped on every switch: answers and messages of an earlier choice are dropped. */
    this.generation = 0;
    /** Our copy of the series' bars (time in seconds), to bound them and to order updates. */
    this.bars = [];
    this.closedAt = new Set();
    this.series = null;
    this.chart = null;
  }

  async start() {
    for (const button of this.buttons) {
      button.addEventListener('click', () => this.show(this.symbol, button.dataset.interval));
    }
    this.selection.onChange((symbol) => this.show(symbol, this.interval));
    this.client.on('resync', ({ channel }) => {
      if (channel === this.channel) this.load(this.generation);
    });
    try {
      const charts = await import(LIBRARY);
      this.chart = charts.createChart(this.host, {
        autoSize: true,
        // The library's own logo needs an inline <style> the page's Content-Security-Policy
        // refuses; the panel credits TradingView with a link instead (index.html), as its
        // licence allows.
        layout: { background: { color: '#121826' }, textColor: '#8b97ad', attributionLogo: false },
        grid: { vertLines: { color: '#1d2638' }, horzLines: { color: '#1d2638' } },
        rightPriceScale: { borderColor: '#243049' },
        timeScale: { borderColor: '#243049', timeVisible: true, secondsVisible: false },
      });
      this.series = this.chart.addSeries(charts.CandlestickSeries, {
        upColor: '#2ecc71', downColor: '#ff5c5c', borderVisible: false,
        wickUpColor: '#2ecc71', wickDownColor: '#ff5c5c',
      });
      this.root.dataset.library = charts.version?.() ?? 'loaded';
    } catch (error) {
      this.root.dataset.library = 'missing';
      this.setStatus('chart library not available on this server');
    }
    const symbol = this.symbol ?? this.selection.symbol;
    if (symbol && this.series) {
      this.symbol = null;
      this.show(symbol, this.interval);
    } else if (!symbol && this.series) {
      this.setStatus('no symbol yet');
    }
  }

  /** Shows `symbol` at `interval`: leaves the old candles channel, loads history, follows the new. */
  show(symbol, interval) {
    if (!symbol || !INTERVALS.includes(interval)) return;
    if (!this.series) {
      // The library is still loading (or missing): remember the choice.
      this.symbol = symbol;
      this.interval = interval;
      return;
    }
    if (symbol === this.symbol && interval === this.interval && this.channel) return;
    const generation = ++this.generation;
    const previous = this.channel;
    this.removeListener?.();
    if (previous) this.client.unsubscribe(previous).catch(() => {});
    this.symbol = symbol;
    this.interval = interval;
    for (const button of this.buttons) button.setAttribute('aria-pressed', String(button.dataset.interval === interval));
    this.channel = `candles.${symbol}.${interval}`;
    this.root.dataset.symbol = symbol;
    this.root.dataset.interval = interval;
    this.setBars([]);
    this.setStatus(`${symbol} · ${interval} · loading…`);
    // Live candles that arrive before the history answer are kept and applied after it.
    const early = [];
    this.pending = early;
    this.removeListener = this.client.onMessage(this.channel, (message) => {
      if (generation !== this.generation) return;
      if (this.pending) this.pending.push(message.data);
      else this.live(message.data);
    });
    this.client.subscribe(this.channel).then(({ refused }) => {
      if (refused.length > 0 && generation === this.generation) this.setStatus(`${symbol} · live candles not available (${refused[0].code})`);
    }, () => {});
    this.load(generation);
  }

  async load(generation) {
    const { symbol, interval } = this;
    let candles = [];
    let note = null;
    try {
      const answer = await this.client.request('prices.history', { symbol, interval, limit: HISTORY_LIMIT });
      candles = Array.isArray(answer?.candles) ? answer.candles : [];
    } catch (error) {
      note = error.code === 'not_found' ? 'no history on this server' : `history failed: ${error.message}`;
    }
    if (generation !== this.generation) return;
    const bars = [];
    for (const candle of candles.slice(-MAX_BARS)) {
      const bar = toBar(candle);
      if (bar && (bars.length === 0 || bar.time > bars[bars.length - 1].time)) bars.push(bar);
    }
    this.setBars(bars);
    const early = this.pending ?? [];
    this.pending = null;
    for (const data of early) this.live(data);
    this.setStatus(note ? `${symbol} · ${interval} · ${note}` : this.bars.length === 0 ? `${symbol} · ${interval} · no candles yet` : `${symbol} · ${interval}`);
  }

  /** One message of candles.<SYMBOL>.<interval>. */
  live(data) {
    if (data?.symbol !== undefined && data.symbol !== this.symbol) return;
    if (data?.interval !== undefined && data.interval !== this.interval) return;
    const bar = toBar(data);
    if (!bar) return;
    const last = this.bars[this.bars.length - 1];
    // The chart takes bars in time order only; a closed bar is not reopened by a late forming one.
    if (last && (bar.time < last.time || (bar.time === last.time && this.closedAt.has(bar.time)))) return;
    if (data.closed === true) this.closedAt.add(bar.time);
    if (last && bar.time === last.time) this.bars[this.bars.length - 1] = bar;
    else this.bars.push(bar);
    if (this.bars.length > MAX_BARS) {
      this.dropOldest(this.bars.length - MAX_BARS);
    } else {
      this.series.update(bar);
      this.mark();
    }
    if (this.status.textContent.endsWith('no candles yet')) this.setStatus(`${this.symbol} · ${this.interval}`);
  }

  setBars(bars, fit = true) {
    this.bars = bars;
    const oldest = bars.length > 0 ? bars[0].time : Infinity;
    for (const time of this.closedAt) if (time < oldest || bars.length === 0) this.closedAt.delete(time);
    this.series?.setData(bars);
    if (fit && bars.length > 0) this.chart?.timeScale().fitContent();
    this.mark();
  }

  /**
   * Drops the `count` oldest of our bars, the newest of which the series does not show yet,
   * without moving the user's view: the bars in view stay in view at the same zoom (their
   * positions move down by `count`), and a view that reached the newest bar moves on to the new
   * one.
   */
  dropOldest(count) {
    const timeScale = this.chart.timeScale();
    const view = timeScale.getVisibleLogicalRange();
    // The series shows every bar but the new last one: its newest is at index length - 2.
    const following = view !== null && view.to >= this.bars.length - 2;
    this.setBars(this.bars.slice(count), false);
    if (view !== null) {
      timeScale.setVisibleLogicalRange(following ? view : { from: view.from - count, to: view.to - count });
    }
  }

  /** What the tests and the curious read: the number of bars and the last close. */
  mark() {
    const last = this.bars[this.bars.length - 1];
    this.root.dataset.bars = String(this.bars.length);
    this.root.dataset.lastClose = last ? String(last.close) : '';
    this.root.dataset.lastClosed = last ? String(this.closedAt.has(last.time)) : '';
  }

  setStatus(text) {
    this.status.textContent = text;
  }
}

/** A candle of prices.history or candles.* as a chart bar (time in seconds), or null if malformed. */
function toBar(candle) {
  const t = number(candle?.t);
  const bar = { time: t === undefined ? undefined : Math.floor(t / 1000), open: number(candle?.open), high: number(candle?.high), low: number(candle?.low), close: number(candle?.close) };
  return Object.values(bar).every((value) => value !== undefined) && bar.time >= 0 ? bar : null;
}
