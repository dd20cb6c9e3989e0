// Reset candidates against one headless Chromium of its own, each looped N times, with the browser's
// CPU (every process of its profile, reaped children included, from /proc/<pid>/stat) per step and
// per process type. Scratch-level on purpose: no dependencies, raw CDP (BENCHMARKS.md, issue 19).
//   node --experimental-websocket escarp-cdp/bench/reset-candidates.mjs
//   FLAGS="--renderer-process-limit=1" node --experimental-websocket escarp-cdp/bench/reset-candidates.mjs
//   ESCARP_FLAGS=1 ...   adds the rest of the switches escarp's launcher gives a headless browser
//   ONLY=reload,untouched ...   runs only the candidates whose name contains one of these words
import { spawn, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

const port = await new Promise(r => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });
const prof = fs.mkdtempSync(path.join(os.tmpdir(), 'escarp-reset-candidates-'));
const chrome = spawn(process.env.CHROME || '/usr/bin/chromium', ['--headless', '--no-sandbox', '--remote-debugging-port=' + port,
  '--user-data-dir=' + prof, '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
  ...(process.env.ESCARP_FLAGS === '1' ? ['--no-default-browser-check', '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-extensions', '--disable-gpu'] : []),
  ...(process.env.FLAGS ? process.env.FLAGS.split(' ') : []), 'about:blank'], { stdio: 'ignore' });
const N = Number(process.env.N || 60);
try {
  let ver;
  for (let i = 0; i < 100 && !ver; i++) {
    try { ver = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json(); } catch { await new Promise(r => setTimeout(r, 100)); }
  }
  const pids = () => execSync(`pgrep -f -- 'user-data-dir=${prof}'`).toString().trim().split('\n');
  const byType = () => {
    const m = {};
    for (const p of pids()) {
      try {
        const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8');
        const type = (cmd.match(/--type=([a-z-]+)/) || [, 'browser'])[1]
          + (cmd.includes('--utility-sub-type=') ? ':' + cmd.match(/--utility-sub-type=([a-zA-Z.]+)/)[1].split('.').pop() : '');
        const s = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
        const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
        m[type] = (m[type] || 0) + +f[11] + +f[12] + +f[13] + +f[14];
      } catch { /* gone meanwhile */ }
    }
    return m;
  };
  const open = async () => {
    const ws = new WebSocket(ver.webSocketDebuggerUrl);
    await new Promise(r => ws.onopen = r);
    let id = 0; const pending = new Map();
    ws.onmessage = m => { const d = JSON.parse(m.data); if (d.id && pending.has(d.id)) { pending.get(d.id)(d); pending.delete(d.id); } };
    const send = (method, params = {}, sessionId) => new Promise(r => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params, sessionId })); });
    return { ws, send };
  };
  await new Promise(r => setTimeout(r, 1500));
  const c = await open();
  const page = (await c.send('Target.getTargets')).result.targetInfos.find(t => t.type === 'page');
  const attach = async () => (await c.send('Target.attachToTarget', { targetId: page.targetId, flatten: true })).result.sessionId;
  const loaderId = async s => (await c.send('Page.getFrameTree', {}, s)).result.frameTree.frame.loaderId;
  const only = process.env.ONLY ? process.env.ONLY.split(',') : null;
  async function measure(name, fn) {
    if (only && !only.some(w => name.includes(w))) return;
    const before = byType(); const w0 = performance.now();
    for (let i = 0; i < N; i++) await fn();
    const after = byType();
    const total = Object.keys(after).reduce((t, k) => t + after[k] - (before[k] || 0), 0);
    console.log(`${name}: browser CPU ${(total * 10 / N).toFixed(1)} ms, wall ${((performance.now() - w0) / N).toFixed(1)} ms  [`
      + Object.entries(after).map(([k, v]) => k + ' ' + ((v - (before[k] || 0)) * 10 / N).toFixed(1)).join(', ') + ']');
  }
  await measure('idle 20 ms (baseline)', () => new Promise(r => setTimeout(r, 20)));
  await measure('GET /json/version', async () => { await (await fetch(`http://127.0.0.1:${port}/json/version`)).json(); });
  await measure('browser WebSocket: connect, Target.getTargets, close', async () => { const x = await open(); await x.send('Target.getTargets'); x.ws.close(); });
  await measure('attach, Page.getNavigationHistory, detach', async () => { const s = await attach(); await c.send('Page.getNavigationHistory', {}, s); await c.send('Target.detachFromTarget', { sessionId: s }); });
  await measure('reuse: attach, Page.reload (awaited: new loader id), evaluate, detach', async () => {
    const s = await attach(); const old = await loaderId(s); await c.send('Page.reload', {}, s);
    while ((await loaderId(s)) === old) await new Promise(r => setTimeout(r, 2));
    await c.send('Runtime.evaluate', { expression: 'document.readyState' }, s); await c.send('Target.detachFromTarget', { sessionId: s });
  });
  await measure('untouched: Target.getTargets on the kept connection (no attach, no reload)', async () => {
    await c.send('Target.getTargets');
  });
  await measure('reuse as escarp does it: attach, history, frame tree, reload, await new loader, evaluate, getTargets, history, detach', async () => {
    await c.send('Target.getTargets');
    const s = await attach(); await c.send('Page.getNavigationHistory', {}, s); const old = await loaderId(s);
    await c.send('Page.reload', {}, s);
    while ((await loaderId(s)) === old) await new Promise(r => setTimeout(r, 2));
    await c.send('Runtime.evaluate', { expression: "window.name = ''; history.replaceState(null, ''); document.readyState", returnByValue: true }, s);
    await c.send('Target.getTargets'); await c.send('Page.getNavigationHistory', {}, s);
    await c.send('Target.detachFromTarget', { sessionId: s });
  });
  await measure('reuse, session kept attached: reload, await new loader (no attach/detach)', async () => {
    if (!globalThis.kept) globalThis.kept = await attach();
    const s = globalThis.kept; const old = await loaderId(s); await c.send('Page.reload', {}, s);
    while ((await loaderId(s)) === old) await new Promise(r => setTimeout(r, 2));
  });
  await measure('reuse: attach, Page.navigate about:blank, Page.resetNavigationHistory, detach', async () => {
    const s = await attach(); await c.send('Page.navigate', { url: 'about:blank' }, s);
    while ((await c.send('Page.resetNavigationHistory', {}, s)).error) await new Promise(r => setTimeout(r, 2));
    await c.send('Target.detachFromTarget', { sessionId: s });
  });
  await measure('full (1.x): new about:blank tab, close the rest', async () => {
    const nt = (await c.send('Target.createTarget', { url: 'about:blank' })).result.targetId;
    for (const t of (await c.send('Target.getTargets')).result.targetInfos.filter(t => t.type === 'page' && t.targetId !== nt)) {
      await c.send('Target.closeTarget', { targetId: t.targetId });
    }
    page.targetId = nt;
  });
  await measure('context per lease: create context + page, dispose', async () => {
    const ctx = (await c.send('Target.createBrowserContext')).result.browserContextId;
    await c.send('Target.createTarget', { url: 'about:blank', browserContextId: ctx });
    await c.send('Target.disposeBrowserContext', { browserContextId: ctx });
  });
} finally {
  chrome.kill('SIGKILL');
  fs.rmSync(prof, { recursive: true, force: true });
}
process.exit(0);
