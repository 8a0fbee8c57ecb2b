// Type declarations of tickwire.js, the tickwire browser client. Guide: docs/clients.md.

export type ConnectionState = 'CONNECTING' | 'CONNECTED' | 'RECONNECTING' | 'DISCONNECTED';

export interface StateChange {
  /** The new state. */
  state: ConnectionState;
  /** The state before. */
  previous: ConnectionState;
  /** For RECONNECTING: the attempt that comes next, from 1; otherwise 0. */
  attempt: number;
  /** For RECONNECTING: how long the client waits before that attempt; otherwise 0. */
  delayMs: number;
  /** The close code that ended the last connection; 0 when none applies. */
  closeCode: number;
  /** Why, for RECONNECTING and DISCONNECTED; otherwise empty. */
  reason: string;
}

/** A channel message, new to this client (duplicates are dropped by seq). */
export interface Message<T = unknown> {
  channel: string;
  /** Position in the channel, within `epoch`. */
  seq: number;
  /** The channel history the seq belongs to. */
  epoch: string;
  /** When it was published, ms since the Unix epoch (server clock). */
  ts: number;
  data: T;
  /**
   * Protocol 1.1: who published it, on a message a client published with `publish`; absent on
   * messages from the HTTP API and the services.
   */
  from?: Publisher;
}

/** The publisher of a client-published message. */
export interface Publisher {
  /** The token subject of the publishing connection. */
  user: string | null;
  session: string;
}

/** Protocol 1.1: the answer to `publish`, once the channel log has sequenced the message. */
export interface Published {
  channel: string;
  seq: number;
  epoch: string;
}

/** One subscriber in a presence answer. */
export interface PresenceClient {
  session: string;
  /** null for an anonymous connection. */
  user: string | null;
  node: string;
  /** When its subscription was granted, ms since the Unix epoch. */
  joinedAt: number;
}

/** Protocol 1.1: who is subscribed to a channel, across the cluster. */
export interface Presence {
  channel: string;
  /** The subscribers, the earliest first, at most 1,000. */
  clients: PresenceClient[];
  /** Distinct users. */
  users: number;
  /** Subscribers in all. */
  count: number;
}

/** Protocol 1.1: another client subscribed to (`join`) or left (`leave`) a channel. */
export interface Membership {
  type: 'join' | 'leave';
  channel: string;
  client: { session: string; user: string | null };
}

export interface PublishOptions {
  /** 1 to 128 characters: the same key again answers the first publication and publishes nothing. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

/** Frame encodings: JSON text, or MessagePack binary (subprotocol `tickwire.v1.msgpack`). */
export type Format = 'json' | 'msgpack';

/** The server could not give back what was missed on `channel`: fetch a fresh snapshot. */
export interface Resync {
  channel: string;
  /** The channel's position when the subscription took effect; live messages are newer. */
  seq: number;
  epoch: string;
}

export interface Granted {
  channel: string;
  seq: number;
  epoch: string;
  recovered: boolean;
}

export interface SubscribeResult {
  granted: Granted[];
  refused: ProtocolError[];
}

export interface RttStats {
  count: number;
  lastMs: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  /** Exponentially weighted mean (1/8 per sample). */
  smoothedMs: number;
}

export type TokenSource = string | null | (() => string | null | Promise<string | null>);

export interface ClientOptions {
  /** The endpoint; default `ws(s)://<page host>/ws` in a browser, required elsewhere. */
  url?: string;
  /** A token, or a function called before every connect and before the token expires. */
  token?: TokenSource;
  /** The WebSocket implementation; default the global one (in Node.js 20: the `ws` package). */
  WebSocket?: unknown;
  /** Reconnect attempts in a row before giving up. Default Infinity. */
  maxAttempts?: number;
  /** Ceiling of the first reconnect wait. Default 1000. */
  backoffBaseMs?: number;
  /** Largest reconnect wait. Default 30000. */
  backoffCapMs?: number;
  /** Frames kept while disconnected. Default 1000. */
  queueSize?: number;
  /** Default request timeout. Default 10000. */
  requestTimeoutMs?: number;
  /** Application-level ping interval; 0 turns it off. Default 15000. */
  pingIntervalMs?: number;
  /** A ping without pong for this long replaces the connection. Default 10000. */
  pingTimeoutMs?: number;
  /** Refresh the token this long before it expires (at most half its remaining life). Default 60000. */
  tokenRefreshLeadMs?: number;
  /** Opening a connection, up to `welcome` (and `authed`), may take this long. Default 10000. */
  connectTimeoutMs?: number;
  /** Reconnect at once when the page becomes visible or the browser comes back online. Default true. */
  reconnectOnVisible?: boolean;
  /** A source of [0, 1) for the backoff jitter. Default Math.random. */
  random?: () => number;
  /**
   * The frame encoding. 'msgpack' offers the subprotocol `tickwire.v1.msgpack` and imports the
   * MessagePack codec (from `codecUrl`) before the first connection. Default 'json'.
   */
  format?: Format;
  /**
   * For 'msgpack': the ES module to import the codec from (exports `encode` and `decode`, as the
   * ESM build of @msgpack/msgpack does). Default `vendor/msgpack/index.mjs` beside tickwire.js,
   * which a tickwire node serves.
   */
  codecUrl?: string | { href: string };
}

export declare const DEFAULTS: Readonly<Required<Omit<ClientOptions, 'url' | 'token' | 'WebSocket' | 'random' | 'codecUrl'>>>;

/** The WebSocket subprotocol of MessagePack frames: `tickwire.v1.msgpack`. */
export declare const MSGPACK_SUBPROTOCOL: 'tickwire.v1.msgpack';
/** The channel the server subscribes every connection to for announcements. */
export declare const ANNOUNCEMENTS: 'system.announcements';

/** A refusal by the server; `code` is its error code (`not_found`, `forbidden`, …). */
export declare class ProtocolError extends Error {
  constructor(code: string, message: string, id?: string, channel?: string);
  code: string;
  id?: string;
  channel?: string;
}

/** A failure on the client's side of the wire. */
export declare class ClientError extends Error {
  constructor(reason: ClientError['reason'], message: string);
  reason: 'TIMEOUT' | 'DISCONNECTED' | 'QUEUE_FULL' | 'CLOSED';
}

export declare function backoffDelay(attempt: number, baseMs: number, capMs: number, random?: () => number): number;
export declare function tokenExpiry(token: string): number;

export declare class TickwireClient {
  constructor(options?: ClientOptions);
  readonly options: Required<Omit<ClientOptions, 'url' | 'token' | 'WebSocket' | 'random' | 'codecUrl'>> & ClientOptions;
  readonly url: string;
  readonly state: ConnectionState;
  /** The server's session id of the current connection. */
  readonly session: string | null;
  readonly rtt: RttStats;
  /** Reconnect attempts in a row so far. */
  readonly attempt: number;
  /** Frames waiting for a connection. */
  readonly queued: number;
  readonly format: Format;
  /** Protocol 1.1: what the node offers beyond 1.0 (welcome's `features`); empty before it. */
  readonly features: string[];
  /** Protocol 1.1: the channels the server subscribed this connection to (welcome's `subscriptions`). */
  readonly subscriptions: string[];

