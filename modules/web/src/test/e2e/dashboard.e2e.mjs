// The dashboard end to end in headless Chromium (playwright-core driving the system's Chromium).
// Started by DashboardBrowserTest (server module), which runs a real node with the dev profile
// behind a proxy that can drop connections, and passes:
//   TICKWIRE_BASE     the dashboard's origin, through the proxy
//   TICKWIRE_API      the node's own origin, for POST /api/publish (the prices feed of this test)
//   TICKWIRE_API_KEY  the dev profile's API key
//   TICKWIRE_CONTROL  the test's control server: refuse, accept
//   CHROMIUM          the Chromium executable
//   SCREENSHOTS       where to save screenshots (dashboard-desktop.png becomes docs/dashboard.png
//                     with `make screenshot`)
// What is real: the node (gateway, channel log, HTTP API, dev tokens), the browser client, the
// dashboard and Chromium. A second desk member is the browser client in Node (ws), connected to
// the node directly. Prices are published by this script; the alerts methods are the real
// service's when the node has one, else the JUnit test's stand-in (it says which in its log).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { launchChromium } from './chromium.mjs';
import { TickwireClient } from '../../main/webroot/tickwire.js';

const BASE = process.env.TICKWIRE_BASE;
const API = process.env.TICKWIRE_API;
const API_KEY = process.env.TICKWIRE_API_KEY;
const CONTROL = process.env.TICKWIRE_CONTROL;
const SCREENSHOTS = process.env.SCREENSHOTS;
const WALLET = process.env.TICKWIRE_WALLET;
const WAIT = { timeout: 20000 };

if (!BASE || !API || !CONTROL || !process.env.CHROMIUM) {
  throw new Error('run through DashboardBrowserTest (mvn verify): the TICKWIRE_* variables are not set');
}

async function publish(channel, data) {
  const response = await fetch(`${API}/api/publish`, {
    method: 'POST',
    headers: { Authorization: `ApiKey ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ channel, data }),
  });
  const body = await response.text();
  assert.equal(response.status, 200, `publish to ${channel}: ${body}`);
  return JSON.parse(body);
}

async function control(action) {
  const response = await fetch(`${CONTROL}/${action}`, { method: 'POST', body: '{}' });
  assert.ok(response.ok, `control ${action}: ${response.status}`);
}

const SYMBOLS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'XRP-USD', 'ADA-USD'];
const BASE_PRICES = { 'BTC-USD': 64210.5, 'ETH-USD': 3120.25, 'SOL-USD': 148.62, 'XRP-USD': 0.5234, 'ADA-USD': 0.4521 };
const CHANGE = { 'BTC-USD': 2.41, 'ETH-USD': -1.12, 'SOL-USD': 5.3, 'XRP-USD': -3.8, 'ADA-USD': 0.7 };

function quote(symbol, price) {
  const pct = CHANGE[symbol];
  return {
    symbol, price, bid: +(price * 0.9999).toFixed(6), ask: +(price * 1.0001).toFixed(6),
    change24h: +(price * pct / 100).toFixed(6), changePct24h: pct, volume24h: 1.5e9 / price, ts: Date.now(),
  };
}

async function publishOverview() {
  const sorted = [...SYMBOLS].sort((a, b) => CHANGE[b] - CHANGE[a]);
  await publish('market.overview', {
    symbols: SYMBOLS,
    gainers: sorted.slice(0, 3).map((symbol) => ({ symbol, changePct24h: CHANGE[symbol], price: BASE_PRICES[symbol] })),
    losers: sorted.slice(-2).reverse().map((symbol) => ({ symbol, changePct24h: CHANGE[symbol], price: BASE_PRICES[symbol] })),
  });
}

/** Another member of the demo desk (desk.alpha): the browser client in Node, signed as `user`. */
async function deskMember(user) {
  const response = await fetch(`${API}/dev/token?sub=${user}&desks=alpha`);
  assert.equal(response.status, 200, `dev token for ${user}`);
  const { token } = await response.json();
  const member = new TickwireClient({ url: `${API.replace(/^http/, 'ws')}/ws`, WebSocket, token, pingIntervalMs: 0, maxAttempts: 0 });
  members.push(member);
  await member.connect();
  const { granted } = await member.subscribe(DESK);
  assert.equal(granted.length, 1, `${user} joins ${DESK}`);
  return member;
}

function nextMessage(client, channel) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${channel} within ${WAIT.timeout} ms`)), WAIT.timeout);
    const remove = client.onMessage(channel, (message) => { clearTimeout(timer); remove(); resolve(message); });
  });
}

