// Keystroke → findings latency in the real window, for bench/bench.sh (issue 9).
// Usage: node bench/keystrokes.mjs APP_BINARY OUT_FILE
// Run inside an X display and a dbus session with an unlocked keyring (bench.sh does). Starts
// tauri-driver (WebKitWebDriver), opens the app, turns on the UI's measuring hook
// (ui/src/lib/latency.ts: `window.__socialmineLatency = []`), sends KEYSTROKES (200) single
// keys through WebDriver into each measured field, one every GAP_MS (80 ms, a fast typist),
// and reads back, per keystroke, the time from its input event to the frame showing its
// findings. Fields: API_PUBLIC_URL on the start screen, and Facebook's client secret in its
// wizard (a secret: it goes to the keyring once typing pauses).
// Prints one line per field: "FIELD n median p95 p99 max" (ms); the samples go to OUT_FILE.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';

const [app, outFile] = process.argv.slice(2);
if (!app || !outFile) {
  console.error('usage: node bench/keystrokes.mjs APP_BINARY OUT_FILE');
  process.exit(2);
}
const count = Number(process.env.KEYSTROKES ?? 200);
const gapMs = Number(process.env.GAP_MS ?? 80);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const port = await freePort();
const nativePort = await freePort();
const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
let sessionUrl = null;

async function call(method, path, body) {
  if (process.env.KS_DEBUG) console.error(new Date().toISOString().slice(11, 23), method, path);
  const res = await fetch(path.startsWith('http') ? path : `${sessionUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}
const script = (src, args = []) => call('POST', '/execute/sync', { script: src, args });
// An element is passed to scripts as WebDriver returned it; its id is the reference's value.
const idOf = (ref) => Object.values(ref)[0];

async function find(css, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const found = await call('POST', '/elements', { using: 'css selector', value: css });
      if (found.length > 0) return found[0];
    } catch {
      // not there yet
    }
    if (Date.now() > end) throw new Error(`no ${css} within ${timeoutMs} ms`);
    await sleep(100);
  }
}
const countOf = async (css) => (await call('POST', '/elements', { using: 'css selector', value: css })).length;

// What is typed: varied enough that the findings change along the way (a space, an /api
// suffix, a bad scheme), never a newline (Enter moves on).
function text(seed) {
  let s = '';
  while (s.length < count) s += seed;
  return s.slice(0, count);
}

async function measure(name, css, typed) {
  const el = await find(css);
  // Empty the field first (not measured), then measure from an empty array.
  if (process.env.KS_DEBUG) console.error('element', JSON.stringify(el));
  await script('const el = arguments[0]; el.focus(); el.select();', [el]);
  await call('POST', `/element/${idOf(el)}/value`, { text: '\uE003' });
  await sleep(1000);
  await script('window.__socialmineLatency = [];');
  for (const ch of typed) {
    const t = Date.now();
    await call('POST', `/element/${idOf(el)}/value`, { text: ch });
    const left = gapMs - (Date.now() - t);
    if (left > 0) await sleep(left);
  }
  let samples = [];
  const end = Date.now() + 20000;
  while (Date.now() < end) {
    samples = await script('return window.__socialmineLatency || [];');
    if (samples.length >= typed.length) break;
    await sleep(100);
  }
  await script('delete window.__socialmineLatency;');
  return { name, samples };
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

let status = 0;
const lines = [];
try {
  const end = Date.now() + 20000;
  for (;;) {
    try {
      await fetch(`${base}/status`);
      break;
    } catch {
      if (Date.now() > end) throw new Error('tauri-driver did not listen within 20 s');
      await sleep(100);
    }
  }
  const session = await call('POST', `${base}/session`, {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
  });
  sessionUrl = `${base}/session/${session.sessionId}`;
  const results = [];
  results.push(await measure('api_public_url', '[data-testid=field-api_public_url]', text('https://api.acme.com/api ')));
  // Facebook's wizard, forward to the step that asks for the client secret.
  await call('POST', `/element/${idOf(await find('[data-testid=open-facebook]'))}/click`, {});
  const secret = '[data-testid=field-facebook-client_secret]';
  for (let i = 0; i < 8 && (await countOf(secret)) === 0; i++) {
    await call('POST', `/element/${idOf(await find('[data-testid=next]'))}/click`, {});
    await sleep(500);
  }
  results.push(await measure('facebook_client_secret', secret, text('0123456789abcdef')));
  const out = [];
  for (const { name, samples } of results) {
    const s = [...samples].sort((a, b) => a - b);
    const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'NA');
    const line = `${name} ${samples.length} ${f(quantile(s, 0.5))} ${f(quantile(s, 0.95))} ${f(quantile(s, 0.99))} ${f(s[s.length - 1])}`;
    lines.push(line);
    out.push(`${name} ${samples.map((x) => x.toFixed(2)).join(' ')}`);
    if (samples.length < count) {
      console.error(`keystrokes: ${name}: ${samples.length} of ${count} keystrokes recorded`);
      status = 1;
    }
  }
  writeFileSync(outFile, out.join('\n') + '\n');
  await call('DELETE', '');
} catch (e) {
  console.error(`keystrokes: ${e.message}`);
  status = 1;
} finally {
  driver.kill('SIGTERM');
}
for (const l of lines) console.log(l);
process.exit(status);
