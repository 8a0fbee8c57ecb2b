// The admin console end to end in headless Chromium (playwright-core driving the system's
// Chromium). Started by AdminConsoleBrowserTest (cluster module), which runs two clustered
// members in its JVM (member 1 only when asked) and passes:
//   TICKWIRE_BASE         member 0's origin: its admin console
//   TICKWIRE_API_KEY      an API key of the members
//   TICKWIRE_CONTROL      the test's control server: join (starts member 1), leave (stops it)
//   TICKWIRE_USER_TOKEN   a token of the user carol (no admin role)
//   TICKWIRE_ADMIN_TOKEN  a token whose roles claim holds admin
//   TICKWIRE_BAN_SECONDS  the ban to set when disconnecting carol
//   CHROMIUM, SCREENSHOTS the Chromium executable, where to save screenshots
// What is real: both members (gateways, cluster, admin endpoints), the page, Chromium, and
// carol's WebSocket client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { launchChromium } from './chromium.mjs';

const BASE = process.env.TICKWIRE_BASE;
const API_KEY = process.env.TICKWIRE_API_KEY;
const CONTROL = process.env.TICKWIRE_CONTROL;
const USER_TOKEN = process.env.TICKWIRE_USER_TOKEN;
const ADMIN_TOKEN = process.env.TICKWIRE_ADMIN_TOKEN;
const BAN_SECONDS = Number(process.env.TICKWIRE_BAN_SECONDS);
const SCREENSHOTS = process.env.SCREENSHOTS;
const WAIT = { timeout: 20000 };

if (!BASE || !CONTROL || !USER_TOKEN || !process.env.CHROMIUM) {
  throw new Error('run through AdminConsoleBrowserTest (mvn verify): the TICKWIRE_* variables are not set');
}

let context;
let browser;
let page;
let second;
const browserErrors = [];
const sockets = [];

async function control(action) {
  const response = await fetch(`${CONTROL}/${action}`, { method: 'POST', body: '{}' });
  const body = await response.text();
  assert.ok(response.ok, `control ${action}: ${response.status} ${body}`);
  return JSON.parse(body);
}

