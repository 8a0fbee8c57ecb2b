// The dashboard: wires the browser client to the panels. In the dev profile it signs in as the
// demo user with a token from /dev/demo; elsewhere it runs anonymously (public channels only).
import { TickwireClient } from '../tickwire.js';
import { PricesPanel } from './prices.js';
import { MarketPanel } from './market.js';
import { ConnectionPanel } from './connection.js';
import { WalletPanel } from './wallet.js';
import { AlertsPanel } from './alerts.js';
import { Toasts } from './toasts.js';
import { AnnouncementBanner, DeskPanel } from './desk.js';
import { ChartPanel } from './chart.js';
import { BookPanel } from './book.js';
import { TradesPanel } from './trades.js';
import { Selection } from './selection.js';
import { el } from './format.js';

async function demoIdentity() {
  try {
    const response = await fetch('/dev/demo', { cache: 'no-store' });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

const identity = await demoIdentity();
const who = document.getElementById('who');
who.textContent = identity ? `signed in as ${identity.user} (dev)` : 'anonymous';

const client = new TickwireClient({
  // Called on every connect and before expiry: a fresh dev token each time.
  token: identity ? async () => (await demoIdentity())?.token ?? null : null,
  pingIntervalMs: 5000,
});
const toasts = new Toasts(document.getElementById('toasts'));
const datalist = document.getElementById('symbol-list');
let alerts;
// The symbol of the chart, the ladder and the tape: picked in the chart panel or by a price row.
const selection = new Selection(document.getElementById('chart-symbol'));
const prices = new PricesPanel(client, {
  onSelect: (symbol, current) => {
    selection.set(symbol);
    alerts.prepare(symbol, current);
  },
  onSymbols: (symbols) => {
    datalist.replaceChildren(...symbols.map((s) => el('option', { value: s })));
    selection.offer(symbols);
  },
});
alerts = new AlertsPanel(client, identity, toasts);
new ConnectionPanel(client).start();
new MarketPanel(client, prices).start();
new WalletPanel(client, identity).start();
const chart = new ChartPanel(client, selection);
chart.start();
new BookPanel(client, selection).start();
new TradesPanel(client, selection).start();
alerts.start();
const desk = new DeskPanel(client, identity);
desk.start();
new AnnouncementBanner(client).start();

const requested = new URLSearchParams(location.search).get('symbols');
if (requested) prices.addSymbols(requested.split(',').map((s) => s.trim()).filter(Boolean));

client.on('state', (change) => {
  if (change.state === 'CONNECTED') discoverSymbols();
});

/** Asks the price service for its symbols; without it the table fills from market.overview. */
async function discoverSymbols() {
  try {
    const snapshot = await client.request('prices.snapshot', {});
    prices.addSymbols(symbolsOf(snapshot));
  } catch (error) {
    if (!prices.received && prices.rows.size === 0) {
      prices.setStatus(error.code === 'not_found' ? 'waiting for the price feed (prices service not available)' : 'waiting for the price feed');
    }
  }
}

/** The symbols of a prices.snapshot answer: a list of quotes, {prices|quotes: [...]}, {symbols}, or a map. */
function symbolsOf(snapshot) {
  const list = Array.isArray(snapshot) ? snapshot
    : Array.isArray(snapshot?.prices) ? snapshot.prices
      : Array.isArray(snapshot?.quotes) ? snapshot.quotes : null;
  if (list) return list.map((quote) => (typeof quote === 'string' ? quote : quote?.symbol));
  if (Array.isArray(snapshot?.symbols)) return snapshot.symbols;
  const map = snapshot?.prices && typeof snapshot.prices === 'object' ? snapshot.prices : snapshot ?? {};
  return Object.entries(map).filter(([, quote]) => quote && typeof quote === 'object' && 'price' in quote)
    .map(([symbol]) => symbol);
}

// For tests and for the curious: the live client.
window.tickwire = { client, identity, prices, alerts, desk, chart, selection };
client.connect().catch((error) => toasts.show('Not connected', error.message, 'error'));
