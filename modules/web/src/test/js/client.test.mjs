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

// ------------------------------------------------------------ protocol 1.1

/** Resolves with the next event a listener registration reports, or fails after WAIT_MS. */
function nextOf(register, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
    const remove = register((event) => { clearTimeout(timer); remove(); resolve(event); });
  });
}

const deskToken = (user, desks) => async () => (await control('token', { user, ttlSeconds: 300, desks })).token;

test('learns the features and server-side subscriptions from welcome', async () => {
  const { c } = await connected();
  for (const feature of ['publish', 'presence', 'joinLeave', 'autoSubscribe', 'msgpack']) {
    assert.ok(c.hasFeature(feature), `features ${JSON.stringify(c.features)} lack ${feature}`);
  }
  assert.deepEqual(c.subscriptions, ['system.announcements']);
  assert.equal(c.format, 'json');
  assert.throws(() => client({ format: 'xml' }), TypeError);
});

test('publishes to a desk: subscribers get the message with from, presence lists members, join and leave arrive', async () => {
  const desk = `js${Date.now().toString(36)}`;
  const channel = `desk.${desk}`;
  const { c: alice } = await connected({ token: deskToken('jsalice', [desk]) });
  const { c: bob } = await connected({ token: deskToken('jsbob', [desk]) });
  await alice.subscribe(channel);
  const joined = nextOf((l) => alice.onJoin(channel, l), 'join');
  const anyJoin = nextOf((l) => alice.onJoin(l), 'join (any channel)');
  assert.equal((await bob.subscribe(channel)).granted.length, 1);
  const join = await joined;
  assert.equal(join.type, 'join');
  assert.equal(join.channel, channel);
  assert.equal(join.client.user, 'jsbob');
  assert.equal(join.client.session, bob.session);
  assert.deepEqual(await anyJoin, join);

  const presence = await bob.presence(channel);
  assert.equal(presence.channel, channel);
  assert.equal(presence.count, 2);
  assert.equal(presence.users, 2);
  assert.deepEqual(presence.clients.map((m) => m.user).sort(), ['jsalice', 'jsbob']);
  assert.ok(presence.clients.every((m) => typeof m.session === 'string' && m.joinedAt > 0));

  const received = nextOf((l) => alice.onMessage(channel, l), 'desk message');
  const published = await bob.publish(channel, { text: 'buying at the open' }, { idempotencyKey: 'js-key-1' });
  assert.equal(published.channel, channel);
  assert.ok(published.seq >= 1);
  assert.equal(typeof published.epoch, 'string');
  const message = await received;
  assert.deepEqual(message.data, { text: 'buying at the open' });
  assert.deepEqual(message.from, { user: 'jsbob', session: bob.session });
  assert.equal(message.seq, published.seq);
  assert.equal(message.epoch, published.epoch);
  assert.deepEqual(await bob.publish(channel, { text: 'again' }, { idempotencyKey: 'js-key-1' }), published,
    'the same idempotency key answers the first publication again');

  const left = nextOf((l) => alice.onLeave(channel, l), 'leave');
  await bob.unsubscribe(channel);
  const leave = await left;
  assert.equal(leave.type, 'leave');
  assert.equal(leave.client.user, 'jsbob');
  assert.equal((await alice.presence(channel)).count, 1);
});

test('publish and presence are refused with the server\'s codes, and bad arguments before sending', async () => {
  const { c } = await connected({ token: deskToken('jscarol', ['own']) });
  await c.subscribe('short.js-nopublish');
  await assert.rejects(c.publish('short.js-nopublish', { n: 1 }), (e) => e instanceof ProtocolError && e.code === 'forbidden');
  await assert.rejects(c.publish('desk.other', { n: 1 }), (e) => e instanceof ProtocolError && e.code === 'forbidden');
  await assert.rejects(c.presence('desk.other'), (e) => e instanceof ProtocolError && e.code === 'forbidden');
  await assert.rejects(c.presence('short.js-nopublish'), (e) => e instanceof ProtocolError && e.code === 'bad_request');
  await c.subscribe('desk.own');
  await assert.rejects(c.publish('desk.own', 'x'.repeat(5000)), (e) => e instanceof ProtocolError && e.code === 'too_large');
  await assert.rejects(c.publish('desk.own', null), (e) => e instanceof ProtocolError && e.code === 'bad_request');
  await assert.rejects(c.publish('desk.own', 1, { idempotencyKey: 'k'.repeat(129) }), (e) => e.code === 'bad_request');
  const anonymous = (await connected()).c;
  await assert.rejects(anonymous.publish('desk.own', { n: 1 }), (e) => e instanceof ProtocolError
    && ['unauthorized', 'forbidden'].includes(e.code));
  assert.deepEqual((await c.publish('desk.own', { ok: true })).channel, 'desk.own');
});

