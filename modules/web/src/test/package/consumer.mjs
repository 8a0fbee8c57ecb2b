// Run by ClientPackageIT in a scratch project where the packed tickwire-client tarball is
// installed: imports the package by its name, as a user's code does, and talks to a real node.
//   TICKWIRE_URL     ws://…/ws of the node
//   TICKWIRE_TOKEN   a token for the demo user
//   WS_MODULE        the `ws` package of the test harness (Node.js 20 has no global WebSocket)
// Prints one JSON line with what it saw; the test checks it.
import * as api from 'tickwire-client';
import { TickwireClient } from 'tickwire-client';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const WebSocket = createRequire(import.meta.url)(process.env.WS_MODULE);
const WAIT_MS = 15000;

const exportsSeen = Object.fromEntries(Object.keys(api).sort().map((name) => [name, typeof api[name]]));
const resolved = fileURLToPath(import.meta.resolve('tickwire-client'));

const client = new TickwireClient({
  url: process.env.TICKWIRE_URL, WebSocket, token: process.env.TICKWIRE_TOKEN, pingIntervalMs: 0,
});
const welcome = new Promise((resolve) => client.onFrame('welcome', resolve));
const price = new Promise((resolve) => client.onMessage('prices.PKG-USD', resolve));
const timeout = (what) => new Promise((_, reject) => setTimeout(
  () => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS).unref());

try {
  await Promise.race([client.connect(), timeout('connection')]);
  const frame = await Promise.race([welcome, timeout('welcome')]);
  const subscribed = await client.subscribe('prices.PKG-USD');
  const message = await Promise.race([price, timeout('price message')]);
  const time = await client.request('system.time');
  console.log(JSON.stringify({
    exports: exportsSeen, resolved, state: client.state, welcome: frame,
    granted: subscribed.granted.map((g) => g.channel), message: message.data, time,
  }));
} finally {
  client.close();
}
