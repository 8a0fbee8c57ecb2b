// Wallet panel for the demo user: balances (wallets.balance, then wallet.<address> messages),
// the latest block (blocks) and each transaction's lifecycle as it happens.
import { el, balance, shortHash, time, unavailable } from './format.js';

const MAX_TXS = 25;

export class WalletPanel {
  constructor(client, identity) {
    this.client = client;
    this.identity = identity;
    this.cards = document.getElementById('wallet-cards');
    this.list = document.getElementById('tx-list');
    this.empty = document.getElementById('tx-empty');
    this.status = document.getElementById('wallet-status');
    /** @type {Map<string, {balance: HTMLElement, note: HTMLElement}>} */
    this.wallets = new Map();
    /** @type {Map<string, HTMLElement>} */
    this.txs = new Map();
  }

  start() {
    const wallets = this.identity?.wallets ?? [];
    if (!this.identity) {
      this.status.textContent = 'sign-in needed';
      this.cards.append(el('p', { class: 'muted' }, 'This server gives no demo identity: wallets need a token.'));
      return;
    }
    if (wallets.length === 0) {
      this.status.textContent = 'no wallet';
      return;
    }
    this.status.textContent = `${this.identity.user}`;
    for (const address of wallets) {
      const balanceEl = el('div', { class: 'balance' }, '—');
      const note = el('div', { class: 'muted small-text' }, 'loading…');
      this.cards.append(el('div', { class: 'wallet-card', 'data-address': address },
        el('div', { class: 'address', title: address }, shortHash(address)), balanceEl, note));
      this.wallets.set(address, { balance: balanceEl, note });
      this.client.onMessage(`wallet.${address}`, (message) => this.walletMessage(address, message));
      this.fetchBalance(address);
    }
    this.client.onMessage('blocks', (message) => {
      const block = message.data ?? {};
      const number = block.number ?? block.blockNumber ?? block.height;
      if (number !== undefined) this.status.textContent = `${this.identity.user} · block #${number}`;
    });
    this.client.on('resync', ({ channel }) => {
      const address = channel.startsWith('wallet.') ? channel.slice(7) : null;
      if (address && this.wallets.has(address)) this.fetchBalance(address);
    });
    this.client.subscribe(...wallets.map((a) => `wallet.${a}`), 'blocks').then(({ refused }) => {
      for (const error of refused) {
        const wallet = this.wallets.get(error.channel.slice(7));
        if (wallet) wallet.note.textContent = `not available (${error.code})`;
      }
    }, () => {});
  }

  async fetchBalance(address) {
    const wallet = this.wallets.get(address);
    try {
      const result = await this.client.request('wallets.balance', { address });
      const value = result?.balance ?? result?.balances?.[address] ?? result;
      wallet.balance.textContent = balance(value);
      wallet.note.textContent = result?.blockNumber !== undefined ? `at block #${result.blockNumber}` : 'up to date';
    } catch (error) {
      wallet.note.textContent = unavailable(error) ? 'balance not available' : `balance failed: ${error.message}`;
    }
  }

  walletMessage(address, message) {
    const data = message.data ?? {};
    const wallet = this.wallets.get(address);
    if (data.type === 'balance' || (data.balance !== undefined && data.hash === undefined)) {
      wallet.balance.textContent = balance(data.balance);
      wallet.note.textContent = data.blockNumber !== undefined ? `at block #${data.blockNumber}` : `updated ${time(message.ts)}`;
    }
    if (data.hash) this.transaction(address, data, message.ts);
  }

  transaction(address, tx, ts) {
    const state = String(tx.toState ?? tx.state ?? tx.status ?? 'pending').toLowerCase();
    const incoming = String(tx.to ?? '').toLowerCase() === address.toLowerCase();
    const confirmations = tx.confirmations !== undefined ? ` · ${tx.confirmations} conf.` : '';
    const value = tx.value !== undefined ? ` · ${balance(tx.value)}` : '';
    const item = el('li', { 'data-hash': tx.hash, 'data-state': state },
      el('span', { class: incoming ? 'up' : 'down', title: incoming ? 'incoming' : 'outgoing' }, incoming ? '↓ in' : '↑ out'),
      el('span', {}, el('span', { class: 'tx-hash', title: tx.hash }, shortHash(tx.hash)),
        el('span', { class: 'muted small-text' }, `${value}${confirmations}${tx.blockNumber !== undefined ? ` · block #${tx.blockNumber}` : ''} · ${time(ts)}`)),
      el('span', { class: 'tx-state', 'data-state': state }, state));
    const existing = this.txs.get(tx.hash);
    if (existing) existing.replaceWith(item); else this.list.prepend(item);
    this.txs.set(tx.hash, item);
    while (this.list.children.length > MAX_TXS) {
      const last = this.list.lastElementChild;
      this.txs.delete(last.dataset.hash);
      last.remove();
    }
    this.empty.hidden = this.txs.size > 0;
  }
}
