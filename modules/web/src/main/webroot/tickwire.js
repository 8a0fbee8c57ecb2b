// tickwire browser client: one ES module, no build step, no dependency for JSON frames; the
// MessagePack codec (@msgpack/msgpack) is imported only when `format: 'msgpack'` asks for it.
// Runs in browsers and in Node.js 20+ (pass a WebSocket implementation, e.g. the `ws` package).
// Types: tickwire.d.ts beside this file. Guide: docs/clients.md.

/** @typedef {'CONNECTING'|'CONNECTED'|'RECONNECTING'|'DISCONNECTED'} ConnectionState */

/**
 * @typedef {object} StateChange
 * @property {ConnectionState} state the new state
 * @property {ConnectionState} previous the state before
 * @property {number} attempt for RECONNECTING: the attempt that comes next (from 1); else 0
 * @property {number} delayMs for RECONNECTING: the wait before that attempt; else 0
 * @property {number} closeCode the close code that ended the last connection, 0 when none
 * @property {string} reason why, for RECONNECTING and DISCONNECTED
 */

/**
 * @typedef {object} Message
 * @property {string} channel
 * @property {number} seq position in the channel, within epoch
 * @property {string} epoch the channel history it belongs to
 * @property {number} ts when it was published, ms since the Unix epoch
 * @property {*} data the payload
 * @property {{user: string|null, session: string}} [from] protocol 1.1: who published it, on a
 *   message a client published with `publish`; absent on messages from the HTTP API and services
 */

/**
 * @typedef {object} PresenceClient
 * @property {string} session @property {string|null} user @property {string} node
 * @property {number} joinedAt when its subscription was granted, ms since the Unix epoch
 */

/**
 * @typedef {object} Presence
 * @property {string} channel
 * @property {PresenceClient[]} clients the subscribers, earliest first (at most 1,000)
 * @property {number} users distinct users @property {number} count subscribers in all
 */

/**
 * @typedef {object} Membership a `join` or `leave` frame
 * @property {'join'|'leave'} type @property {string} channel
 * @property {{session: string, user: string|null}} client
 */

/**
 * @typedef {object} Published
 * @property {string} channel @property {number} seq @property {string} epoch
 */

/**
 * @typedef {object} Resync
 * @property {string} channel a channel resumed with `since` that the server could not recover
 * @property {number} seq the channel's position when the subscription took effect
 * @property {string} epoch the channel's current epoch
 */

/**
 * @typedef {object} RttStats
 * @property {number} count @property {number} lastMs @property {number} minMs
 * @property {number} maxMs @property {number} meanMs @property {number} smoothedMs
 */

/**
 * @typedef {object} ClientOptions
 * @property {string} [url] the endpoint; default `ws(s)://<page host>/ws` in a browser
 * @property {string|null|(() => (string|null|Promise<string|null>))} [token] a token, or a
 *   function called before every connect and before the token expires
 * @property {typeof WebSocket} [WebSocket] the WebSocket implementation; default the global one
 * @property {number} [maxAttempts] reconnect attempts in a row before giving up (Infinity)
 * @property {number} [backoffBaseMs] ceiling of the first reconnect wait (1000)
 * @property {number} [backoffCapMs] largest reconnect wait (30000)
 * @property {number} [queueSize] frames kept while disconnected (1000)
 * @property {number} [requestTimeoutMs] default request timeout (10000)
 * @property {number} [pingIntervalMs] application-level ping interval, 0 for none (15000)
 * @property {number} [pingTimeoutMs] a ping without pong for this long replaces the connection (10000)
 * @property {number} [tokenRefreshLeadMs] refresh this long before expiry, at most half the
 *   token's remaining life (60000)
 * @property {number} [connectTimeoutMs] opening a connection may take this long (10000)
 * @property {boolean} [reconnectOnVisible] reconnect at once when the page becomes visible or the
 *   browser comes back online (true)
 * @property {() => number} [random] a source of [0, 1) for the backoff jitter (Math.random)
 * @property {'json'|'msgpack'} [format] the frame encoding: 'json' (text frames, the default) or
 *   'msgpack' (offers the subprotocol `tickwire.v1.msgpack`; the codec is imported on first use)
 * @property {string|URL} [codecUrl] where the MessagePack codec module is imported from, for
 *   'msgpack' only: an ES module exporting `encode` and `decode` (the ESM build of
 *   @msgpack/msgpack); default `vendor/msgpack/index.mjs` beside this file, which the node serves
 */

export const DEFAULTS = Object.freeze({
  maxAttempts: Infinity,
  backoffBaseMs: 1000,
  backoffCapMs: 30000,
  queueSize: 1000,
  requestTimeoutMs: 10000,
  pingIntervalMs: 15000,
  pingTimeoutMs: 10000,
  tokenRefreshLeadMs: 60000,
  connectTimeoutMs: 10000,
  reconnectOnVisible: true,
  format: 'json',
});

/** The WebSocket subprotocol of MessagePack frames. */
export const MSGPACK_SUBPROTOCOL = 'tickwire.v1.msgpack';
/** The channel every connection is subscribed to by the server for system announcements. */
export const ANNOUNCEMENTS = 'system.announcements';
/** The longest idempotency key the server takes. */
const MAX_IDEMPOTENCY_KEY = 128;

