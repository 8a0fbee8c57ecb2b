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