/** Opens carol's WebSocket on `port`: resolves {ws} once the welcome came, or {status} when refused. */
function connectCarol(port) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${USER_TOKEN}`);
    sockets.push(ws);
    ws.once('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (frame.type === 'welcome') resolve({ ws });
      else reject(new Error(`first frame ${data}`));
    });
    ws.once('unexpected-response', (request, response) => {
      resolve({ status: response.statusCode });
      request.destroy();
    });
    ws.once('error', (error) => { if (ws.readyState !== WebSocket.OPEN) reject(error); });
  });
}

async function signIn(kind, value) {
  await page.selectOption('#kind', kind);
  await page.fill('#credential', value);
  await page.click('#login-form button[type="submit"]');
}

const memberRows = () => page.locator('#members tbody tr').count();

before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
  ({ context, page } = browser);
  page.on('pageerror', (error) => browserErrors.push(String(error)));
  // The refusals this script provokes (sign-ins, a publish to an unknown namespace) are the only
  // failed loads allowed; the browser logs each as an error, checked here by address instead.
  // Anything else logged as an error (a script error, a Content-Security-Policy violation) fails.
  const expected = [/^\/admin\/api\/session 40[13]$/, /^\/admin\/api\/publish 404$/];
  page.on('response', (response) => {
    const seen = `${new URL(response.url()).pathname} ${response.status()}`;
    if (response.status() >= 400 && !expected.some((allowed) => allowed.test(seen))) browserErrors.push(seen);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !/^Failed to load resource: the server responded/.test(message.text())) {
      browserErrors.push(message.text());
    }
  });
});

after(async () => {
  sockets.forEach((ws) => ws.terminate());
  await browser?.close();
});

test('refuses a wrong key and a token without the admin role, accepts the right key', async () => {
  await page.goto(`${BASE}/admin`);
  assert.match(page.url(), /\/admin\/$/);
  await signIn('ApiKey', 'not-the-key');
  await page.waitForFunction(() => /Refused/.test(document.querySelector('#login-error').textContent), null, WAIT);
  assert.equal(await page.isHidden('#console'), true);
  await signIn('Bearer', USER_TOKEN);
  await page.waitForFunction(() => /role/.test(document.querySelector('#login-error').textContent), null, WAIT);
  assert.equal(await page.isHidden('#console'), true);

  await signIn('ApiKey', API_KEY);
  await page.waitForSelector('#console:not([hidden])', WAIT);
  await page.waitForSelector('#refresh-pill[data-state="CONNECTED"]', WAIT);
  await page.waitForSelector('#members tbody tr[data-self="true"]', WAIT);
  assert.equal(await memberRows(), 1);
  assert.match(await page.textContent('#config'), /"hmacSecret": "\(redacted\)"/);
  assert.equal((await context.cookies()).length, 0, 'no cookie is set');
});

test('shows a second member join the cluster', async () => {
  second = await control('join');
  await page.waitForSelector(`#members tbody tr[data-node="${second.node}"]`, WAIT);
  assert.equal(await memberRows(), 2);
  const owned = await page.$$eval('#members tbody tr td:last-child',
    (cells) => cells.map((td) => Number(/^(\d+) of/.exec(td.textContent)[1])));
  assert.ok(owned.every((count) => count > 0), `each member owns partitions: ${owned}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'admin-two-members.png'), fullPage: true });
});

test('disconnects a user with a ban: reconnects refused during the ban, accepted after', async () => {
  const first = await connectCarol(second.port);
  assert.ok(first.ws, 'carol connects to member 1');
  const row = page.locator(`#users tbody tr[data-user="carol"]`);
  await row.waitFor(WAIT);
  assert.match(await row.textContent(), new RegExp(second.node));

  const closed = new Promise((resolve) => first.ws.once('close', (code) => resolve(code)));
  await page.fill('#ban-seconds', String(BAN_SECONDS));
  const bannedAt = Date.now();
  await row.getByRole('button', { name: 'Disconnect' }).click();
  assert.equal(await closed, 4003, 'carol is closed with 4003');
  await page.waitForFunction(() => /refused for/.test(document.querySelector('#users-result').textContent), null, WAIT);

  const refused = await connectCarol(second.port);
  assert.equal(refused.status, 403, 'a reconnect during the ban is refused with 403');
  assert.ok(Date.now() - bannedAt < BAN_SECONDS * 1000, 'that refusal came within the ban');

  let accepted;
  while (!accepted) {
    const attempt = await connectCarol(second.port);
    if (attempt.ws) {
      accepted = attempt.ws;
    } else {
      assert.equal(attempt.status, 403);
      assert.ok(Date.now() - bannedAt < (BAN_SECONDS + 5) * 1000, 'refused long after the ban ended');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  assert.ok(Date.now() - bannedAt >= BAN_SECONDS * 1000 - 500, 'accepted only once the ban ended');
  await row.waitFor(WAIT);
  accepted.close();
});

test('announces to a channel and publishes, then shows the member leave', async () => {
  await page.fill('#announce-text', 'maintenance at 22:00 UTC');
  await page.click('#announce-form button[type="submit"]');
  await page.waitForFunction(() => /Announced on user\.carol/.test(document.querySelector('#announce-result').textContent), null, WAIT);
  await page.fill('#publish-channel', 'nope.x');
  await page.click('#publish-form button[type="submit"]');
  await page.waitForFunction(() => /unknown channel namespace/.test(document.querySelector('#publish-result').textContent), null, WAIT);

  await control('leave');
  await page.waitForFunction((node) => !document.querySelector(`#members tbody tr[data-node="${node}"]`)
    && document.querySelectorAll('#members tbody tr').length === 1, second.node, WAIT);
});

test('signs in with an admin token too, and signs out', async () => {
  await page.click('#sign-out');
  await page.waitForSelector('#login:not([hidden])', WAIT);
  await signIn('Bearer', ADMIN_TOKEN);
  await page.waitForSelector('#console:not([hidden])', WAIT);
  assert.match(await page.textContent('#who'), /^olga on /);
  assert.deepEqual(browserErrors, []);
});
