// Formatting and small DOM helpers shared by the panels.

/** An element with attributes and children; strings become text nodes (never HTML). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function number(value) {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** A price with as many decimals as its size needs. */
export function price(value) {
  const n = number(value);
  if (n === undefined) return '—';
  const abs = Math.abs(n);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 6;
  return n.toLocaleString('en-US', { minimumFractionDigits: Math.min(2, digits), maximumFractionDigits: digits });
}

export function signed(value, digits = 2) {
  const n = number(value);
  if (n === undefined) return '—';
  const text = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${text}`;
}

/** A signed price change, with the decimals its size needs. */
export function signedPrice(value) {
  const n = number(value);
  if (n === undefined) return '—';
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${price(Math.abs(n))}`;
}

export function percent(value) {
  const n = number(value);
  return n === undefined ? '—' : `${signed(n, 2)} %`;
}

export function compact(value) {
  const n = number(value);
  return n === undefined ? '—' : n.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });
}

/** The CSS class of a change: up, down or none. */
export function direction(value) {
  const n = number(value);
  return n === undefined || n === 0 ? '' : n > 0 ? 'up' : 'down';
}

/** The text of a chat line or an announcement: the data itself, its `text`, or its JSON. */
export function messageText(data) {
  if (typeof data === 'string') return data;
  return typeof data?.text === 'string' ? data.text : JSON.stringify(data);
}

export function time(ms) {
  return ms ? new Date(ms).toLocaleTimeString('en-GB', { hour12: false }) : '—';
}

export function ago(ms, now = Date.now()) {
  if (!ms) return '—';
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  return `${Math.round(seconds / 60)} min ago`;
}

export function shortHash(hash) {
  const text = String(hash ?? '');
  return text.length > 14 ? `${text.slice(0, 8)}…${text.slice(-4)}` : text;
}

/** A balance: decimal strings of wei become ETH with four decimals (exactly, with BigInt). */
export function balance(value) {
  if (typeof value === 'string' && /^\d+$/.test(value) && value.length > 9) {
    return `${tokenAmount(value, 18)} ETH`;
  }
  const n = number(value);
  return n === undefined ? '—' : `${n.toLocaleString('en-US', { maximumFractionDigits: 4 })} ETH`;
}

/** Restarts a CSS animation class on an element. */
export function flash(element, className) {
  element.classList.remove('flash-up', 'flash-down');
  void element.offsetWidth;
  element.classList.add(className);
}

/** Whether an error means that a service or channel is not there (yet). */
export function unavailable(error) {
  return ['not_found', 'unavailable', 'timeout'].includes(error?.code);
}

/**
 * Whether `raw` is a raw integer amount of a token (a string of 1 to 80 digits, as the node sends
 * it) and `decimals` a token's decimals (an integer from 0 to 77).
 */
export function rawAmount(raw, decimals) {
  return typeof raw === 'string' && /^\d{1,80}$/.test(raw) && Number.isInteger(decimals) && decimals >= 0 && decimals <= 77;
}

/**
 * A raw integer amount of a token with `decimals` (a string of digits, exactly, with BigInt),
 * as a decimal with at most `digits` fraction digits; '—' for anything else.
 */
export function tokenAmount(raw, decimals, digits = 4) {
  if (!rawAmount(raw, 0)) return '—';
  const places = rawAmount(raw, decimals) ? decimals : 18;
  const value = BigInt(raw);
  const unit = 10n ** BigInt(places);
  const whole = value / unit;
  const shown = Math.min(digits, places);
  const fraction = shown === 0 ? '' : `.${((value % unit) / 10n ** BigInt(places - shown)).toString().padStart(shown, '0')}`;
  return `${whole.toLocaleString('en-US')}${fraction}`;
}

/** A US dollar value with cents; '—' when unknown. */
export function usd(value) {
  const n = number(value);
  return n === undefined ? '—' : `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A size (base asset) with up to eight decimals. */
export function size(value) {
  const n = number(value);
  return n === undefined ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 8 });
}
