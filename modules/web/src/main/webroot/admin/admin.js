// tickwire admin console. No cookies: the credential lives in this tab (sessionStorage) and goes
// out as the Authorization header of every call to /admin/api. Everything shown is written with
// textContent, never parsed as HTML.
const STORE = 'tickwire.admin.credential';
const $ = (id) => document.getElementById(id);

let credential = null;
let session = null;
let timer = null;

function load() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE) || 'null');
    if (saved && typeof saved.kind === 'string' && typeof saved.value === 'string') return saved;
  } catch { /* a damaged entry is dropped below */ }
  sessionStorage.removeItem(STORE);
  return null;
}

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
  }
}

async function call(method, path, body) {
  const headers = { Authorization: `${credential.kind} ${credential.value}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/admin/api/${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store',
  });
  let json = null;
  try { json = await response.json(); } catch { /* empty or not JSON */ }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function nodes(map) {
  return Object.entries(map || {}).map(([node, count]) => `${node} ×${count}`).join(', ');
}

function time(ms) {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

function renderMembers(members) {
  const body = $('members').tBodies[0];
  body.replaceChildren();
  for (const member of members) {
    const row = document.createElement('tr');
    row.dataset.node = member.node;
    row.dataset.self = String(member.self);
    row.dataset.answered = String(member.answered);
    cell(row, member.node);
    cell(row, member.connections, 'num');
    cell(row, member.answered ? member.users : '?', 'num');
    cell(row, member.channels, 'num');
    cell(row, member.subscriptions, 'num');
    cell(row, member.publishedPerSec, 'num');
    cell(row, member.deliveredPerSec, 'num');
    const own = member.ownership || {};
    const td = cell(row, `${own.owned} of ${own.total} partitions`);
    if (own.keys && own.keys.length) {
      const keys = document.createElement('span');
      keys.className = 'keys';
      keys.textContent = own.keys.join(' ');
      td.append(keys);
    }
    body.append(row);
  }
  $('members-status').textContent = `${members.length} member${members.length === 1 ? '' : 's'}`;
}

function renderUsers(users) {
  const body = $('users').tBodies[0];
  body.replaceChildren();
  for (const user of users.listed) {
    const row = document.createElement('tr');
    row.dataset.user = user.user;
    cell(row, user.user, 'symbol');
    cell(row, user.sessions, 'num');
    cell(row, nodes(user.nodes));
    cell(row, time(user.since));
    cell(row, user.subscriptions, 'num');
    const action = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'danger small';
    button.textContent = 'Disconnect';
    button.addEventListener('click', () => disconnect(user.user, button));
    action.append(button);
    row.append(action);
    body.append(row);
  }
  $('users-status').textContent = `${users.total} signed-in user${users.total === 1 ? '' : 's'}, `
    + `${users.anonymous} anonymous connection${users.anonymous === 1 ? '' : 's'}`
    + (users.truncated ? ` (the ${users.listed.length} most connected shown)` : '');
}

function renderChannels(channels) {
  const body = $('channels').tBodies[0];
  body.replaceChildren();
  for (const channel of channels.listed) {
    const row = document.createElement('tr');
    row.dataset.channel = channel.channel;
    cell(row, channel.channel, 'symbol');
    cell(row, channel.subscribers, 'num');
    cell(row, channel.seq === undefined ? '–' : channel.seq, 'num');
    cell(row, channel.epoch || '–');
    cell(row, nodes(channel.nodes));
    body.append(row);
  }
  $('channels-status').textContent = `${channels.total} with subscribers`
    + (channels.truncated ? ` (the ${channels.listed.length} busiest shown)` : '');
}

function pill(state, text) {
  $('refresh-pill').dataset.state = state;
  $('refresh-pill').textContent = text;
}

async function refresh() {
  try {
    const overview = await call('GET', 'overview');
    renderMembers(overview.members);
    renderUsers(overview.users);
    renderChannels(overview.channels);
    pill('CONNECTED', `Live · ${time(overview.generatedAt)}`);
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      signOut(`Signed out: ${error.message}`);
      return;
    }
    pill('RECONNECTING', error.status === 429 ? 'Slowed down' : 'Retrying');
  }
}

async function disconnect(user, button) {
  const ban = Number($('ban-seconds').value || 0);
  button.disabled = true;
  try {
    const answer = await call('POST', `users/${encodeURIComponent(user)}/disconnect`, { banSeconds: ban });
    $('users-result').textContent = answer.banSeconds
      ? `${user} disconnected and refused for ${answer.banSeconds} s`
      : `${user} disconnected`;
    await refresh();
  } catch (error) {
    $('users-result').textContent = `Could not disconnect ${user}: ${error.message}`;
    button.disabled = false;
  }
}

async function publish(event) {
  event.preventDefault();
  const result = $('publish-result');
  let data;
  try {
    data = JSON.parse($('publish-data').value);
  } catch {
    result.className = 'small-text error';
    result.textContent = 'Data is not valid JSON';
    return;
  }
  try {
    const answer = await call('POST', 'publish', { channel: $('publish-channel').value.trim(), data });
    result.className = 'small-text ok';
    result.textContent = `Published to ${answer.channel}: seq ${answer.seq}, epoch ${answer.epoch}`;
  } catch (error) {
    result.className = 'small-text error';
    result.textContent = error.message;
  }
}

async function announce(event) {
  event.preventDefault();
  const result = $('announce-result');
  const channels = $('announce-channels').value.split(',').map((name) => name.trim()).filter(Boolean);
  try {
    const answer = await call('POST', 'announce', { text: $('announce-text').value, channels });
    result.className = 'small-text ok';
    result.textContent = `Announced on ${answer.results.map((r) => `${r.channel} (seq ${r.seq})`).join(', ')}`;
  } catch (error) {
    result.className = 'small-text error';
    result.textContent = error.message;
  }
}

async function signIn(kind, value) {
  credential = { kind, value };
  try {
    session = await call('GET', 'session');
  } catch (error) {
    credential = null;
    throw error;
  }
  sessionStorage.setItem(STORE, JSON.stringify(credential));
  $('who').textContent = session.via === 'token' ? `${session.user} on ${session.node}` : `API key on ${session.node}`;
  $('ban-seconds').max = String(session.maxBanSeconds);
  $('announce-channels').placeholder = session.announcementChannels.join(', ') || 'system.announcements';
  $('login').hidden = true;
  $('console').hidden = false;
  $('sign-out').hidden = false;
  call('GET', 'config').then((config) => {
    $('config').textContent = JSON.stringify(config, null, 2);
  }, () => { /* shown on the next refresh's error */ });
  await refresh();
  timer = setInterval(refresh, session.refreshMs);
}

function signOut(message) {
  clearInterval(timer);
  timer = null;
  credential = null;
  session = null;
  sessionStorage.removeItem(STORE);
  $('console').hidden = true;
  $('login').hidden = false;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('credential').value = '';
  $('login-error').textContent = message || '';
  pill('DISCONNECTED', 'Signed out');
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    await signIn($('kind').value, $('credential').value.trim());
  } catch (error) {
    $('login-error').textContent = error.status === 401 || error.status === 403
      ? `Refused: ${error.message}` : `Could not sign in: ${error.message}`;
  }
});
$('sign-out').addEventListener('click', () => signOut());
$('publish-form').addEventListener('submit', publish);
$('announce-form').addEventListener('submit', announce);

const saved = load();
if (saved) signIn(saved.kind, saved.value).catch(() => signOut());
