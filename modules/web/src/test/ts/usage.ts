// Type-checked by ClientPackageIT (tsc --noEmit) against the installed tickwire-client package:
// the ways docs/clients.md uses the client must compile with the shipped tickwire.d.ts.
import {
  AlertRules,
  ClientError,
  DEFAULTS,
  ProtocolError,
  TickwireClient,
  backoffDelay,
  isPaused,
  tokenExpiry,
} from 'tickwire-client';
import type {
  AlertRule,
  AlertCondition,
  ClientOptions,
  ConnectionState,
  Membership,
  Message,
  NewAlertRule,
  Presence,
  Published,
  Resync,
  RttStats,
  StateChange,
  SubscribeResult,
} from 'tickwire-client';

// Neither DOM nor Node.js types are loaded: the declarations must stand on their own.
declare const console: { log(...values: unknown[]): void };

interface Price {
  symbol: string;
  price: number;
}

const options: ClientOptions = {
  url: 'ws://localhost:8080/ws',
  token: async () => 'a.jwt.token',
  maxAttempts: 5,
  backoffBaseMs: 500,
  pingIntervalMs: 0,
  reconnectOnVisible: false,
};
const client = new TickwireClient(options);
const anonymous = new TickwireClient();
class NoSocket {}
const fixedToken = new TickwireClient({ token: 'a.jwt.token', WebSocket: NoSocket });

const removeState: () => void = client.on('state', (change: StateChange) => {
  const state: ConnectionState = change.state;
  const why: string = change.reason;
  console.log(state, change.previous, change.attempt, change.delayMs, change.closeCode, why);
});
client.on('message', (message: Message) => console.log(message.channel, message.seq, message.epoch));
client.on('resync', (resync: Resync) => console.log(resync.channel, resync.seq, resync.epoch));
client.on('error', (error: ProtocolError) => console.log(error.code, error.channel));
client.onMessage<Price>('prices.BTC-USD', (message) => {
  const price: number = message.data.price;
  const at: number = message.ts;
  console.log(price, at);
});
client.onFrame('welcome', (frame) => console.log(frame['session']));
removeState();

async function tour(): Promise<void> {
  await client.connect();
  const result: SubscribeResult = await client.subscribe('prices.BTC-USD', ['blocks', 'user.alice']);
  for (const granted of result.granted) {
    const recovered: boolean = granted.recovered;
    console.log(granted.channel, granted.seq, granted.epoch, recovered);
  }
  for (const refused of result.refused) {
    console.log(refused.code, refused.message);
  }
  const time = await client.request<{ now: number }>('system.time', {}, { timeoutMs: 2000 });
  const now: number = time.now;
  const rttMs: number = await client.ping();
  const stats: RttStats = client.rtt;
  console.log(now, rttMs, stats.smoothedMs, client.session, client.queued, client.attempt);
  const position = client.position('prices.BTC-USD');
  if (position !== undefined) {
    console.log(position.seq, position.epoch);
  }
  await client.unsubscribe('blocks');
  client.reconnectNow();

  const rules = new AlertRules(client);
  rules.onChange((list: AlertRule[]) => console.log(list.length));
  await rules.load();
  const rule: AlertRule = await rules.create({
    symbol: 'BTC-USD', condition: 'above', price: 65000, trigger: 'once',
  });
  const condition: AlertCondition = rule.condition;
  const others: NewAlertRule[] = [
    { condition: 'crosses', symbol: 'ETH-USD', price: 3000, direction: 'down', trigger: 'every', cooldownMs: 300000 },
    { condition: 'change_pct', symbol: 'SOL-USD', pct: 5, windowMs: 3600000, direction: 'up', trigger: 'every' },
    { condition: 'balance_below', address: '0x52908400098527886e0f7030069857d2e4169ee7', amount: '1000000000000000000' },
    { condition: 'tx_status', address: '0x52908400098527886e0f7030069857d2e4169ee7', status: 'confirmed', expiresAt: null, name: 'paid' },
  ];
  await Promise.all(others.map((other) => rules.create(other)));
  const paused = await rules.pause(rule.id);
  console.log(condition);
  console.log(isPaused(paused), rules.rules.length);
  await rules.resume(rule.id);
  await rules.delete(rule.id);
  client.close();
}

try {
  await tour();
} catch (error) {
  if (error instanceof ClientError) {
    const reason: 'TIMEOUT' | 'DISCONNECTED' | 'QUEUE_FULL' | 'CLOSED' = error.reason;
    console.log(reason);
  } else if (error instanceof ProtocolError) {
    console.log(error.code, error.id);
  }
}

const delay: number = backoffDelay(3, DEFAULTS.backoffBaseMs, DEFAULTS.backoffCapMs, Math.random);
const expiresAt: number = tokenExpiry('a.jwt.token');
console.log(delay, expiresAt, anonymous.state, fixedToken.url, DEFAULTS.queueSize);

// Protocol 1.1: publish, presence, join/leave, announcements, MessagePack.
const packed = new TickwireClient({ url: 'ws://localhost:8080/ws', format: 'msgpack', codecUrl: '/vendor/msgpack/index.mjs' });
const features: string[] = packed.features;
const serverSide: string[] = packed.subscriptions;
console.log(features, serverSide, packed.format, packed.hasFeature('presence'));
void packed.publish('desk.alpha', { text: 'buying at the open' }, { idempotencyKey: 'chat-1' })
  .then((published: Published) => console.log(published.seq, published.epoch, published.channel));
void packed.presence('desk.alpha').then((presence: Presence) => {
  console.log(presence.count, presence.users, presence.clients.map((member) => member.user));
});
const removeJoin: () => void = packed.onJoin('desk.alpha', (event: Membership) => console.log(event.client.user));
packed.onLeave((event: Membership) => console.log(event.type, event.channel));
packed.onAnnouncement<{ text: string }>((message) => console.log(message.data.text));
packed.onMessage<{ text: string }>('desk.alpha', (message) => console.log(message.from?.user, message.data.text));
removeJoin();