/** Close code the backend uses to sign a user out: the client does not reconnect. */
const CLOSE_DISCONNECTED = 4003;
const CLOSE_PING_TIMEOUT = 4000;
const METHOD = /^[a-z][a-z0-9_]*(\.[a-zA-Z][a-zA-Z0-9_]*)+$/;
/** The most names in one subscribe frame: the server's default `gateway.maxSubscriptions`. */
const CHANNELS_PER_FRAME = 256;

/** A refusal by the server: `code` is its error code (`not_found`, `forbidden`, …). */
export class ProtocolError extends Error {
  /**
   * @param {string} code @param {string} message
   * @param {string} [id] @param {string} [channel]
   */
  constructor(code, message, id, channel) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.id = id;
    this.channel = channel;
  }
}

/**
 * A failure on the client's side: `reason` is TIMEOUT, DISCONNECTED (the connection was lost
 * after the frame went out), QUEUE_FULL (refused while disconnected) or CLOSED.
 */
export class ClientError extends Error {
  /** @param {'TIMEOUT'|'DISCONNECTED'|'QUEUE_FULL'|'CLOSED'} reason @param {string} message */
  constructor(reason, message) {
    super(message);
    this.name = 'ClientError';
    this.reason = reason;
  }
}

/**
 * Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(attempt-1))].
 * @param {number} attempt from 1 @param {number} baseMs @param {number} capMs
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, baseMs, capMs, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/** The `exp` of a JWT in ms, or -1; the token is not verified (only to know when to refresh). */
export function tokenExpiry(token) {
  try {
    const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const text = typeof atob === 'function' ? atob(part) : Buffer.from(part, 'base64').toString();
    const exp = JSON.parse(text).exp;
    return typeof exp === 'number' ? exp * 1000 : -1;
  } catch {
    return -1;
  }
}

/** Where the client stands per channel; drops duplicates by seq. */
class Positions {
  constructor() {
    /** @type {Map<string, {seq: number, epoch: string}>} */
    this.last = new Map();
  }

  advance(channel, seq, epoch) {
    const seen = this.last.get(channel);
    if (seen && seen.epoch === epoch && seq <= seen.seq) return false;
    this.last.set(channel, { seq, epoch });
    return true;
  }
}

class Listeners {
  constructor() {
    /** @type {Map<string, Set<Function>>} */
    this.sets = new Map();
  }

  add(key, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    if (!this.sets.has(key)) this.sets.set(key, new Set());
    const entry = (event) => listener(event);
    this.sets.get(key).add(entry);
    return () => this.sets.get(key)?.delete(entry);
  }

  fire(key, event) {
    const set = this.sets.get(key);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (e) {
        console.error('tickwire: a listener failed', e);
      }
    }
  }
}

/**
 * A tickwire client that keeps its connection: reconnects with backoff and jitter, resubscribes
 * with `since` (gap-free on stream channels), drops duplicates by seq, raises `resync` when the
 * server could not recover, queues frames while disconnected, times requests out, pings, and
 * refreshes its token with an `auth` frame before it expires.
 *
 * Ordering: on every (re)connection the token (auth frame) goes first, then the resubscription,
 * then queued frames in the order they were given, then new ones. Listeners run one at a time in
 * the order frames arrived.
 */
export class TickwireClient {
  /** @param {ClientOptions} [options] */
  constructor(options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.url = options.url ?? defaultUrl();
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (!this.WebSocket) {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket (e.g. the ws package)');
    }
    if (this.options.format !== 'json' && this.options.format !== 'msgpack') {
      throw new TypeError(`options.format must be 'json' or 'msgpack', not '${this.options.format}'`);
    }
    /** @type {'json'|'msgpack'} */
    this.format = this.options.format;
    /** @type {string[]} what the node offers beyond protocol 1.0 (welcome's `features`) */
    this.features = [];
    /** @type {string[]} the channels the server subscribed this connection to */
    this.subscriptions = [];
    /** @type {Promise<{encode: Function, decode: Function}>|null} */
    this._codecLoading = null;
    /** @type {{encode: Function, decode: Function}|null} the codec of the current connection */
    this._codec = null;
    /** @type {ConnectionState} */
    this.state = 'DISCONNECTED';
    /** @type {string|null} the server's session id of the current connection */
    this.session = null;
    /** @type {RttStats} */
    this.rtt = { count: 0, lastMs: 0, minMs: 0, maxMs: 0, meanMs: 0, smoothedMs: 0 };
    /** @type {number} reconnect attempts in a row so far */
    this.attempt = 0;
    this._listeners = new Listeners();
    this._positions = new Positions();
    /** @type {Set<string>} */
    this._wanted = new Set();
    /** @type {Map<string, object>} channels granted on this connection */
    this._active = new Map();
    /** @type {Map<string, {channels: string[], resumed: Set<string>}>} */
    this._inFlight = new Map();
    /** @type {Array<{remaining: Set<string>, granted: object[], refused: ProtocolError[], resolve: Function, reject: Function}>} */
    this._waiters = [];
    /** @type {Map<string, object>} calls waiting for an answer, by id */
    this._calls = new Map();
    this._queue = [];
    this._ids = 0;
    this._socket = null;
    this._open = false;
    this._generation = 0;
    this._closed = false;
    this._timers = { reconnect: null, ping: null, refresh: null, connect: null };
    this._connectWaiters = [];
    this._token = null;
    this._installPageHooks();
  }

