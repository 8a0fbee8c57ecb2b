// Type-checked by ClientPackageIT with usage.ts: every line after a @ts-expect-error is a wrong use
// of the client that tickwire.d.ts must refuse. If the declarations stopped catching one (or the
// package lost its types and everything became `any`), tsc reports the unused expectation. The
// test also checks each line fails on its own with the markers taken out.
import { AlertRules, ClientError, TickwireClient, backoffDelay } from 'tickwire-client';
import type { ConnectionState, Message } from 'tickwire-client';

declare const console: { log(...values: unknown[]): void };

const client = new TickwireClient({ url: 'ws://localhost:8080/ws' });

// @ts-expect-error an unknown option
new TickwireClient({ url: 'ws://localhost:8080/ws', reconnect: true });
// @ts-expect-error maxAttempts is a number
new TickwireClient({ maxAttempts: 'five' });
// @ts-expect-error a token source is a string, null or a function
new TickwireClient({ token: 42 });
// @ts-expect-error there is no such event
client.on('closed', () => undefined);
// @ts-expect-error a state listener gets a StateChange, not a string
client.on('state', (change: string) => change);
// @ts-expect-error channels are strings
void client.subscribe(42);
// @ts-expect-error request options have timeoutMs only
void client.request('system.time', {}, { timeout: 5 });
// @ts-expect-error there is no CLOSING state
const state: ConnectionState = 'CLOSING';
// @ts-expect-error a message's seq is a number
const seq: string = ({} as Message).seq;
// @ts-expect-error state is read-only
client.state = 'CONNECTED';
// @ts-expect-error a rule's condition is above, below or crosses
void new AlertRules(client).create({ symbol: 'BTC-USD', condition: 'near', price: 1, trigger: 'once' });
// @ts-expect-error a change_pct rule takes pct and windowMs, not price
void new AlertRules(client).create({ symbol: 'BTC-USD', condition: 'change_pct', price: 1 });
// @ts-expect-error a wallet rule's amount is a string of wei
void new AlertRules(client).create({ condition: 'balance_below', address: '0x1', amount: 1 });
// @ts-expect-error not a ClientError reason
const reason: ClientError['reason'] = 'REFUSED';
// @ts-expect-error backoffDelay needs the base and the cap
backoffDelay(1);

console.log(state, seq, reason);
// @ts-expect-error format is 'json' or 'msgpack'
new TickwireClient({ format: 'cbor' });
// @ts-expect-error publish needs data that is not null
void client.publish('desk.alpha', null);
// @ts-expect-error an idempotency key is a string
void client.publish('desk.alpha', { text: 'hi' }, { idempotencyKey: 7 });
// @ts-expect-error a join listener gets a Membership, not a string
client.onJoin('desk.alpha', (event: string) => event);
