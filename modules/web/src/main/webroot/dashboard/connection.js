// Connection panel and header pill: state, reconnects, round trip, messages per second, last update.
import { ago } from './format.js';

const RATE_WINDOW_MS = 5000;
const LABELS = { CONNECTING: 'Connecting', CONNECTED: 'Live', RECONNECTING: 'Reconnecting', DISCONNECTED: 'Disconnected' };

export class ConnectionPanel {
  constructor(client) {
    this.client = client;
    this.root = document.getElementById('connection');
    this.pill = document.getElementById('state-pill');
    this.fields = {
      state: document.getElementById('conn-state'),
      reconnects: document.getElementById('conn-reconnects'),
      rtt: document.getElementById('conn-rtt'),
      rate: document.getElementById('conn-rate'),
      last: document.getElementById('conn-last'),
      queued: document.getElementById('conn-queued'),
      reason: document.getElementById('conn-reason'),
    };
    this.reconnectButton = document.getElementById('reconnect-now');
    this.reconnects = 0;
    this.arrivals = [];
    this.lastMessageAt = 0;
  }

  start() {
    this.client.on('state', (change) => this.state(change));
    this.client.on('message', () => {
      const now = Date.now();
      this.arrivals.push(now);
      this.lastMessageAt = now;
    });
    this.reconnectButton.addEventListener('click', () => this.client.reconnectNow());
    setInterval(() => this.tick(), 1000);
  }

  state(change) {
    if (change.state === 'CONNECTED' && change.previous === 'RECONNECTING') this.reconnects++;
    const label = change.state === 'RECONNECTING' ? `Reconnecting (attempt ${change.attempt})` : LABELS[change.state];
    for (const element of [this.root, this.pill]) element.dataset.state = change.state;
    this.pill.textContent = label;
    this.fields.state.textContent = label;
    this.fields.reconnects.textContent = String(this.reconnects);
    this.reconnectButton.hidden = change.state !== 'RECONNECTING';
    this.fields.reason.textContent = change.state === 'CONNECTED'
      ? `session ${this.client.session ?? ''}`
      : change.reason ? `${change.reason}${change.delayMs ? ` — next try in ${(change.delayMs / 1000).toFixed(1)} s` : ''}` : '';
    if (change.state === 'CONNECTED') this.client.ping().then(() => this.tick(), () => {});
  }

  tick() {
    const now = Date.now();
    while (this.arrivals.length > 0 && this.arrivals[0] < now - RATE_WINDOW_MS) this.arrivals.shift();
    this.fields.rate.textContent = (this.arrivals.length / (RATE_WINDOW_MS / 1000)).toFixed(1);
    this.fields.last.textContent = ago(this.lastMessageAt, now);
    const rtt = this.client.rtt;
    this.fields.rtt.textContent = rtt.count > 0 ? `${rtt.lastMs.toFixed(1)} ms (avg ${rtt.smoothedMs.toFixed(1)})` : '—';
    this.fields.queued.textContent = String(this.client.queued);
  }
}