const DESK = 'desk.alpha';
const members = [];
let page;
let browser;
const browserErrors = [];

const priceOf = (symbol) => page.locator(`tr[data-symbol="${symbol}"]`).getAttribute('data-price');
const waitForPrice = (symbol, price) => page.waitForFunction(
  ([s, p]) => document.querySelector(`tr[data-symbol="${s}"]`)?.dataset.price === String(p), [symbol, price], WAIT);
const waitForState = (state) => page.waitForSelector(`#state-pill[data-state="${state}"]`, WAIT);

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  ({ page } = browser);
  page.on('pageerror', (error) => browserErrors.push(String(error)));
  // Failed connection attempts while the test refuses connections are expected: the browser
  // logs each one. Anything else logged as an error (a 404, a script error) fails the test.
  const expected = /WebSocket connection to .* failed|Failed to load resource: net::/;
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.test(message.text())) browserErrors.push(message.text());
  });
});

after(async () => {
  for (const member of members) member.close();
  await browser?.close();
});

test('loads the dashboard, signs in as the demo user and goes live', async () => {
  // Desk history from before the page joined: replayed on join through `since`.
  await publish(DESK, { text: 'desk opens at 08:00' });
  await publish(DESK, { text: 'levels sheet is up' });
  await page.goto(`${BASE}/`);
  await waitForState('CONNECTED');
  assert.match(await page.textContent('#who'), /signed in as demo/);
  assert.equal(await page.getAttribute('#connection', 'data-state'), 'CONNECTED');
});

test('shows every symbol of the market overview with live prices, and flashes changes', async () => {
  await publishOverview();
  for (const symbol of SYMBOLS) await publish(`prices.${symbol}`, quote(symbol, BASE_PRICES[symbol]));
  for (const symbol of SYMBOLS) await waitForPrice(symbol, BASE_PRICES[symbol]);
  assert.equal(await page.locator('#price-rows tr').count(), SYMBOLS.length);
  assert.match(await page.textContent('#prices-status'), /live/);
  assert.match(await page.textContent('#gainers'), /SOL-USD/);
  assert.match(await page.textContent('#losers'), /XRP-USD/);

  await publish('prices.BTC-USD', quote('BTC-USD', 64388.75));
  await waitForPrice('BTC-USD', 64388.75);
  const cell = page.locator('tr[data-symbol="BTC-USD"] td.price');
  assert.match(await cell.getAttribute('class'), /flash-up/);
  assert.equal(await cell.textContent(), '64,388.75');
  await publish('prices.ETH-USD', quote('ETH-USD', 3101.4));
  await waitForPrice('ETH-USD', 3101.4);
  assert.match(await page.locator('tr[data-symbol="ETH-USD"] td.price').getAttribute('class'), /flash-down/);
});

// The chart, the ladder and the tape: the node runs no price service, so what they show is what
// this script publishes (and the JUnit test's prices.history stand-in answers).
const chartState = () => page.evaluate(() => window.tickwire.chart.series.data()
  .map(({ time, open, high, low, close }) => ({ time, open, high, low, close })));
const waitForChart = (attributes) => page.waitForSelector(
  `#chart${Object.entries(attributes).map(([name, value]) => `[data-${name}="${value}"]`).join('')}`, WAIT);
const candle = (t, open, high, low, close, closed) => ({ symbol: 'BTC-USD', interval: '1m', t, open, high, low, close, volume: 2.5, closed });