  // ------------------------------------------------------------ listeners

  /**
   * Listens to `state` (StateChange), `message` (Message, every channel), `resync` (Resync) or
   * `error` (ProtocolError not tied to a call: refused or revoked channels). Returns a remover.
   * @param {'state'|'message'|'resync'|'error'} event @param {(e: any) => void} listener
   */
  on(event, listener) {
    return this._listeners.add(`event:${event}`, listener);
  }

  /** Listens to the new messages of one channel. Returns a remover. */
  onMessage(channel, listener) {
    return this._listeners.add(`channel:${channel}`, listener);
  }

  /** Listens to every raw frame of a type as it arrives (before duplicates are dropped). */
  onFrame(type, listener) {
    return this._listeners.add(`frame:${type}`, listener);
  }

  /**
   * Protocol 1.1: listens to `join` frames (another client subscribed to a channel of a
   * `joinLeave` namespace this client subscribes to), of one channel or, without it, of all.
   * Returns a remover.
   * @param {string|((m: Membership) => void)} channelOrListener @param {(m: Membership) => void} [listener]
   */
  onJoin(channelOrListener, listener) {
    return this._membership('join', channelOrListener, listener);
  }

  /** Protocol 1.1: listens to `leave` frames, like onJoin. Returns a remover. */
  onLeave(channelOrListener, listener) {
    return this._membership('leave', channelOrListener, listener);
  }

  /**
   * Protocol 1.1: listens to the messages on `system.announcements`, to which the server
   * subscribes every connection (`gateway.autoSubscribe`). Returns a remover.
   * @param {(m: Message) => void} handler
   */
  onAnnouncement(handler) {
    return this._listeners.add(`channel:${ANNOUNCEMENTS}`, handler);
  }

  _membership(type, channelOrListener, listener) {
    if (typeof channelOrListener === 'function') return this._listeners.add(`${type}:*`, channelOrListener);
    if (typeof channelOrListener !== 'string') throw new TypeError('channel must be a string');
    return this._listeners.add(`${type}:${channelOrListener}`, listener);
  }

  // ------------------------------------------------------------ public API

  /**
   * Opens the connection; resolves once connected (after retries), rejects if the client gives
   * up or is closed first.
   * @returns {Promise<void>}
   */
  connect() {
    if (this._closed) return Promise.reject(new ClientError('CLOSED', 'the client is closed'));
    if (this._open) return Promise.resolve();
    const promise = new Promise((resolve, reject) => this._connectWaiters.push({ resolve, reject }));
    if (this.state === 'DISCONNECTED') {
      this.attempt = 0;
      this._setState('CONNECTING', 0, 0, 0, '');
      this._dial();
    }
    return promise;
  }

  /**
   * Subscribes to channels, now or once connected; they are kept across reconnections. Resolves
   * when every channel was granted or refused.
   * @param {...string} channels
   * @returns {Promise<{granted: Array<{channel: string, seq: number, epoch: string, recovered: boolean}>, refused: ProtocolError[]}>}
   */
  subscribe(...channels) {
    const names = [...new Set(channels.flat())];
    if (names.length === 0) return Promise.reject(new TypeError('no channel given'));
    if (this._closed) return Promise.reject(new ClientError('CLOSED', 'the client is closed'));
    return new Promise((resolve, reject) => {
      const waiter = { remaining: new Set(), granted: [], refused: [], resolve, reject };
      const toSend = [];
      for (const channel of names) {
        this._wanted.add(channel);
        const granted = this._active.get(channel);
        if (granted) {
          waiter.granted.push(granted);
        } else {
          waiter.remaining.add(channel);
          if (!this._isInFlight(channel)) toSend.push(channel);
        }
      }
      if (waiter.remaining.size === 0) {
        resolve({ granted: waiter.granted, refused: [] });
        return;
      }
      this._waiters.push(waiter);
      if (this._open) this._subscribeFrames(toSend);
    });
  }

  /** Leaves channels: none of their messages reaches listeners afterwards. */
  async unsubscribe(...channels) {
    const names = [...new Set(channels.flat())];
    for (const channel of names) this._forget(channel);
    if (!this._open || names.length === 0) return;
    await this._call('u', (id) => ({ type: 'unsubscribe', id, channels: names }), this.options.requestTimeoutMs);
  }

  /**
   * Calls a method; resolves with the response's data. Rejects with ProtocolError (the server
   * refused) or ClientError (TIMEOUT, DISCONNECTED, QUEUE_FULL, CLOSED).
   * @param {string} method @param {object} [data]
   * @param {{timeoutMs?: number}} [options]
   */
  async request(method, data = {}, { timeoutMs = this.options.requestTimeoutMs } = {}) {
    if (!METHOD.test(method) || method.length > 64) {
      throw new ProtocolError('bad_request', `not a method name: '${method}'`);
    }
    const answer = await this._call('r', (id) => ({ type: 'request', id, method, data }), timeoutMs);
    return answer.data;
  }

