// Alerts panel: create, list, pause, resume and delete rules (optimistic, rolled back when the
// server refuses), and the notifications of user.<id> as toasts and an inbox with unread count.
import { AlertRules, isPaused } from '../tickwire.js';
import { el, price, time, unavailable } from './format.js';

export class AlertsPanel {
  constructor(client, identity, toasts) {
    this.client = client;
    this.identity = identity;
    this.toasts = toasts;
    this.rules = new AlertRules(client);
    this.form = document.getElementById('alert-form');
    this.symbol = document.getElementById('alert-symbol');
    this.priceInput = document.getElementById('alert-price');
    this.error = document.getElementById('alert-error');
    this.list = document.getElementById('rule-list');
    this.empty = document.getElementById('rules-empty');
    this.status = document.getElementById('alerts-status');
    this.inbox = document.getElementById('inbox-list');
    this.inboxEmpty = document.getElementById('inbox-empty');
    this.unreadBadge = document.getElementById('unread');
    this.notifications = [];
  }

  start() {
    if (!this.identity) {
      this.disable('sign-in needed');
      return;
    }
    this.rules.onChange((rules) => this.render(rules));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.create();
    });
    document.getElementById('mark-read').addEventListener('click', () => this.markRead());
    const channel = `user.${this.identity.user}`;
    this.client.onMessage(channel, (message) => this.notified(message.data ?? {}, message.ts));
    this.client.on('resync', (resync) => { if (resync.channel === channel) this.loadInbox(); });
    this.client.subscribe(channel).catch(() => {});
    // (Re)load on every connection: rules may have changed, or the service arrived, meanwhile.
    this.client.on('state', (change) => {
      if (change.state === 'CONNECTED') this.load();
    });
  }

  /** Prefills the form for a symbol (a click or Enter on a price row). */
  prepare(symbol, current) {
    this.symbol.value = symbol;
    if (current !== undefined) this.priceInput.value = String(current);
    this.priceInput.focus();
    this.priceInput.select();
  }

  async load() {
    try {
      await this.rules.load();
      this.status.textContent = `${this.rules.rules.length} rule${this.rules.rules.length === 1 ? '' : 's'}`;
      this.setFormEnabled(true);
    } catch (error) {
      if (unavailable(error)) this.disable('not available'); else this.status.textContent = error.message;
    }
    this.loadInbox();
  }

  async loadInbox() {
    try {
      const result = await this.client.request('notifications.list', {});
      this.notifications = Array.isArray(result?.notifications) ? result.notifications : [];
      this.renderInbox(typeof result?.unread === 'number' ? result.unread : undefined);
    } catch (error) {
      this.inboxEmpty.textContent = unavailable(error) ? 'Notifications are not available on this server.' : error.message;
    }
  }

  async create() {
    const rule = {
      symbol: this.symbol.value.trim(),
      condition: this.form.elements.condition.value,
      price: Number(this.priceInput.value),
      trigger: this.form.elements.trigger.value,
    };
    if (!rule.symbol || !(rule.price > 0)) {
      this.showError('Give a symbol and a price above zero.');
      (rule.symbol ? this.priceInput : this.symbol).focus();
      return;
    }
    this.showError('');
    try {
      await this.rules.create(rule);
      this.priceInput.value = '';
    } catch (error) {
      this.showError(`The alert was not saved: ${error.message}`);
      this.toasts.show('Alert not saved', error.message, 'error');
    }
  }

  render(rules) {
    this.list.replaceChildren(...rules.map((rule) => {
      const status = rule.pending ? 'saving' : isPaused(rule) ? 'paused' : rule.status ?? 'active';
      const actions = [];
      if (!rule.pending) {
        const paused = isPaused(rule);
        actions.push(el('button', {
          type: 'button', class: 'small ghost',
          'aria-label': `${paused ? 'Resume' : 'Pause'} alert ${describe(rule)}`,
          onclick: () => this.act(paused ? this.rules.resume(rule.id) : this.rules.pause(rule.id), 'change'),
        }, paused ? 'Resume' : 'Pause'));
        actions.push(el('button', {
          type: 'button', class: 'small danger', 'aria-label': `Delete alert ${describe(rule)}`,
          onclick: () => this.act(this.rules.delete(rule.id), 'delete'),
        }, 'Delete'));
      }
      return el('li', { 'data-id': rule.id, 'data-status': status, 'data-pending': String(rule.pending === true) },
        el('span', { class: 'rule-text' }, describe(rule)),
        el('span', { class: 'rule-status' }, status), actions);
    }));
    this.empty.hidden = rules.length > 0;
    this.status.textContent = `${rules.length} rule${rules.length === 1 ? '' : 's'}`;
  }

  async act(action, what) {
    try {
      await action;
    } catch (error) {
      this.toasts.show(`Could not ${what} the alert`, error.message, 'error');
    }
  }

  notified(notification, ts) {
    const entry = { ...notification, ts: notification.ts ?? ts, read: false };
    this.notifications = [entry, ...this.notifications.filter((n) => n.id === undefined || n.id !== entry.id)];
    this.toasts.show(title(entry), text(entry));
    this.renderInbox();
    const rule = this.rules.rules.find((r) => r.id === entry.ruleId);
    if (rule && rule.trigger === 'once') this.rules.load().catch(() => {});
  }

  renderInbox(unread) {
    this.inbox.replaceChildren(...this.notifications.slice(0, 50).map((n) =>
      el('li', { 'data-read': String(n.read === true), 'data-id': n.id },
        text(n), el('time', {}, time(n.ts)))));
    this.inboxEmpty.hidden = this.notifications.length > 0;
    const count = unread ?? this.notifications.filter((n) => n.read !== true).length;
    this.unreadBadge.textContent = String(count);
    this.unreadBadge.dataset.count = String(count);
  }

  async markRead() {
    const ids = this.notifications.filter((n) => n.read !== true && n.id !== undefined).map((n) => n.id);
    const before = this.notifications;
    this.notifications = this.notifications.map((n) => ({ ...n, read: true }));
    this.renderInbox(0);
    try {
      await this.client.request('notifications.ack', { ids });
    } catch (error) {
      this.notifications = before;
      this.renderInbox();
      this.toasts.show('Could not mark as read', error.message, 'error');
    }
  }

  disable(reason) {
    this.status.textContent = reason;
    this.setFormEnabled(false);
    this.empty.textContent = reason === 'not available'
      ? 'Alerts are not available on this server.' : 'Alerts need a signed-in user.';
  }

  setFormEnabled(enabled) {
    for (const control of this.form.elements) control.disabled = !enabled;
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = !message;
  }
}

function describe(rule) {
  const trigger = rule.trigger === 'every' ? 'every time' : 'once';
  return `${rule.symbol} ${rule.condition} ${price(rule.price)} · ${trigger}`;
}

function title(notification) {
  return notification.symbol ? `Alert: ${notification.symbol}` : 'Notification';
}

function text(notification) {
  if (notification.message) return notification.message;
  if (notification.symbol) return `${notification.symbol} ${notification.condition ?? ''} ${price(notification.price)} (now ${price(notification.value)})`;
  return JSON.stringify(notification);
}