test('draws the chart of the selected symbol from prices.history, then follows candles.<SYMBOL>.1m', async () => {
  // The first symbol of the table is shown until one is picked.
  await waitForChart({ symbol: 'ADA-USD' });
  await page.waitForSelector('#chart-status:has-text("no candles yet")', WAIT);
  await page.selectOption('#chart-symbol', 'BTC-USD');
  await waitForChart({ symbol: 'BTC-USD', interval: '1m', bars: 30 });
  assert.ok(!(await page.evaluate(() => window.tickwire.client._wanted.has('candles.ADA-USD.1m'))), 'the old symbol\'s candles are left');
  assert.ok(await page.evaluate(() => window.tickwire.client._wanted.has('candles.BTC-USD.1m')));

  const reader = new TickwireClient({ url: `${API.replace(/^http/, 'ws')}/ws`, WebSocket, pingIntervalMs: 0, maxAttempts: 0 });
  members.push(reader);
  await reader.connect();
  const history = await reader.request('prices.history', { symbol: 'BTC-USD', interval: '1m', limit: 300 });
  reader.close();
  assert.equal(history.candles.length, 30);
  const expected = history.candles.map(({ t, open, high, low, close }) => ({ time: t / 1000, open, high, low, close }));
  assert.deepEqual(await chartState(), expected, 'the initial bars are prices.history\'s candles');

  // Drawn: the chart's canvases have a size and pixels of the candles' colours.
  const drawn = await page.evaluate(() => {
    const canvases = [...document.querySelectorAll('#chart-canvas canvas')];
    let coloured = 0;
    for (const canvas of canvases) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < pixels.length; i += 4) {
        const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
        if ((Math.abs(r - 0x2e) < 12 && Math.abs(g - 0xcc) < 12 && Math.abs(b - 0x71) < 12)
          || (Math.abs(r - 0xff) < 12 && Math.abs(g - 0x5c) < 12 && Math.abs(b - 0x5c) < 12)) coloured++;
      }
    }
    return { canvases: canvases.length, coloured };
  });
  assert.ok(drawn.canvases > 0, 'the chart has canvases');
  assert.ok(drawn.coloured > 100, `candle pixels drawn: ${drawn.coloured}`);
  // The attribution the library's licence asks for: a link to TradingView by the chart (the
  // library's own logo needs an inline style the page's CSP refuses: it is off).
  assert.equal(await page.getAttribute('#chart a#chart-credit', 'href'), 'https://www.tradingview.com/');
  assert.match(await page.textContent('#chart .chart-credit'), /^Charting by TradingView\s+Lightweight Charts™ \(notice\)$/);
  assert.equal(await page.locator('#chart-canvas a#tv-attr-logo').count(), 0);

  // A forming candle adds a bar, updates of it replace it, `closed` fixes it.
  const next = history.candles[29].t + 60000;
  await publish('candles.BTC-USD.1m', candle(next, 64300, 64310, 64295, 64305, false));
  await waitForChart({ bars: 31, 'last-close': 64305, 'last-closed': false });
  await publish('candles.BTC-USD.1m', candle(next, 64300, 64330, 64290, 64321.5, false));
  await waitForChart({ bars: 31, 'last-close': 64321.5 });
  await publish('candles.BTC-USD.1m', candle(next, 64300, 64340, 64290, 64333.25, true));
  await waitForChart({ bars: 31, 'last-close': 64333.25, 'last-closed': true });
  // A late forming update of the closed candle changes nothing; the next minute's candle does.
  await publish('candles.BTC-USD.1m', candle(next, 64300, 64999, 64290, 64999, false));
  await publish('candles.BTC-USD.1m', candle(next + 60000, 64333.25, 64350, 64330, 64340, false));
  await waitForChart({ bars: 32, 'last-close': 64340 });
  const bars = await chartState();
  assert.deepEqual(bars.slice(0, 30), expected);
  assert.deepEqual(bars.slice(30), [
    { time: next / 1000, open: 64300, high: 64340, low: 64290, close: 64333.25 },
    { time: next / 1000 + 60, open: 64333.25, high: 64350, low: 64330, close: 64340 },
  ]);

  // Another interval: its own history (none here: an empty state) and channel.
  await page.click('#chart-intervals button[data-interval="5m"]');
  await waitForChart({ interval: '5m', bars: 0 });
  await page.waitForSelector('#chart-status:has-text("no candles yet")', WAIT);
  assert.equal(await page.getAttribute('#chart-intervals button[data-interval="5m"]', 'aria-pressed'), 'true');
  assert.ok(!(await page.evaluate(() => window.tickwire.client._wanted.has('candles.BTC-USD.1m'))));
  await publish('candles.BTC-USD.5m', { ...candle(next, 64300, 64340, 64290, 64333.25, false), interval: '5m' });
  await waitForChart({ interval: '5m', bars: 1, 'last-close': 64333.25 });
  await page.click('#chart-intervals button[data-interval="1m"]');
  await waitForChart({ interval: '1m', bars: 30 });
});

