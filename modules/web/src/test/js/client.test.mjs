// The browser client against a real node, in Node's test runner. Started by BrowserClientTest,
// which runs the node behind a proxy that can drop connections and passes:
//   TICKWIRE_URL      ws://…/ws through the proxy
//   TICKWIRE_CONTROL  the test's control server: drop, refuse, accept, restart, publish, token
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { TickwireClient, AlertRules, ClientError, ProtocolError, backoffDelay, tokenExpiry } from '../../main/webroot/tickwire.js';

const URL = process.env.TICKWIRE_URL;
const CONTROL = process.env.TICKWIRE_CONTROL;
const WAIT_MS = 15000;

if (!URL || !CONTROL) {
  throw new Error('run through BrowserClientTest (mvn verify): TICKWIRE_URL and TICKWIRE_CONTROL are not set');
}

async function control(action, body = {}) {
  const response = await fetch(`${CONTROL}/${action}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`control ${action}: ${response.status} ${await response.text()}`);
  return response.json();
}

const publish = (channel, data) => control('publish', { channel, data });

/** Records what a client tells its listeners; `next*` wait for the next one. */
function record(client) {
  const queues = { state: [], message: [], resync: [] };
  const waiting = { state: [], message: [], resync: [] };
  for (const kind of Object.keys(queues)) {
    client.on(kind, (event) => {
      const waiter = waiting[kind].shift();
      if (waiter) waiter(event); else queues[kind].push(event);
    });
  }
  const next = (kind) => {
    if (queues[kind].length > 0) return Promise.resolve(queues[kind].shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${kind} within ${WAIT_MS} ms`)), WAIT_MS);
      waiting[kind].push((event) => { clearTimeout(timer); resolve(event); });
    });
  };
  return {
    queues,
    message: () => next('message'),
    resync: () => next('resync'),
    async state(wanted) {
      for (;;) {
        const change = await next('state');
        if (change.state === wanted) return change;
      }
    },
  };
}

let clients = [];

function client(options = {}) {
  const created = new TickwireClient({
    url: URL, WebSocket, backoffBaseMs: 20, backoffCapMs: 200, pingIntervalMs: 0, ...options,
  });
  clients.push(created);
  return created;
}

async function connected(options) {
  const c = client(options);
  const events = record(c);
  await c.connect();
  await events.state('CONNECTED');
  return { c, events };
}

before(() => control('accept'));
afterEach(async () => {
  for (const c of clients) c.close();
  clients = [];
  await control('accept');
});
after(() => control('accept'));

test('backoff waits a random time up to a doubling ceiling and the cap', () => {
  assert.equal(backoffDelay(1, 1000, 30000, () => 1), 1000);
  assert.equal(backoffDelay(3, 1000, 30000, () => 0.5), 2000);
  assert.equal(backoffDelay(10, 1000, 30000, () => 1), 30000);
  assert.equal(backoffDelay(4, 1000, 30000, () => 0), 0);
  assert.equal(tokenExpiry('not a token'), -1);
});

test('subscribes, receives messages, answers requests and measures ping round trips', async () => {
  const { c, events } = await connected();
  const result = await c.subscribe('tx.js-basics', 'nope.x');
  assert.deepEqual(result.granted.map((g) => g.channel), ['tx.js-basics']);
  assert.equal(result.refused[0].code, 'not_found');
  const onChannel = [];
  c.onMessage('tx.js-basics', (m) => onChannel.push(m));
  await publish('tx.js-basics', { n: 1 });
  const message = await events.message();
  assert.equal(message.channel, 'tx.js-basics');
  assert.deepEqual(message.data, { n: 1 });
  assert.equal(onChannel.length, 1);
  assert.deepEqual(await c.request('system.echo', { hello: 'world' }), { hello: 'world' });
  await assert.rejects(c.request('nobody.home', {}), (e) => e instanceof ProtocolError && e.code === 'not_found');
  assert.ok((await c.ping()) >= 0);
  assert.equal(c.rtt.count, 1);
});

test('reconnects after a dropped connection and resumes a stream channel without a gap or a duplicate', async () => {
  const { c, events } = await connected();
  await c.subscribe('tx.js-resume');
  let last = 0;
  for (let n = 1; n <= 3; n++) await publish('tx.js-resume', { n });
  for (let n = 1; n <= 3; n++) last = (await events.message()).seq;
  await control('refuse');
  const lost = await events.state('RECONNECTING');
  assert.equal(lost.closeCode, 1006);
  for (let n = 4; n <= 10; n++) await publish('tx.js-resume', { n });
  await control('accept');
  await events.state('CONNECTED');
  await publish('tx.js-resume', { n: 11 });
  for (let n = 4; n <= 11; n++) {
    const message = await events.message();
    assert.equal(message.seq, ++last);
    assert.equal(message.data.n, n);
  }
  await c.ping();
  assert.equal(events.queues.message.length, 0);
  assert.equal(events.queues.resync.length, 0);
});

test('raises a resync when the server answers recovered: false', async () => {
  const { c, events } = await connected();
  await c.subscribe('short.js-window');
  await publish('short.js-window', { n: 1 });
  await events.message();
  await control('refuse');
  await events.state('RECONNECTING');
  for (let n = 2; n <= 20; n++) await publish('short.js-window', { n });
  await control('accept');
  const resync = await events.resync();
  assert.equal(resync.channel, 'short.js-window');
  assert.equal(resync.seq, 20);
  await publish('short.js-window', { n: 21 });
  assert.equal((await events.message()).data.n, 21);
});

