// Desk panel (protocol 1.1): the demo user's first desk of the `desk` namespace — who is online
// (presence, then join and leave frames), the desk chat (client publish, with the desk's recent
// history on join through `since`) — and the announcement banner (system.announcements).
import { el, messageText, time } from './format.js';

/** Chat lines kept on the page, and asked for on join (the dev profile keeps 100). */
const HISTORY = 50;
/** The longest chat line, in characters (the namespace takes 4 KiB of JSON). */
export const MAX_TEXT = 500;

export class DeskPanel {
  constructor(client, identity) {
    this.client = client;
    this.identity = identity;
    this.desk = Array.isArray(identity?.desks) ? identity.desks[0] : undefined;
    this.channel = this.desk ? `desk.${this.desk}` : null;
    this.status = document.getElementById('desk-status');
    this.title = document.getElementById('desk-title');
    this.members = document.getElementById('desk-members');
    this.chat = document.getElementById('desk-chat');
    this.empty = document.getElementById('desk-empty');
    this.form = document.getElementById('desk-form');
    this.input = document.getElementById('desk-input');
    this.send = document.getElementById('desk-send');
    this.error = document.getElementById('desk-error');
    /** @type {Map<string, string|null>} session → user of the members online */
    this.online = new Map();
    /** @type {Set<string>} `${epoch}:${seq}` of the lines shown (at most HISTORY) */
    this.shown = new Set();
    this.joined = false;
  }

  start() {
    this.input.maxLength = MAX_TEXT;
    if (!this.channel) {
      this.status.textContent = this.identity ? 'no desk' : 'sign-in needed';
      this.chat.replaceWith(el('p', { class: 'muted' },
        this.identity ? 'The demo token lists no desk.' : 'This server gives no demo identity: desks need a token.'));
      this.form.hidden = true;
      return;
    }
    this.title.textContent = `Desk ${this.desk}`;
    this.client.onMessage(this.channel, (message) => this.line(message));
    this.client.onJoin(this.channel, ({ client }) => {
      this.online.set(client.session, client.user ?? null);
      this.renderMembers();
    });
    this.client.onLeave(this.channel, ({ client }) => {
      this.online.delete(client.session);
      this.renderMembers();
    });
    this.client.on('state', (change) => {
      if (change.state !== 'CONNECTED') {
        this.setEnabled(false);
      } else if (this.joined) {
        // The client resubscribes with `since` by itself: once that is granted, only the member
        // list needs asking again.
        this.client.subscribe(this.channel)
          .then(() => this.refreshMembers())
          .then(() => this.setEnabled(this.client.state === 'CONNECTED'), () => {});
      }
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.post();
    });
    this.setEnabled(false);
    this.join();
  }

  /**
   * Subscribes; when the desk already has messages, subscribes again from a position HISTORY
   * messages back (`since`), so that the recent chat is replayed before the live one.
   */
  async join() {
    this.status.textContent = 'joining…';
    try {
      const first = await this.client.subscribe(this.channel);
      if (first.refused.length > 0) {
        this.status.textContent = `not available (${first.refused[0].code})`;
        return;
      }
      const granted = first.granted[0];
      if (granted.seq > 0) {
        await this.client.unsubscribe(this.channel);
        this.client.resumeFrom(this.channel, { seq: Math.max(0, granted.seq - HISTORY), epoch: granted.epoch });
        const again = await this.client.subscribe(this.channel);
        if (again.refused.length > 0) {
          this.status.textContent = `not available (${again.refused[0].code})`;
          return;
        }
      }
      this.joined = true;
      await this.refreshMembers();
      this.setEnabled(this.client.state === 'CONNECTED');
    } catch (error) {
      this.status.textContent = `not joined: ${error.message}`;
    }
  }

  async refreshMembers() {
    try {
      const presence = await this.client.presence(this.channel);
      this.online = new Map(presence.clients.map((member) => [member.session, member.user ?? null]));
      // This page is a member too, even if the answer was assembled before its subscription showed.
      if (this.client.session) this.online.set(this.client.session, this.identity?.user ?? null);
      this.renderMembers();
    } catch (error) {
      this.status.textContent = `members unknown (${error.code ?? error.reason})`;
    }
  }

  renderMembers() {
    const sessions = new Map();
    for (const user of this.online.values()) {
      const name = user ?? 'anonymous';
      sessions.set(name, (sessions.get(name) ?? 0) + 1);
    }
    const names = [...sessions.keys()].sort();
    this.members.replaceChildren(...names.map((name) => el('li', { 'data-user': name },
      name, sessions.get(name) > 1 ? el('span', { class: 'muted' }, ` ×${sessions.get(name)}`) : null)));
    this.status.textContent = `${names.length} online`;
  }

  line(message) {
    const key = `${message.epoch}:${message.seq}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    const text = messageText(message.data);
    const from = message.from?.user ?? 'server';
    const mine = message.from && message.from.session === this.client.session;
    this.chat.append(el('li', { 'data-key': key, 'data-seq': message.seq, 'data-from': from, class: mine ? 'mine' : undefined },
      el('span', { class: 'from' }, from), el('span', { class: 'text' }, text.slice(0, MAX_TEXT)),
      el('time', { datetime: new Date(message.ts).toISOString() }, time(message.ts))));
    while (this.chat.children.length > HISTORY) {
      const oldest = this.chat.firstElementChild;
      this.shown.delete(oldest.dataset.key);
      oldest.remove();
    }
    this.empty.hidden = true;
    this.chat.scrollTop = this.chat.scrollHeight;
  }

  async post() {
    const text = this.input.value.trim();
    if (!text) return;
    this.error.hidden = true;
    this.setEnabled(false);
    try {
      await this.client.publish(this.channel, { text: text.slice(0, MAX_TEXT) },
        { idempotencyKey: `chat-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}` });
      this.input.value = '';
    } catch (error) {
      this.error.textContent = error.code === 'rate_limited' ? 'Too fast: wait a moment.' : `Not sent: ${error.message}`;
      this.error.hidden = false;
    } finally {
      this.setEnabled(this.joined && this.client.state === 'CONNECTED');
      this.input.focus();
    }
  }

  setEnabled(enabled) {
    this.input.disabled = !enabled;
    this.send.disabled = !enabled;
  }
}

/** The banner over the panels: the latest message on system.announcements, until dismissed. */
export class AnnouncementBanner {
  constructor(client) {
    this.client = client;
    this.root = document.getElementById('announcement');
    this.text = document.getElementById('announcement-text');
    this.close = document.getElementById('announcement-close');
  }

  start() {
    this.client.onAnnouncement((message) => this.show(message));
    this.close.addEventListener('click', () => { this.root.hidden = true; });
  }

  show(message) {
    const data = message.data;
    const text = messageText(data);
    this.text.textContent = text.slice(0, MAX_TEXT);
    this.root.dataset.level = typeof data?.level === 'string' ? data.level : 'info';
    this.root.dataset.seq = String(message.seq);
    this.root.hidden = false;
  }
}