test('keeps the user\'s view when the chart drops its oldest bar past 500, and follows the newest bar', async () => {
  await waitForChart({ symbol: 'BTC-USD', interval: '1m', bars: 30 });
  // Bars go in through the panel's own handler of candles.* messages: the test above sends
  // them over the wire; 470 more that way would only be slower.
  const seen = await page.evaluate(async () => {
    const panel = window.tickwire.chart;
    const timeScale = panel.chart.timeScale();
    let time = panel.bars[panel.bars.length - 1].time;
    // Live bars come a minute apart: each after the chart has drawn the one before.
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const feed = async (count, drawn = true) => {
      for (let i = 0; i < count; i++) {
        time += 60;
        panel.live({ symbol: panel.symbol, interval: panel.interval, t: time * 1000, open: 1, high: 2, low: 0.5, close: 1.5 });
        if (drawn) await frame();
      }
    };
    // Up to 500 no bar is dropped: those may come at once.
    await feed(500 - panel.bars.length, false);
    await frame();
    const full = panel.bars.length;
    timeScale.setVisibleLogicalRange({ from: 100, to: 150 });
    await frame();
    const zoomed = timeScale.getVisibleRange();
    await feed(3);
    const afterDrops = timeScale.getVisibleRange();
    timeScale.setVisibleLogicalRange({ from: 450, to: 499 });
    await frame();
    await feed(2);
    return { full, bars: panel.bars.length, zoomed, afterDrops, following: timeScale.getVisibleLogicalRange(), newest: panel.bars.length - 1 };
  });
  assert.equal(seen.full, 500);
  assert.equal(seen.bars, 500, 'at most 500 bars');
  assert.deepEqual(seen.afterDrops, seen.zoomed, 'the same bars in view at the same zoom');
  assert.ok(seen.following.to >= seen.newest, `a view on the newest bar moves on to the new one: ${JSON.stringify(seen.following)}`);
  assert.ok(seen.following.from > 440 && seen.following.to - seen.following.from < 60, `at the same zoom: ${JSON.stringify(seen.following)}`);
  // Back to the history of the test above.
  await page.click('#chart-intervals button[data-interval="5m"]');
  await waitForChart({ interval: '5m' });
  await page.click('#chart-intervals button[data-interval="1m"]');
  await waitForChart({ interval: '1m', bars: 30 });
});

const ladder = (side) => page.$$eval(`#book-${side} tr`, (rows) => rows.map((row) => ({
  cells: [...row.cells].map((cell) => cell.textContent), venues: row.title })));

test('shows book.BTC-USD as a depth ladder with cumulative sizes, venues and the crossed warning', async () => {
  await page.waitForSelector('#book[data-symbol="BTC-USD"]', WAIT);
  assert.equal(await page.isVisible('#book-empty'), true, 'no book yet: an empty state');
  await publish('book.BTC-USD', {
    symbol: 'BTC-USD', depth: 20, venues: ['coinbase', 'kraken', 'sim-alpha'], crossed: false, ts: Date.now(),
    bids: [[64999.5, 1.25, ['coinbase', 'sim-alpha']], [64999, 0.5, ['kraken']], [64998.25, 2, ['coinbase']]],
    asks: [[65000.1, 0.75, ['kraken']], [65001, 1.5, ['coinbase', 'kraken']]],
  });
  await page.waitForSelector('#book-bids tr[data-price="64998.25"]', WAIT);
  assert.deepEqual(await ladder('bids'), [
    { cells: ['64,999.50', '1.25', '1.25'], venues: 'coinbase, sim-alpha' },
    { cells: ['64,999.00', '0.5', '1.75'], venues: 'kraken' },
    { cells: ['64,998.25', '2', '3.75'], venues: 'coinbase' },
  ]);
  assert.deepEqual(await ladder('asks'), [
    { cells: ['65,000.10', '0.75', '0.75'], venues: 'kraken' },
    { cells: ['65,001.00', '1.5', '2.25'], venues: 'coinbase, kraken' },
  ]);
  assert.equal(await page.isHidden('#book-crossed'), true);
  assert.equal(await page.isHidden('#book-empty'), true);
  assert.match(await page.textContent('#book-status'), /coinbase, kraken, sim-alpha/);

  await publish('book.BTC-USD', {
    symbol: 'BTC-USD', depth: 20, venues: ['coinbase', 'kraken'], crossed: true, ts: Date.now(),
    bids: [[65000.5, 0.4, ['kraken']]], asks: [[65000.2, 0.3, ['coinbase']]],
  });
  await page.waitForSelector('#book[data-crossed="true"] #book-crossed:not([hidden])', WAIT);
  assert.deepEqual(await ladder('bids'), [{ cells: ['65,000.50', '0.4', '0.4'], venues: 'kraken' }]);

  // More levels than the ladder shows: the best 20 per side.
  const levels = (from, step) => Array.from({ length: 30 }, (_, i) => [from + step * i, 1, ['sim-alpha']]);
  await publish('book.BTC-USD', { symbol: 'BTC-USD', depth: 30, venues: ['sim-alpha'], crossed: false, ts: Date.now(), bids: levels(64990, -1), asks: levels(65010, 1) });
  await page.waitForSelector('#book[data-crossed="false"] #book-asks tr[data-price="65010"]', WAIT);
  assert.equal(await page.locator('#book-bids tr').count(), 20);
  assert.equal(await page.locator('#book-asks tr').count(), 20);
  assert.equal(await page.getAttribute('#book-asks tr:last-child', 'data-price'), '65029');
  assert.equal(await page.textContent('#book-bids tr:last-child td:last-child'), '20');
});