  /**
   * Protocol 1.1: publishes `data` to a channel this client is subscribed to, in a namespace
   * with `clientPublish: "subscribers"`. Resolves with the message's {channel, seq, epoch};
   * subscribers get it as a message with `from`. Rejects with ProtocolError (`forbidden`,
   * `unauthorized`, `too_large`, `rate_limited`, `bad_request`) or ClientError.
   * @param {string} channel @param {*} data any JSON value but null
   * @param {{idempotencyKey?: string, timeoutMs?: number}} [options]
   * @returns {Promise<Published>}
   */
  async publish(channel, data, { idempotencyKey, timeoutMs = this.options.requestTimeoutMs } = {}) {
    if (typeof channel !== 'string' || channel.length === 0) {
      throw new ProtocolError('bad_request', 'channel must be a non-empty string');
    }
    if (data === null || data === undefined) {
      throw new ProtocolError('bad_request', 'data must be a JSON value other than null', undefined, channel);
    }
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string'
        || idempotencyKey.length < 1 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY)) {
      throw new ProtocolError('bad_request', `idempotencyKey must be a string of 1 to ${MAX_IDEMPOTENCY_KEY} characters`, undefined, channel);
    }
    const answer = await this._call('b', (id) => {
      const frame = { type: 'publish', id, channel, data };
      if (idempotencyKey !== undefined) frame.idempotencyKey = idempotencyKey;
      return frame;
    }, timeoutMs);
    return { channel: answer.channel, seq: answer.seq, epoch: answer.epoch };
  }

  /**
   * Protocol 1.1: who is subscribed to a channel of a namespace with `presence`, across the
   * cluster. Rejects with ProtocolError (`forbidden`, `bad_request`) or ClientError.
   * @param {string} channel @param {{timeoutMs?: number}} [options]
   * @returns {Promise<Presence>}
   */
  async presence(channel, { timeoutMs = this.options.requestTimeoutMs } = {}) {
    if (typeof channel !== 'string' || channel.length === 0) {
      throw new ProtocolError('bad_request', 'channel must be a non-empty string');
    }
    const answer = await this._call('q', (id) => ({ type: 'presence', id, channel }), timeoutMs);
    return {
      channel: answer.channel,
      clients: Array.isArray(answer.clients) ? answer.clients : [],
      users: answer.users ?? 0,
      count: answer.count ?? 0,
    };
  }

  /** Whether the node listed `feature` in welcome's `features` (empty before the first welcome). */
  hasFeature(feature) {
    return this.features.includes(feature);
  }

  /** Sends a ping now (or once connected); resolves with the round trip in ms. */
  async ping() {
    await this._call('p', (id) => ({ type: 'ping', id, ts: Date.now() }), this.options.requestTimeoutMs);
    return this.rtt.lastMs;
  }

  /** If waiting to reconnect, tries at once (the page became visible, the network came back). */
  reconnectNow() {
    if (!this._closed && this.state === 'RECONNECTING' && this._timers.reconnect !== null) {
      clearTimeout(this._timers.reconnect);
      this._timers.reconnect = null;
      this._dial();
    }
  }

  /** Closes the connection (1000) and the client for good; waiting calls fail with CLOSED. */
  close() {
    if (this._closed) return;
    this._closed = true;
    this._generation++;
    this._clearTimers();
    this._removePageHooks();
    const socket = this._socket;
    this._socket = null;
    this._open = false;
    this._failWaiting(new ClientError('CLOSED', 'the client is closed'));
    this._setState('DISCONNECTED', 0, 0, 0, 'closed by the client');
    if (socket) {
      try {
        socket.close(1000, 'client closed');
      } catch {
        // already closing
      }
    }
  }

  /**
   * Sets where the next subscription to `channel` resumes from: its subscribe frame carries this
   * position in `since`, so the messages after it that the server still holds are replayed (a
   * fresh join can ask for recent history this way: seq below the channel's, same epoch). It does
   * not change a subscription in place: call it before subscribe, or after unsubscribe.
   * @param {string} channel @param {{seq: number, epoch: string}} position
   */
  resumeFrom(channel, position) {
    const { seq, epoch } = position ?? {};
    if (!Number.isInteger(seq) || seq < 0 || typeof epoch !== 'string' || epoch.length === 0) {
      throw new TypeError('position must be {seq: a whole number >= 0, epoch: a non-empty string}');
    }
    this._positions.last.set(channel, { seq, epoch });
  }

  /** The last seq and epoch seen on a channel, or undefined. */
  position(channel) {
    return this._positions.last.get(channel);
  }

  /** The number of frames waiting for a connection. */
  get queued() {
    return this._queue.length;
  }

  // ------------------------------------------------------------ connection lifecycle

  async _dial() {
    const dialing = ++this._generation;
    let token = null;
    try {
      token = await resolveToken(this.options.token);
    } catch (e) {
      if (dialing === this._generation && !this._closed) this._lost(0, `the token supplier failed: ${e?.message ?? e}`);
      return;
    }
    if (dialing !== this._generation || this._closed) return;
    this._token = token;
    let codec = null;
    if (this.format === 'msgpack') {
      try {
        codec = await this._loadCodec();
      } catch (e) {
        if (dialing === this._generation && !this._closed) {
          this._giveUp(0, `cannot load the MessagePack codec: ${e?.message ?? e}`);
        }
        return;
      }
      if (dialing !== this._generation || this._closed) return;
    }
    let socket;
    try {
      socket = codec ? new this.WebSocket(this.url, [MSGPACK_SUBPROTOCOL]) : new this.WebSocket(this.url);
      if (codec) socket.binaryType = 'arraybuffer';
    } catch (e) {
      this._lost(0, `cannot open ${this.url}: ${e?.message ?? e}`);
      return;
    }
    this._socket = socket;
    this._codec = null;
    socket.onopen = () => {
      // The server may not know the subprotocol: frames then stay JSON text.
      if (dialing === this._generation && codec && socket.protocol === MSGPACK_SUBPROTOCOL) this._codec = codec;
    };
    this._timers.connect = setTimeout(() => {
      if (dialing === this._generation && !this._open) {
        this._lost(0, `no welcome within ${this.options.connectTimeoutMs} ms`);
        try { socket.close(); } catch { /* ignore */ }
      }
    }, this.options.connectTimeoutMs);
    socket.onmessage = (event) => {
      if (dialing === this._generation) this._receive(event.data);
    };
    socket.onclose = (event) => {
      if (dialing === this._generation && this._socket === socket) {
        const reason = event.code === 1006 || !event.code
          ? 'the connection dropped'
          : `closed by the server with ${event.code}${event.reason ? ` (${event.reason})` : ''}`;
        this._lost(event.code || 1006, this._open ? reason : `could not connect: ${reason}`);
      }
    };
    socket.onerror = () => {
      // onclose follows with the code.
    };
  }

  /** Imports the MessagePack codec once (options.codecUrl). */
  _loadCodec() {
    if (!this._codecLoading) {
      const url = this.options.codecUrl ?? new URL('./vendor/msgpack/index.mjs', import.meta.url);
      this._codecLoading = import(String(url)).then((module) => {
        if (typeof module.encode !== 'function' || typeof module.decode !== 'function') {
          throw new TypeError(`${url} exports no encode and decode functions`);
        }
        return { encode: module.encode, decode: module.decode };
      });
      this._codecLoading.catch(() => { this._codecLoading = null; });
    }
    return this._codecLoading;
  }

  /** The server said welcome: authenticate first when there is a token, then go live. */
  _welcomed(frame) {
    this.session = frame.session;
    this.features = Array.isArray(frame.features) ? frame.features : [];
    this.subscriptions = Array.isArray(frame.subscriptions) ? frame.subscriptions : [];
    if (this._token) {
      const generation = this._generation;
      this._authenticate(this._token, true).then(
        () => { if (generation === this._generation) this._live(); },
        (error) => {
          if (generation !== this._generation) return;
          const socket = this._socket;
          this._lost(4001, `the token was refused: ${error.message}`);
          try { socket?.close(4001, 'token refused'); } catch { /* ignore */ }
        });
    } else {
      this._live();
    }
  }

  /** Connected: resubscribe, flush the queue, then tell listeners. */
  _live() {
    clearTimeout(this._timers.connect);
    this._timers.connect = null;
    const previous = this.state;
    this._open = true;
    this.attempt = 0;
    this.state = 'CONNECTED';
    const channels = [...this._wanted];
    this._subscribeFrames(channels);
    for (const call of this._queue.splice(0)) this._send(call);
    if (this.options.pingIntervalMs > 0) {
      this._timers.ping = setInterval(() => this._autoPing(), this.options.pingIntervalMs);
    }
    this._fireState('CONNECTED', previous, 0, 0, 0, '');
    for (const waiter of this._connectWaiters.splice(0)) waiter.resolve();
  }

  _lost(code, reason) {
    this._generation++;
    this._socket = null;
    this._open = false;
    this.session = null;
    this._clearTimers();
    this._active.clear();
    this._inFlight.clear();
    for (const [id, call] of this._calls) {
      if (call.sent) {
        this._calls.delete(id);
        clearTimeout(call.timer);
        call.reject(new ClientError('DISCONNECTED', `the connection was lost before the answer to '${id}' arrived: ${reason}`));
      }
    }
    if (this._closed) return;
    if (code === CLOSE_DISCONNECTED) {
      this._giveUp(code, `disconnected by the server (${code}): ${reason}`);
      return;
    }
    this.attempt++;
    const max = this.options.maxAttempts;
    if (this.attempt > max) {
      this._giveUp(code, `gave up after ${max} reconnect attempt${max === 1 ? '' : 's'}; last: ${reason}`);
      return;
    }
    const delay = backoffDelay(this.attempt, this.options.backoffBaseMs, this.options.backoffCapMs, this.options.random);
    this._timers.reconnect = setTimeout(() => {
      this._timers.reconnect = null;
      this._dial();
    }, Math.max(1, delay));
    this._setState('RECONNECTING', this.attempt, delay, code, reason);
  }

  _giveUp(code, reason) {
    this._failWaiting(new ClientError('CLOSED', reason));
    this._setState('DISCONNECTED', 0, 0, code, reason);
  }

  _failWaiting(error) {
    for (const call of this._calls.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this._calls.clear();
    this._queue.length = 0;
    for (const waiter of this._waiters.splice(0)) waiter.reject(error);
    for (const waiter of this._connectWaiters.splice(0)) waiter.reject(error);
  }

  _clearTimers() {
    clearTimeout(this._timers.reconnect);
    clearInterval(this._timers.ping);
    clearTimeout(this._timers.refresh);
    clearTimeout(this._timers.connect);
    this._timers = { reconnect: null, ping: null, refresh: null, connect: null };
  }

  // ------------------------------------------------------------ token and ping

  /** Sends an auth frame; on `authed`, schedules the next refresh. */
  async _authenticate(token, beforeLive) {
    const authed = await this._call('a', (id) => ({ type: 'auth', id, token }), this.options.requestTimeoutMs, beforeLive);
    this._token = token;
    this._scheduleRefresh(authed.expiresAt ?? tokenExpiry(token));
    return authed;
  }

  _scheduleRefresh(expiresAt) {
    clearTimeout(this._timers.refresh);
    this._timers.refresh = null;
    if (!(expiresAt > 0) || typeof this.options.token !== 'function') return;
    const remaining = expiresAt - Date.now();
    const lead = Math.min(this.options.tokenRefreshLeadMs, Math.max(0, remaining / 2));
    this._timers.refresh = setTimeout(() => this._refresh(), Math.max(1, remaining - lead));
  }

  async _refresh() {
    const generation = this._generation;
    try {
      const token = await resolveToken(this.options.token);
      if (generation !== this._generation || !this._open || !token) return;
      await this._authenticate(token, false);
    } catch (e) {
      console.warn('tickwire: token refresh failed', e);
    }
  }

  _autoPing() {
    const generation = this._generation;
    this._call('p', (id) => ({ type: 'ping', id, ts: Date.now() }), this.options.pingTimeoutMs).catch((error) => {
      if (generation === this._generation && this._open && error.reason === 'TIMEOUT') {
        const socket = this._socket;
        this._lost(CLOSE_PING_TIMEOUT, `no pong within ${this.options.pingTimeoutMs} ms`);
        try { socket?.close(CLOSE_PING_TIMEOUT, 'pong timeout'); } catch { /* ignore */ }
      }
    });
  }

  // ------------------------------------------------------------ frames out

  /**
   * A frame that waits for its answer. Sent now when connected (or `bypassQueue`: the auth frame
   * during the handshake), else queued.
   */
  _call(prefix, build, timeoutMs, bypassQueue = false) {
    if (this._closed) return Promise.reject(new ClientError('CLOSED', 'the client is closed'));
    return new Promise((resolve, reject) => {
      const id = `${prefix}${++this._ids}`;
      const call = { id, frame: build(id), resolve, reject, sent: false, sentAt: 0, timer: null };
      this._calls.set(id, call);
      call.timer = setTimeout(() => {
        if (this._calls.get(id) !== call) return;
        this._calls.delete(id);
        const queued = this._queue.indexOf(call);
        if (queued >= 0) this._queue.splice(queued, 1);
        reject(new ClientError('TIMEOUT', `no answer to '${id}' (${call.frame.type}) within ${timeoutMs} ms`));
      }, Math.max(1, timeoutMs));
      if (this._open || (bypassQueue && this._socket)) {
        this._send(call);
      } else if (this._queue.length < this.options.queueSize) {
        this._queue.push(call);
      } else {
        this._calls.delete(id);
        clearTimeout(call.timer);
        reject(new ClientError('QUEUE_FULL', `the outbound queue is full (${this.options.queueSize} frames) while disconnected`));
      }
    });
  }

  _send(call) {
    call.sent = true;
    call.sentAt = now();
    this._write(call.frame);
  }

  _write(frame) {
    this._socket.send(this._codec ? this._codec.encode(frame) : JSON.stringify(frame));
  }

  /**
   * Writes subscribe frames for `channels`, at most CHANNELS_PER_FRAME names each: the server
   * refuses a whole frame that names more than its `gateway.maxSubscriptions`.
   */
  _subscribeFrames(channels) {
    for (let from = 0; from < channels.length; from += CHANNELS_PER_FRAME) {
      this._write(this._subscribeFrame(channels.slice(from, from + CHANNELS_PER_FRAME)));
    }
  }

  _subscribeFrame(channels) {
    const id = `s${++this._ids}`;
    const since = {};
    for (const channel of channels) {
      const position = this._positions.last.get(channel);
      if (position) since[channel] = position;
    }
    this._inFlight.set(id, { channels, resumed: new Set(Object.keys(since)) });
    const frame = { type: 'subscribe', id, channels };
    if (Object.keys(since).length > 0) frame.since = since;
    return frame;
  }

  _isInFlight(channel) {
    for (const frame of this._inFlight.values()) {
      if (frame.channels.includes(channel)) return true;
    }
    return false;
  }

  _forget(channel) {
    this._wanted.delete(channel);
    this._active.delete(channel);
    this._positions.last.delete(channel);
    this._settle(channel, () => {});
  }

  // ------------------------------------------------------------ frames in

  _receive(data) {
    let frame;
    try {
      if (typeof data === 'string') {
        frame = JSON.parse(data);
      } else if (this._codec && (data instanceof ArrayBuffer || ArrayBuffer.isView(data))) {
        frame = this._codec.decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      } else {
        frame = JSON.parse(String(data));
      }
    } catch {
      return;
    }
    if (!frame || typeof frame.type !== 'string') return;
    switch (frame.type) {
      case 'welcome': this._welcomed(frame); break;
      case 'message': this._message(frame); break;
      case 'join':
      case 'leave': this._memberEvent(frame); break;
      case 'subscribed': this._subscribed(frame); break;
      case 'error': this._error(frame); break;
      default: this._answer(frame);
    }
    this._listeners.fire(`frame:${frame.type}`, frame);
  }

  _message(frame) {
    const { channel, seq, epoch } = frame;
    const subscribed = this._wanted.has(channel) || this.subscriptions.includes(channel);
    if (!subscribed || !this._positions.advance(channel, seq, epoch)) return;
    const message = { channel, seq, epoch, ts: frame.ts, data: frame.data };
    if (frame.from && typeof frame.from === 'object') message.from = frame.from;
    this._listeners.fire(`channel:${channel}`, message);
    this._listeners.fire('event:message', message);
  }

  _memberEvent(frame) {
    if (typeof frame.channel !== 'string' || !this._wanted.has(frame.channel)) return;
    const event = { type: frame.type, channel: frame.channel, client: frame.client ?? {} };
    this._listeners.fire(`${frame.type}:${frame.channel}`, event);
    this._listeners.fire(`${frame.type}:*`, event);
  }

  _subscribed(frame) {
    const sent = this._inFlight.get(frame.id);
    this._inFlight.delete(frame.id);
    for (const entry of frame.channels ?? []) {
      if (!this._wanted.has(entry.channel)) continue;
      const granted = { channel: entry.channel, seq: entry.seq, epoch: entry.epoch, recovered: entry.recovered === true };
      this._active.set(entry.channel, granted);
      if (sent?.resumed.has(entry.channel) && !granted.recovered) {
        this._listeners.fire('event:resync', { channel: entry.channel, seq: entry.seq, epoch: entry.epoch });
      }
      this._settle(entry.channel, (waiter) => waiter.granted.push(granted));
    }
    // Refused channels are listed in the same answer, under `errors`.
    for (const entry of frame.errors ?? []) {
      if (!entry.channel) continue;
      this._refuse(new ProtocolError(entry.code, entry.message ?? '', frame.id, entry.channel));
    }
  }

  _refuse(error) {
    this._settle(error.channel, (waiter) => waiter.refused.push(error));
    this._forget(error.channel);
    this._listeners.fire('event:error', error);
  }

  _error(frame) {
    const error = new ProtocolError(frame.code, frame.message ?? '', frame.id, frame.channel);
    const answered = frame.id ? this._calls.get(frame.id) : undefined;
    if (answered) {
      // An answer to a call (publish and presence errors name their channel too).
      this._calls.delete(frame.id);
      clearTimeout(answered.timer);
      answered.reject(error);
      return;
    }
    if (frame.channel) {
      this._refuse(error);
      return;
    }
    const subscribe = frame.id ? this._inFlight.get(frame.id) : undefined;
    if (subscribe) {
      // The whole subscribe frame was refused (more names than the server takes in one frame).
      this._inFlight.delete(frame.id);
      for (const channel of subscribe.channels) {
        this._refuse(new ProtocolError(frame.code, frame.message ?? '', frame.id, channel));
      }
      return;
    }
    this._listeners.fire('event:error', error);
  }

  _answer(frame) {
    const call = frame.id ? this._calls.get(frame.id) : undefined;
    if (!call) return;
    this._calls.delete(frame.id);
    clearTimeout(call.timer);
    if (frame.type === 'pong') this._recordRtt(now() - call.sentAt);
    call.resolve(frame);
  }

  _settle(channel, record) {
    for (const waiter of [...this._waiters]) {
      if (waiter.remaining.delete(channel)) {
        record(waiter);
        if (waiter.remaining.size === 0) {
          this._waiters.splice(this._waiters.indexOf(waiter), 1);
          waiter.resolve({ granted: waiter.granted, refused: waiter.refused });
        }
      }
    }
  }

  _recordRtt(ms) {
    const r = this.rtt;
    if (r.count === 0) {
      this.rtt = { count: 1, lastMs: ms, minMs: ms, maxMs: ms, meanMs: ms, smoothedMs: ms };
      return;
    }
    const count = r.count + 1;
    this.rtt = {
      count,
      lastMs: ms,
      minMs: Math.min(r.minMs, ms),
      maxMs: Math.max(r.maxMs, ms),
      meanMs: r.meanMs + (ms - r.meanMs) / count,
      smoothedMs: r.smoothedMs + (ms - r.smoothedMs) / 8,
    };
  }

  // ------------------------------------------------------------ helpers

  _setState(state, attempt, delayMs, closeCode, reason) {
    const previous = this.state;
    this.state = state;
    this._fireState(state, previous, attempt, delayMs, closeCode, reason);
  }

  _fireState(state, previous, attempt, delayMs, closeCode, reason) {
    this._listeners.fire('event:state', { state, previous, attempt, delayMs, closeCode, reason });
  }

  _installPageHooks() {
    this._onPageBack = () => {
      const doc = globalThis.document;
      if (!doc || doc.visibilityState !== 'hidden') this.reconnectNow();
    };
    if (!this.options.reconnectOnVisible) return;
    globalThis.document?.addEventListener?.('visibilitychange', this._onPageBack);
    globalThis.window?.addEventListener?.('online', this._onPageBack);
  }

  _removePageHooks() {
    globalThis.document?.removeEventListener?.('visibilitychange', this._onPageBack);
    globalThis.window?.removeEventListener?.('online', this._onPageBack);
  }
}

