// Wallet panel for the demo user: balances (wallets.balance, then wallet.<address> messages)
// with their tokens and US dollar values, the latest block (blocks), and each transaction's and
// token transfer's lifecycle as it happens. A balance values each asset at the price the node
// knew; a newer price of the same symbol (prices.<SYMBOL>) values it again here, until the next
// balance.
import { el, balance, shortHash, time, unavailable, rawAmount, tokenAmount, usd, number, price as formatPrice } from './format.js';

const MAX_TXS = 25;
/** Tokens listed per wallet, whatever a balance message holds. */
export const MAX_TOKENS = 20;
/** Price symbols followed to value the wallets again, whatever the balances name. */
const MAX_PRICE_SYMBOLS = 50;
/** The largest price taken, as the node's transaction monitor bounds it. */
const MAX_PRICE = 1e15;

export class WalletPanel {
  constructor(client, identity) {
    this.client = client;
    this.identity = identity;
    this.cards = document.getElementById('wallet-cards');
    this.list = document.getElementById('tx-list');
    this.empty = document.getElementById('tx-empty');
    this.status = document.getElementById('wallet-status');
    /** @type {Map<string, {balance: HTMLElement, note: HTMLElement, usd: HTMLElement, total: HTMLElement, tokens: HTMLElement}>} */
    this.wallets = new Map();
    /** @type {Map<string, HTMLElement>} */
    this.txs = new Map();
    /** The newest price seen per followed symbol: {price, ts}. */
    this.prices = new Map();
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
      const usdEl = el('div', { class: 'asset-usd muted small-text' });
      const total = el('div', { class: 'total-usd', hidden: true });
      const tokens = el('ul', { class: 'tokens' });
      const note = el('div', { class: 'muted small-text' }, 'loading…');
      this.cards.append(el('div', { class: 'wallet-card', 'data-address': address },
        el('div', { class: 'address', title: address }, shortHash(address)), balanceEl, usdEl, tokens, total, note));
      this.wallets.set(address, { balance: balanceEl, note, usd: usdEl, total, tokens });
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
      if (result && typeof result === 'object') this.values(wallet, result);
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
      this.values(wallet, data);
      wallet.note.textContent = data.blockNumber !== undefined ? `at block #${data.blockNumber}` : `updated ${time(message.ts)}`;
    }
    if (data.type === 'token_transfer' && data.hash) this.tokenTransfer(address, data, message.ts);
    else if (data.hash) this.transaction(address, data, message.ts);
  }

  /** The USD value of the native asset, the tokens held and the total, from a balance. */
  values(wallet, data) {
    wallet.data = data;
    this.follow(data.price);
    if (Array.isArray(data.tokens)) for (const token of data.tokens) this.follow(token?.price);
    this.render(wallet);
  }

  /**
   * Draws the values of the wallet's last balance, each asset at the newest price known; the
   * total is the node's, moved by what the newer prices changed.
   */
  render(wallet) {
    const data = wallet.data;
    let moved = 0;
    const valued = (raw, decimals, valueUsd, price) => {
      const now = this.valued(raw, decimals, valueUsd, price);
      if (typeof now.value === 'number' && typeof valueUsd === 'number') moved += now.value - valueUsd;
      return now;
    };
    const native = valued(data.balance, 18, data.valueUsd, data.price);
    wallet.usd.textContent = data.valueUsd !== undefined ? `${usd(native.value)}${priceNote(native.price)}` : '';
    wallet.usd.title = native.price ? `${native.price.symbol} ${native.price.price} at ${time(native.price.ts)}` : '';
    if (Array.isArray(data.tokens)) {
      const tokens = data.tokens.filter((t) => t && typeof t === 'object')
        .map((token) => ({ token, ...valued(token.balance, token.decimals, token.valueUsd, token.price) }));
      wallet.tokens.replaceChildren(...tokens.slice(0, MAX_TOKENS).map(({ token, value, price }) => {
        const symbol = String(token.symbol ?? shortHash(token.token)).slice(0, 16);
        return el('li', { 'data-token': token.token, 'data-symbol': symbol, title: token.token },
          el('span', { class: 'token-symbol' }, symbol),
          el('span', { class: 'token-balance' }, tokenAmount(token.balance, token.decimals)),
          el('span', { class: 'token-usd muted', title: price ? `${price.symbol} ${price.price} at ${time(price.ts)}` : 'no price known' }, usd(value)));
      }));
    }
    const hasTotal = data.totalUsd !== undefined;
    wallet.total.hidden = !hasTotal;
    const total = typeof data.totalUsd === 'number' ? Math.round((data.totalUsd + moved) * 100) / 100 : data.totalUsd;
    wallet.total.textContent = hasTotal ? `Total ${total === null ? '— (a price is missing)' : usd(total)}` : '';
  }

  /**
   * An asset's value and the price it is at: the node's, or, when a newer price of the same
   * symbol came since, `raw` units (a decimal string, as the node sends it) over 10^`decimals`
   * at that price, to the cent (half to even, as the node rounds).
   */
  valued(raw, decimals, valueUsd, price) {
    const newer = price && typeof price === 'object' ? this.prices.get(price.symbol) : undefined;
    const known = newer && newer.price !== undefined && typeof price.ts === 'number' && newer.ts > price.ts;
    if (!known || typeof valueUsd !== 'number' || !rawAmount(raw, decimals)) {
      return { value: valueUsd, price };
    }
    return { value: cents((Number(raw) / 10 ** decimals) * newer.price), price: { symbol: price.symbol, price: newer.price, ts: newer.ts } };
  }

  /**
   * Follows prices.<SYMBOL> of a balance's price, to value the wallets again when it moves. A
   * price is taken as the node takes one: a number from 0 to 1e15 for this symbol, with a time
   * no older than the last one taken.
   */
  follow(price) {
    const symbol = price && typeof price === 'object' && typeof price.symbol === 'string' ? price.symbol : null;
    if (!symbol || this.prices.has(symbol) || this.prices.size >= MAX_PRICE_SYMBOLS) return;
    this.prices.set(symbol, { price: undefined, ts: -Infinity });
    this.client.onMessage(`prices.${symbol}`, (message) => {
      const update = message.data ?? {};
      const known = this.prices.get(symbol);
      const { price: value, ts } = update;
      if (update.symbol !== symbol || typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_PRICE
        || !Number.isInteger(ts) || ts < known.ts) return;
      this.prices.set(symbol, { price: value, ts });
      for (const wallet of this.wallets.values()) if (wallet.data && names(wallet.data, symbol)) this.render(wallet);
    });
    this.client.subscribe(`prices.${symbol}`).catch(() => {});
  }

  tokenTransfer(address, transfer, ts) {
    const state = String(transfer.status ?? transfer.toState ?? 'pending').toLowerCase();
    const incoming = String(transfer.to ?? '').toLowerCase() === address.toLowerCase();
    const symbol = String(transfer.symbol ?? shortHash(transfer.token)).slice(0, 16);
    const logIndex = number(transfer.logIndex);
    const confirmations = transfer.confirmations !== undefined ? ` · ${transfer.confirmations} conf.` : '';
    const item = el('li', { 'data-hash': transfer.hash, 'data-kind': 'token', 'data-log-index': logIndex, 'data-state': state },
      el('span', { class: incoming ? 'up' : 'down', title: incoming ? 'incoming' : 'outgoing' }, incoming ? '↓ in' : '↑ out'),
      el('span', {}, el('span', { class: 'token-amount' }, `${tokenAmount(transfer.value, transfer.decimals)} ${symbol}`),
        el('span', { class: 'tx-hash muted', title: transfer.hash }, ` ${shortHash(transfer.hash)}`),
        el('span', { class: 'muted small-text' }, `${confirmations}${transfer.blockNumber !== undefined ? ` · block #${transfer.blockNumber}` : ''} · ${time(ts)}`)),
      el('span', { class: 'tx-state', 'data-state': state }, state));
    this.put(`${transfer.hash}:${logIndex ?? ''}`, item);
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
    this.put(tx.hash, item);
  }

  /** Shows an activity line in place of the one with the same key, or on top; keeps MAX_TXS. */
  put(key, item) {
    item.dataset.key = key;
    const existing = this.txs.get(key);
    if (existing) existing.replaceWith(item); else this.list.prepend(item);
    this.txs.set(key, item);
    while (this.list.children.length > MAX_TXS) {
      const last = this.list.lastElementChild;
      this.txs.delete(last.dataset.key);
      last.remove();
    }
    this.empty.hidden = this.txs.size > 0;
  }
}

/** Whether a balance values some asset at `symbol`. */
function names(data, symbol) {
  return data.price?.symbol === symbol || (Array.isArray(data.tokens) && data.tokens.some((token) => token?.price?.symbol === symbol));
}

/** `value` in dollars rounded to the cent, half to even. */
function cents(value) {
  const scaled = value * 100;
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const whole = rest > 0.5 ? floor + 1 : rest < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return whole / 100;
}

function priceNote(price) {
  return price && typeof price === 'object' && price.symbol ? ` · ${price.symbol} ${formatPrice(price.price)}` : '';
}