const tape = () => page.$$eval('#trade-rows tr', (rows) => rows.map((row) => ({
  id: row.dataset.id, venue: row.dataset.venue, side: row.dataset.side, price: row.dataset.price })));
const trade = (venue, id, price, side, ts) => ({ venue, id, price, size: 0.01, side, ts });

test('shows trades.BTC-USD on the tape, newest first, side coloured, each trade once, at most 50 rows', async () => {
  assert.equal(await page.isVisible('#trades-empty'), true, 'no trade yet: an empty state');
  const ts = Date.now();
  await publish('trades.BTC-USD', { symbol: 'BTC-USD', trades: [trade('coinbase', '101', 65000.1, 'buy', ts), trade('kraken', 'k-7', 64999.9, 'sell', ts + 5)] });
  await page.waitForSelector('#trade-rows tr[data-id="k-7"]', WAIT);
  assert.deepEqual(await tape(), [
    { id: 'k-7', venue: 'kraken', side: 'sell', price: '64999.9' },
    { id: '101', venue: 'coinbase', side: 'buy', price: '65000.1' },
  ]);
  assert.match(await page.getAttribute('#trade-rows tr[data-id="101"] td:nth-child(2)', 'class'), /\bup\b/);
  assert.match(await page.getAttribute('#trade-rows tr[data-id="k-7"] td:nth-child(2)', 'class'), /\bdown\b/);
  assert.equal(await page.textContent('#trade-rows tr[data-id="k-7"] td:last-child'), 'kraken');
  assert.equal(await page.isHidden('#trades-empty'), true);

  // A trade sent again (a venue reconnect) is shown once; side may be null.
  await publish('trades.BTC-USD', { symbol: 'BTC-USD', trades: [trade('kraken', 'k-7', 64999.9, 'sell', ts + 5), trade('sim-alpha', 's-1', 65000, null, ts + 9)] });
  await page.waitForSelector('#trade-rows tr[data-id="s-1"]', WAIT);
  assert.deepEqual((await tape()).map((row) => `${row.venue}/${row.id}/${row.side}`), ['sim-alpha/s-1/unknown', 'kraken/k-7/sell', 'coinbase/101/buy']);

  // A batch larger than the tape: its newest 50 trades, newest first.
  const batch = Array.from({ length: 80 }, (_, i) => trade('coinbase', `b${i}`, 65000 + i, i % 2 ? 'sell' : 'buy', ts + 100 + i));
  await publish('trades.BTC-USD', { symbol: 'BTC-USD', trades: batch });
  await page.waitForSelector('#trade-rows tr[data-id="b79"]', WAIT);
  const rows = await tape();
  assert.equal(rows.length, 50);
  assert.equal(rows[0].id, 'b79');
  assert.equal(rows[49].id, 'b30');
});