test('flushes frames queued while disconnected in order after the resubscription', async () => {
  const { c, events } = await connected();
  await control('refuse');
  await events.state('RECONNECTING');
  const answers = [0, 1, 2, 3, 4].map((i) => c.request('test.record', { i }));
  assert.equal(c.queued, 5);
  await control('accept');
  let previous = -1;
  for (let i = 0; i < 5; i++) {
    const answer = await answers[i];
    assert.equal(answer.data.i, i);
    assert.ok(answer.n > previous);
    previous = answer.n;
  }
});

test('refuses a frame with QUEUE_FULL when the queue is full and keeps the others', async () => {
  const { c, events } = await connected({ queueSize: 2 });
  await control('refuse');
  await events.state('RECONNECTING');
  const first = c.request('system.echo', { i: 1 });
  const second = c.request('system.echo', { i: 2 });
  await assert.rejects(c.request('system.echo', { i: 3 }), (e) => e instanceof ClientError && e.reason === 'QUEUE_FULL');
  await control('accept');
  assert.deepEqual(await first, { i: 1 });
  assert.deepEqual(await second, { i: 2 });
});

test('fails requests with TIMEOUT when unanswered and with DISCONNECTED when the connection drops', async () => {
  const { c, events } = await connected();
  await assert.rejects(c.request('test.hang', {}, { timeoutMs: 200 }), (e) => e.reason === 'TIMEOUT');
  assert.equal(c.state, 'CONNECTED');
  const hanging = assert.rejects(c.request('test.hang', {}, { timeoutMs: 30000 }),
    (e) => e.reason === 'DISCONNECTED');
  await c.ping();
  await control('drop');
  await hanging;
  await events.state('CONNECTED');
});

test('gives up after maxAttempts reconnect attempts and says why', async () => {
  const { c, events } = await connected({ maxAttempts: 2 });
  await control('refuse');
  assert.equal((await events.state('RECONNECTING')).attempt, 1);
  const queued = c.request('system.echo', {});
  assert.equal((await events.state('RECONNECTING')).attempt, 2);
  const gaveUp = await events.state('DISCONNECTED');
  assert.match(gaveUp.reason, /gave up after 2 reconnect attempts/);
  await assert.rejects(queued, (e) => e.reason === 'CLOSED');
  assert.equal(c.state, 'DISCONNECTED');
});

test('authenticates with an auth frame and refreshes the token before it expires', async () => {
  let asked = 0;
  const { c, events } = await connected({
    token: async () => {
      asked++;
      return (await control('token', { user: 'jsdave', ttlSeconds: 3 })).token;
    },
  });
  const session = c.session;
  let refreshed = 0;
  let wake = () => {};
  c.onFrame('authed', () => { refreshed++; wake(); });
  await c.subscribe('user.jsdave');
  // Two refreshes: by then the first token has expired and the connection lives on new ones.
  while (refreshed < 2) await new Promise((resolve) => { wake = resolve; });
  assert.equal(asked, 3);
  await c.ping();
  assert.equal(c.session, session);
  assert.equal(events.queues.state.length, 0);
  await publish('user.jsdave', { hello: 'dave' });
  assert.equal((await events.message()).channel, 'user.jsdave');
});

test('reconnects at once when the page becomes visible again', async () => {
  const page = new EventTarget();
  page.visibilityState = 'visible';
  globalThis.document = page;
  try {
    const { c, events } = await connected({ backoffBaseMs: 60000, backoffCapMs: 60000, random: () => 1 });
    await control('refuse');
    const waiting = await events.state('RECONNECTING');
    assert.equal(waiting.delayMs, 60000);
    await control('accept');
    page.dispatchEvent(new Event('visibilitychange'));
    await events.state('CONNECTED');
    assert.equal(c.state, 'CONNECTED');
  } finally {
    delete globalThis.document;
  }
});

test('shows alert rules at once and rolls them back when the server refuses', async () => {
  const { c } = await connected({ token: async () => (await control('token', { user: 'jsalice', ttlSeconds: 300 })).token });
  const rules = new AlertRules(c);
  const seen = [];
  rules.onChange((list) => seen.push(list.map((r) => ({ id: r.id, pending: r.pending === true }))));
  await rules.load();
  const creating = rules.create({ symbol: 'BTC-USD', condition: 'above', price: 70000, trigger: 'once' });
  assert.equal(rules.rules.length, 1);
  assert.equal(rules.rules[0].pending, true);
  const saved = await creating;
  assert.match(saved.id, /^rule-/);
  assert.deepEqual(rules.rules.map((r) => r.id), [saved.id]);

  const refused = rules.create({ symbol: 'BTC-USD', condition: 'above', price: -1, trigger: 'once' });
  assert.equal(rules.rules.length, 2);
  await assert.rejects(refused, (e) => e.code === 'bad_request');
  assert.deepEqual(rules.rules.map((r) => r.id), [saved.id]);

  await rules.pause(saved.id);
  assert.equal(rules.rules[0].status, 'paused');
  await rules.delete(saved.id);
  assert.equal(rules.rules.length, 0);
  assert.ok(seen.some((list) => list.some((r) => r.pending)));
  assert.deepEqual((await c.request('alerts.list', {})).rules, []);
});

test('resumes after a node restart with a resync for the new epoch', async () => {
  const { c, events } = await connected();
  await c.subscribe('tx.js-restart');
  await publish('tx.js-restart', { n: 1 });
  const before = await events.message();
  const restarting = control('restart');
  const lost = await events.state('RECONNECTING');
  assert.ok([1001, 1006].includes(lost.closeCode), `closed with ${lost.closeCode}`);
  await restarting;
  const resync = await events.resync();
  assert.equal(resync.channel, 'tx.js-restart');
  assert.notEqual(resync.epoch, before.epoch);
  await publish('tx.js-restart', { n: 2 });
  const after = await events.message();
  assert.equal(after.seq, 1);
  assert.equal(after.data.n, 2);
});