test('hands announcements on system.announcements to onAnnouncement without a subscribe', async () => {
  const { c } = await connected();
  const announced = nextOf((l) => c.onAnnouncement(l), 'announcement');
  await publish('system.announcements', { text: 'trading halt at 16:00' });
  const message = await announced;
  assert.equal(message.channel, 'system.announcements');
  assert.deepEqual(message.data, { text: 'trading halt at 16:00' });
});

test('speaks MessagePack with format msgpack, loading the codec the build vendors beside tickwire.js', async () => {
  // The served layout: target/classes/webroot/tickwire.js and vendor/msgpack/ (the build copies it).
  const served = await import('../../../target/classes/webroot/tickwire.js');
  const frames = [];
  class Recording extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => frames.push(typeof e.data === 'string' ? 'text' : 'binary'));
    }
  }
  const desk = `mp${Date.now().toString(36)}`;
  const channel = `desk.${desk}`;
  const packed = new served.TickwireClient({
    url: URL, WebSocket: Recording, format: 'msgpack', pingIntervalMs: 0, backoffBaseMs: 20,
    token: deskToken('jsmp', [desk]),
  });
  clients.push(packed);
  const { c: plain } = await connected({ token: deskToken('jsplain', [desk]) });
  await packed.connect();
  assert.ok(packed.hasFeature('msgpack'));
  assert.ok(frames.length > 0 && frames.every((kind) => kind === 'binary'), `frames: ${frames}`);
  await packed.subscribe(channel, 'short.js-mp');
  await plain.subscribe(channel, 'short.js-mp');

  const data = { text: 'prix €', big: 2 ** 40, price: 101.25, list: [1, 'two', false], nested: { ok: true } };
  const gotPacked = nextOf((l) => packed.onMessage('short.js-mp', l), 'msgpack message');
  const gotPlain = nextOf((l) => plain.onMessage('short.js-mp', l), 'json message');
  await publish('short.js-mp', data);
  const [a, b] = await Promise.all([gotPacked, gotPlain]);
  assert.deepEqual(a, b, 'a MessagePack and a JSON client decode the same message');
  assert.deepEqual(a.data, data);

  const chat = nextOf((l) => plain.onMessage(channel, l), 'chat from the msgpack client');
  const published = await packed.publish(channel, { text: 'from msgpack' });
  const message = await chat;
  assert.equal(message.seq, published.seq);
  assert.deepEqual(message.from, { user: 'jsmp', session: packed.session });
  assert.equal((await packed.presence(channel)).count, 2);
  assert.ok(frames.every((kind) => kind === 'binary'));
});

test('gives up with a clear reason when the MessagePack codec cannot be loaded', async () => {
  const c = client({ format: 'msgpack', codecUrl: new globalThis.URL('./no-such-codec.mjs', import.meta.url) });
  await assert.rejects(c.connect(), (e) => e instanceof ClientError && /MessagePack codec/.test(e.message));
  assert.equal(c.state, 'DISCONNECTED');
});

test('replays the recent history of a channel on a fresh subscription with resumeFrom (since)', async () => {
  const { c, events } = await connected();
  for (let n = 1; n <= 4; n++) await publish('short.js-history', { n });
  const { granted: [first] } = await c.subscribe('short.js-history');
  assert.ok(first.seq >= 4);
  await c.unsubscribe('short.js-history');
  c.resumeFrom('short.js-history', { seq: first.seq - 3, epoch: first.epoch });
  const { granted: [again] } = await c.subscribe('short.js-history');
  assert.equal(again.recovered, true);
  for (const n of [2, 3, 4]) assert.equal((await events.message()).data.n, n);
  assert.throws(() => c.resumeFrom('short.js-history', { seq: -1, epoch: 'e' }), TypeError);
  assert.throws(() => c.resumeFrom('short.js-history', { seq: 1 }), TypeError);
});