test('shows wallet balances and a transaction moving through its lifecycle', async () => {
  if (!WALLET) return;
  await publish(`wallet.${WALLET}`, { type: 'balance', address: WALLET, balance: '12500000000000000000', blockNumber: 1201 });
  await publish('blocks', { number: 1201, hash: '0xb10c', ts: Date.now() });
  const hash = '0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060';
  const tx = { type: 'transition', hash, from: WALLET, to: '0x8617e340b3d01fa5f11f306f4090fd50e238070d', value: '250000000000000000' };
  await publish(`wallet.${WALLET}`, { ...tx, fromState: null, toState: 'pending' });
  await page.waitForSelector(`li[data-hash="${hash}"][data-state="pending"]`, WAIT);
  await publish(`wallet.${WALLET}`, { ...tx, fromState: 'pending', toState: 'included', blockNumber: 1202, confirmations: 1 });
  await page.waitForSelector(`li[data-hash="${hash}"][data-state="included"]`, WAIT);
  assert.match(await page.textContent(`.wallet-card[data-address="${WALLET}"] .balance`), /12\.5000 ETH/);
  assert.match(await page.textContent('#wallet-status'), /block #1201/);
});

test('shows the wallet\'s tokens and USD values, and a token transfer in its activity', async () => {
  if (!WALLET) return;
  const token = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
  const ts = Date.now();
  const valued = {
    type: 'balance', address: WALLET, balance: '12500000000000000000', blockNumber: 1203, snapshot: false, asset: 'ETH',
    valueUsd: 40006.25, price: { symbol: 'ETH-USD', price: 3200.5, ts },
    tokens: [
      { token, symbol: 'TKN', decimals: 18, balance: '1234500000000000000000', valueUsd: 617.25, price: { symbol: 'TKN-USD', price: 0.5, ts } },
      { token: '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512', symbol: 'USDX', decimals: 6, balance: '2500000', valueUsd: null, price: null },
    ],
    totalUsd: 40623.5,
  };
  await publish(`wallet.${WALLET}`, valued);
  const card = `.wallet-card[data-address="${WALLET}"]`;
  await page.waitForSelector(`${card} .tokens li[data-symbol="USDX"]`, WAIT);
  assert.match(await page.textContent(`${card} .balance`), /12\.5000 ETH/);
  assert.equal(await page.textContent(`${card} .asset-usd`), '$40,006.25 · ETH-USD 3,200.50');
  const tokens = await page.$$eval(`${card} .tokens li`, (items) => items.map((item) => [...item.children].map((child) => child.textContent)));
  assert.deepEqual(tokens, [['TKN', '1,234.5000', '$617.25'], ['USDX', '2.5000', '—']]);
  assert.equal(await page.textContent(`${card} .total-usd`), 'Total $40,623.50');

  // More tokens than the card lists: the first 20; then back to the two.
  const many = Array.from({ length: 25 }, (_, i) => ({ token: `0x${String(i).padStart(40, '0')}`, symbol: `T${i}`, decimals: 0, balance: String(i), valueUsd: null, price: null }));
  await publish(`wallet.${WALLET}`, { ...valued, valueUsd: null, price: null, tokens: many, totalUsd: null });
  await page.waitForSelector(`${card} .tokens li[data-symbol="T19"]`, WAIT);
  assert.equal(await page.locator(`${card} .tokens li`).count(), 20);
  assert.equal(await page.textContent(`${card} .total-usd`), 'Total — (a price is missing)');
  await publish(`wallet.${WALLET}`, valued);
  await page.waitForSelector(`${card} .tokens li[data-symbol="USDX"]`, WAIT);
  assert.equal(await page.locator(`${card} .tokens li`).count(), 2);

  const hash = '0x9a1fd1cbd2a9e4b7fd49d4a8e8f4b0d0c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6';
  const transfer = { type: 'token_transfer', token, symbol: 'TKN', decimals: 18, from: '0x8617e340b3d01fa5f11f306f4090fd50e238070d', to: WALLET, value: '25000000000000000000', hash, logIndex: 3 };
  await publish(`wallet.${WALLET}`, { ...transfer, blockNumber: 1204, status: 'included', confirmations: 1 });
  const item = `#tx-list li[data-kind="token"][data-hash="${hash}"]`;
  await page.waitForSelector(`${item}[data-state="included"]`, WAIT);
  assert.match(await page.textContent(item), /↓ in/);
  assert.match(await page.textContent(`${item} .token-amount`), /^25\.0000 TKN$/);
  await publish(`wallet.${WALLET}`, { ...transfer, blockNumber: 1204, status: 'confirmed', confirmations: 12 });
  await page.waitForSelector(`${item}[data-state="confirmed"]`, WAIT);
  assert.equal(await page.locator(item).count(), 1, 'one line per transfer, updated in place');
  assert.match(await page.textContent(item), /12 conf\./);

  // A newer ETH-USD price than the balance's (3,200.50) values the ether again, and moves the
  // total by the difference; the tokens keep their values. A later balance priced before it is
  // shown at it too.
  await publish('prices.ETH-USD', { symbol: 'ETH-USD', price: 3300, ts: Date.now() });
  await page.waitForSelector(`${card} .asset-usd:has-text("ETH-USD 3,300.00")`, WAIT);
  assert.equal(await page.textContent(`${card} .asset-usd`), '$41,250.00 · ETH-USD 3,300.00');
  assert.equal(await page.textContent(`${card} .total-usd`), 'Total $41,867.25');
  assert.deepEqual(await page.$$eval(`${card} .tokens li`, (items) => items.map((li) => li.lastElementChild.textContent)), ['$617.25', '—']);
  await publish(`wallet.${WALLET}`, { ...valued, blockNumber: 1205 });
  await page.waitForSelector(`${card}:has-text("at block #1205")`, WAIT);
  assert.equal(await page.textContent(`${card} .asset-usd`), '$41,250.00 · ETH-USD 3,300.00');

  // Prices the node would not take are not taken here either: one older than the last, one above
  // 1e15, one that is no number and one of another symbol. A balance on the wallet channel after
  // them is shown still at 3,300.
  await publish('prices.ETH-USD', { symbol: 'ETH-USD', price: 1, ts: ts + 1 });
  await publish('prices.ETH-USD', { symbol: 'ETH-USD', price: 2e15, ts: Date.now() });
  await publish('prices.ETH-USD', { symbol: 'ETH-USD', price: '3400', ts: Date.now() });
  await publish('prices.ETH-USD', { symbol: 'BTC-USD', price: 3500, ts: Date.now() });
  await publish(`wallet.${WALLET}`, { ...valued, blockNumber: 1206 });
  await page.waitForSelector(`${card}:has-text("at block #1206")`, WAIT);
  assert.equal(await page.textContent(`${card} .asset-usd`), '$41,250.00 · ETH-USD 3,300.00');
  // The price table shows whatever comes: a real quote at the same price puts it right again.
  await publish('prices.ETH-USD', quote('ETH-USD', 3300));
  await waitForPrice('ETH-USD', 3300);
});

test('creates an alert, shows it at once, and sees it fire as a toast and in the inbox', async () => {
  await page.waitForSelector('#alert-create:not([disabled])', WAIT);
  await page.fill('#alert-symbol', 'BTC-USD');
  await page.selectOption('#alert-condition', 'above');
  await page.fill('#alert-price', '65000');
  await page.click('#alert-create');
  const rule = page.locator('#rule-list li').filter({ hasText: 'BTC-USD above' });
  await rule.first().waitFor(WAIT);
  await page.waitForSelector('#rule-list li[data-pending="false"]', WAIT);
  assert.equal(await page.textContent('#unread'), '0');

  await publish('prices.BTC-USD', quote('BTC-USD', 65120.5));
  await page.waitForSelector('.toast:has-text("BTC-USD")', WAIT);
  await page.waitForSelector('#unread[data-count="1"]', WAIT);
  assert.match(await page.textContent('#inbox-list'), /BTC-USD/);
});

test('joins the demo desk: history on join, members online, chat both ways, join and leave', async () => {
  await page.waitForSelector('#desk-chat li[data-from="server"]:has-text("desk opens at 08:00")', WAIT);
  await page.waitForSelector('#desk-chat li:has-text("levels sheet is up")', WAIT);
  await page.waitForSelector('#desk-members li[data-user="demo"]', WAIT);
  assert.equal(await page.textContent('#desk-title'), 'Desk alpha');

  const bob = await deskMember('bob');
  await page.waitForSelector('#desk-members li[data-user="bob"]', WAIT);
  assert.match(await page.textContent('#desk-status'), /2 online/);

  const heard = nextMessage(bob, DESK);
  await page.waitForSelector('#desk-input:not([disabled])', WAIT);
  await page.fill('#desk-input', 'morning, bob');
  await page.click('#desk-send');
  const message = await heard;
  assert.deepEqual(message.data, { text: 'morning, bob' });
  assert.equal(message.from.user, 'demo');
  await page.waitForSelector('#desk-chat li.mine[data-from="demo"]:has-text("morning, bob")', WAIT);
  assert.equal(await page.inputValue('#desk-input'), '');

  await bob.publish(DESK, { text: 'buying 20 BTC-USD at the open' });
  await page.waitForSelector('#desk-chat li[data-from="bob"]:has-text("buying 20 BTC-USD at the open")', WAIT);
  bob.close();
  await page.waitForSelector('#desk-members li[data-user="bob"]', { state: 'detached', ...WAIT });
  assert.match(await page.textContent('#desk-status'), /1 online/);
});

test('shows an announcement published through the HTTP API as a banner', async () => {
  assert.equal(await page.isHidden('#announcement'), true);
  await publish('system.announcements', { text: 'Trading halt on SOL-USD at 16:00 UTC', level: 'warning' });
  await page.waitForSelector('#announcement:not([hidden])', WAIT);
  assert.equal(await page.textContent('#announcement-text'), 'Trading halt on SOL-USD at 16:00 UTC');
  assert.equal(await page.getAttribute('#announcement', 'data-level'), 'warning');
});

test('is usable by keyboard: Enter on a price row prepares an alert for it', async () => {
  await page.focus('tr[data-symbol="ETH-USD"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#alert-symbol'), 'ETH-USD');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'alert-price');
});