/**
 * Alert rules with optimistic updates: a change shows at once (a new rule is marked `pending`)
 * and is rolled back when the server refuses it; listeners get the list after every change.
 * Works with the `alerts.*` methods: create {symbol, condition, price, trigger}, list → {rules},
 * pause / resume / delete {id}.
 */
export class AlertRules {
  /** @param {TickwireClient} client */
  constructor(client) {
    this.client = client;
    /** @type {object[]} */
    this.rules = [];
    this._listeners = new Set();
    this._temp = 0;
  }

  /** Listens to the list of rules after every change. Returns a remover. */
  onChange(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** Loads the rules from the server (alerts.list). */
  async load() {
    const result = await this.client.request('alerts.list', {});
    this._set(Array.isArray(result?.rules) ? result.rules : []);
    return this.rules;
  }

  /** Creates a rule; it shows at once as pending and is removed if the server refuses it. */
  async create(rule) {
    const temp = { ...rule, id: `pending-${++this._temp}`, pending: true };
    this._set([...this.rules, temp]);
    try {
      const created = await this.client.request('alerts.create', rule);
      const saved = ruleOf(created) ?? { ...rule, id: created?.id ?? temp.id };
      this._set(this.rules.map((r) => (r === temp ? saved : r)));
      return saved;
    } catch (error) {
      this._set(this.rules.filter((r) => r !== temp));
      throw error;
    }
  }

  /** Pauses a rule at once; restored if the server refuses. */
  pause(id) {
    return this._update(id, 'alerts.pause', (rule) => ({ ...rule, paused: true, status: 'paused' }));
  }

  /** Resumes a rule at once; restored if the server refuses. */
  resume(id) {
    return this._update(id, 'alerts.resume', (rule) => ({ ...rule, paused: false, status: 'active' }));
  }

  /** Deletes a rule at once; put back in its place if the server refuses. */
  async delete(id) {
    const index = this.rules.findIndex((r) => r.id === id);
    if (index < 0) return;
    const rule = this.rules[index];
    this._set(this.rules.filter((r) => r !== rule));
    try {
      await this.client.request('alerts.delete', { id });
    } catch (error) {
      const restored = [...this.rules];
      restored.splice(Math.min(index, restored.length), 0, rule);
      this._set(restored);
      throw error;
    }
  }

  async _update(id, method, change) {
    const before = this.rules.find((r) => r.id === id);
    if (!before) return undefined;
    const optimistic = change(before);
    this._set(this.rules.map((r) => (r === before ? optimistic : r)));
    try {
      const result = await this.client.request(method, { id });
      const saved = ruleOf(result) ?? optimistic;
      this._set(this.rules.map((r) => (r === optimistic ? saved : r)));
      return saved;
    } catch (error) {
      this._set(this.rules.map((r) => (r === optimistic ? before : r)));
      throw error;
    }
  }

  _set(rules) {
    this.rules = rules;
    for (const listener of [...this._listeners]) {
      try {
        listener(rules);
      } catch (e) {
        console.error('tickwire: an alert-rules listener failed', e);
      }
    }
  }
}

/** Whether a rule is paused, whichever way the service says it. */
export function isPaused(rule) {
  return rule?.state === 'paused' || rule?.paused === true || rule?.status === 'paused'
    || rule?.active === false;
}

function ruleOf(result) {
  if (result && typeof result === 'object') {
    if (result.rule && typeof result.rule === 'object' && result.rule.id !== undefined) return result.rule;
    if (result.id !== undefined && (result.symbol !== undefined || result.condition !== undefined)) return result;
  }
  return undefined;
}

async function resolveToken(token) {
  if (typeof token === 'function') return (await token()) ?? null;
  return token ?? null;
}

function defaultUrl() {
  const location = globalThis.location;
  if (!location) throw new TypeError('options.url is required outside a browser');
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

function now() {
  return globalThis.performance?.now?.() ?? Date.now();
}