  on(event: 'state', listener: (change: StateChange) => void): () => void;
  on(event: 'message', listener: (message: Message) => void): () => void;
  on(event: 'resync', listener: (resync: Resync) => void): () => void;
  on(event: 'error', listener: (error: ProtocolError) => void): () => void;
  onMessage<T = unknown>(channel: string, listener: (message: Message<T>) => void): () => void;
  onFrame(type: string, listener: (frame: Record<string, unknown>) => void): () => void;
  /** Protocol 1.1: `join` frames of one channel, or of every channel. */
  onJoin(channel: string, listener: (event: Membership) => void): () => void;
  onJoin(listener: (event: Membership) => void): () => void;
  /** Protocol 1.1: `leave` frames of one channel, or of every channel. */
  onLeave(channel: string, listener: (event: Membership) => void): () => void;
  onLeave(listener: (event: Membership) => void): () => void;
  /** Protocol 1.1: messages on `system.announcements` (subscribed by the server). */
  onAnnouncement<T = unknown>(handler: (message: Message<T>) => void): () => void;

  connect(): Promise<void>;
  subscribe(...channels: Array<string | string[]>): Promise<SubscribeResult>;
  unsubscribe(...channels: Array<string | string[]>): Promise<void>;
  request<T = unknown>(method: string, data?: object, options?: { timeoutMs?: number }): Promise<T>;
  ping(): Promise<number>;
  /** Protocol 1.1: publishes to a channel this client is subscribed to. `data` may not be null. */
  publish(channel: string, data: {}, options?: PublishOptions): Promise<Published>;
  /** Protocol 1.1: who is subscribed to a channel of a namespace with presence. */
  presence(channel: string, options?: { timeoutMs?: number }): Promise<Presence>;
  /** Whether welcome's `features` lists `feature`. */
  hasFeature(feature: string): boolean;
  reconnectNow(): void;
  close(): void;
  position(channel: string): { seq: number; epoch: string } | undefined;
  /** The next subscribe of `channel` carries this position in `since` (replays what follows it). */
  resumeFrom(channel: string, position: { seq: number; epoch: string }): void;
}

export type AlertCondition =
  | 'above' | 'below' | 'crosses' | 'change_pct' | 'balance_below' | 'balance_above' | 'tx_status';

/** How a rule fires, when it expires and what its notification says (docs/alerts.md §3). */
export interface AlertRuleOptions {
  /** Default 'once'. */
  trigger?: 'once' | 'every';
  /** With trigger 'every': at most one firing per this many ms. */
  cooldownMs?: number;
  /** Ms since the Unix epoch; null removes it. */
  expiresAt?: number | null;
  message?: string;
  name?: string;
  idempotencyKey?: string;
}

/** A rule to create: a condition with its fields (docs/alerts.md §2), and its options. */
export type NewAlertRule = AlertRuleOptions & (
  | { condition: 'above' | 'below'; symbol: string; price: number }
  | { condition: 'crosses'; symbol: string; price: number; direction?: 'up' | 'down' | 'either' }
  | { condition: 'change_pct'; symbol: string; pct: number; windowMs: number; direction?: 'up' | 'down' | 'either' }
  | { condition: 'balance_below' | 'balance_above'; address: string; amount: string }
  | { condition: 'tx_status'; address: string; status: 'confirmed' | 'failed' | 'dropped' | 'replaced' }
);

/** A rule as the server answers it (or as shown while an optimistic change is pending). */
export interface AlertRule {
  id: string;
  condition: AlertCondition;
  trigger: 'once' | 'every';
  symbol?: string;
  price?: number;
  paused?: boolean;
  status?: string;
  /** True while an optimistic create waits for the server. */
  pending?: boolean;
  [field: string]: unknown;
}

export declare class AlertRules {
  constructor(client: TickwireClient);
  readonly rules: AlertRule[];
  onChange(listener: (rules: AlertRule[]) => void): () => void;
  load(): Promise<AlertRule[]>;
  create(rule: NewAlertRule): Promise<AlertRule>;
  pause(id: string): Promise<AlertRule | undefined>;
  resume(id: string): Promise<AlertRule | undefined>;
  delete(id: string): Promise<void>;
}

export declare function isPaused(rule: Partial<AlertRule> | undefined): boolean;