test('reconnects after the server side drops the connection and resumes what it missed', async () => {
  const before = await page.textContent('#conn-reconnects');
  await control('refuse');
  await waitForState('RECONNECTING');
  assert.match(await page.textContent('#conn-state'), /Reconnecting/);
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-reconnecting.png') });
  await publish('prices.BTC-USD', quote('BTC-USD', 65555.25));
  await publish('prices.SOL-USD', quote('SOL-USD', 151.07));
  const hash = '0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060';
  if (WALLET) {
    await publish(`wallet.${WALLET}`, { type: 'transition', hash, from: WALLET, to: '0x8617e340b3d01fa5f11f306f4090fd50e238070d', value: '250000000000000000', fromState: 'included', toState: 'confirmed', blockNumber: 1202, confirmations: 12 });
    await publish(`wallet.${WALLET}`, { type: 'balance', address: WALLET, balance: '12250000000000000000', blockNumber: 1214 });
  }
  await control('accept');
  await waitForState('CONNECTED');
  await page.waitForSelector('#desk-members li[data-user="demo"]', WAIT);
  await waitForPrice('BTC-USD', 65555.25);
  await waitForPrice('SOL-USD', 151.07);
  if (WALLET) {
    await page.waitForSelector(`li[data-hash="${hash}"][data-state="confirmed"]`, WAIT);
    assert.match(await page.textContent(`.wallet-card[data-address="${WALLET}"] .balance`), /12\.2500 ETH/);
  }
  assert.equal(Number(await page.textContent('#conn-reconnects')), Number(before) + 1);
  assert.equal(await priceOf('BTC-USD'), '65555.25');
  assert.match(await page.textContent('#desk-status'), /1 online/);
});

test('speaks MessagePack in Chromium with the codec the node serves under /vendor/msgpack/', async () => {
  const channel = `tx.0x${'e2'.repeat(32)}`;
  const opened = await page.evaluate(async (channel) => {
    const { TickwireClient } = await import('/tickwire.js');
    const kinds = [];
    class Recording extends WebSocket {
      constructor(url, protocols) {
        super(url, protocols);
        this.addEventListener('message', (event) => kinds.push(typeof event.data === 'string' ? 'text' : 'binary'));
      }
    }
    const client = new TickwireClient({ format: 'msgpack', WebSocket: Recording, pingIntervalMs: 0, maxAttempts: 0 });
    await client.connect();
    const { granted } = await client.subscribe(channel);
    if (granted.length !== 1) throw new Error(`${channel} not granted`);
    const received = new Promise((resolve) => client.onMessage(channel, (message) => resolve(message.data)));
    window.msgpackCheck = { client, kinds, received };
    return { features: client.features };
  }, channel);
  assert.ok(opened.features.includes('msgpack'));
  await publish(channel, { hash: '0xfeed', value: '1000000000000000000', block: 2 ** 40 });
  const { data, kinds } = await page.evaluate(async () => {
    const data = await window.msgpackCheck.received;
    window.msgpackCheck.client.close();
    return { data, kinds: window.msgpackCheck.kinds };
  });
  assert.deepEqual(data, { hash: '0xfeed', value: '1000000000000000000', block: 2 ** 40 });
  assert.ok(kinds.length >= 3 && kinds.every((kind) => kind === 'binary'), `frames: ${kinds}`);
});

test('reads well at desktop and tablet widths (screenshots)', async () => {
  await publish('prices.ADA-USD', quote('ADA-USD', 0.4598));
  await waitForPrice('ADA-USD', 0.4598);
  // BTC-USD in the chart, the ladder and the tape, for the pictures.
  await page.selectOption('#chart-symbol', 'BTC-USD');
  await waitForChart({ symbol: 'BTC-USD', bars: 30 });
  const ts = Date.now();
  const side = (from, step) => Array.from({ length: 12 }, (_, i) => [+(from + step * i).toFixed(2), +(0.2 + ((i * 7) % 5) * 0.35).toFixed(2), i % 3 ? ['coinbase'] : ['coinbase', 'kraken']]);
  await publish('book.BTC-USD', { symbol: 'BTC-USD', depth: 20, venues: ['coinbase', 'kraken', 'sim-alpha'], crossed: false, ts, bids: side(64299.5, -0.5), asks: side(64300, 0.5) });
  await publish('trades.BTC-USD', { symbol: 'BTC-USD', trades: Array.from({ length: 12 }, (_, i) => trade(['coinbase', 'kraken', 'sim-alpha'][i % 3], `p${i}`, 64299 + (i % 4) * 0.5, i % 3 ? 'buy' : 'sell', ts + i)) });
  await page.waitForSelector('#trade-rows tr[data-id="p11"]', WAIT);
  await page.waitForSelector('#book-asks tr[data-price="64305.5"]', WAIT);
  // Earlier steps scrolled the page: a full-page capture draws the sticky top bar where the
  // window is, so go back to the top first.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-tablet.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at tablet width`);
  assert.deepEqual(browserErrors, []);
});
