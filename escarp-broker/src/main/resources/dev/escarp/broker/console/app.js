// The escarp console: the pool pushed over server-sent events, live views over WebSockets, and
// take control. No framework, no build step, nothing from the network but this daemon.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('data-')) node.setAttribute(k, v); else if (k === 'text') node.textContent = v; else node[k] = v;
  }
  children.forEach(c => node.append(c));
  return node;
};

let pool = null;          // the last status event
let clockSkew = 0;        // daemon's clock minus ours, seconds
const views = new Map();  // slot -> live view

async function post(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body), credentials: 'same-origin' });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(json.message || r.status);
  return json;
}

// ---- login ----

async function boot() {
  const probe = await fetch('/status', { credentials: 'same-origin' });
  if (probe.status === 401) {
    $('#login').hidden = false;
    $('#login').addEventListener('submit', async e => {
      e.preventDefault();
      try {
        await post('/console/login', { token: $('#login-token').value });
        location.reload();
      } catch (err) {
        $('#login-error').textContent = err.message;
      }
    });
    return;
  }
  $('#app').hidden = false;
  connectFeed();
  loadRecent();
  setInterval(renderTimes, 1000);
}

// ---- the pool, pushed ----

function connectFeed() {
  const source = new EventSource('/events');
  source.addEventListener('open', () => { $('#feed-state').textContent = 'live'; $('#feed-state').className = 'pill live'; });
  source.addEventListener('error', () => { $('#feed-state').textContent = 'reconnecting'; $('#feed-state').className = 'pill'; });
  source.addEventListener('status', e => {
    const previous = pool;
    pool = JSON.parse(e.data);
    clockSkew = pool.now - Date.now() / 1000;
    renderPool();
    if (previous && endedSince(previous, pool)) loadRecent();
  });
}

function endedSince(before, after) {
  return before.slots.some(s => s.state === 'leased' &&
    !after.slots.some(t => t.slot === s.slot && t.state === 'leased' && t.acquired_at === s.acquired_at));
}

function ago(t) {
  if (t == null) return '–';
  const s = Math.max(0, Date.now() / 1000 + clockSkew - t);
  return s < 60 ? `${s.toFixed(0)} s ago` : `${(s / 60).toFixed(0)} min ago`;
}

function left(t) {
  if (t == null) return '–';
  const s = t - (Date.now() / 1000 + clockSkew);
  return s <= 0 ? 'expired' : s < 120 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(0)} min`;
}

function renderPool() {
  const body = $('#pool tbody');
  const rows = new Map([...body.querySelectorAll('tr')].map(r => [r.dataset.slot, r]));
  $('#summary').textContent = `${pool.slots.filter(s => s.state === 'leased').length} of ${pool.pool_size} leased`;
  for (const s of pool.slots) {
    let row = rows.get(String(s.slot));
    rows.delete(String(s.slot));
    if (!row) {
      row = el('tr', { 'data-slot': s.slot });
      body.append(row);
    }
    row.dataset.state = s.state;
    row.replaceChildren(
      el('td', { text: s.slot }),
      el('td', { className: 'state', text: s.state + (s.approval === 'pending' ? ' (awaiting approval)' : '') }),
      el('td', { className: 'holder', text: s.holder ?? '–' }),
      el('td', { text: (s.tier ?? 'autonomous') + (s.profile ? ` / ${s.profile}` : '') }),
      el('td', { text: s.reset_policy ?? '–' }),
      el('td', { className: 'expires', 'data-at': s.expires_at ?? '', text: left(s.expires_at) }),
      el('td', { className: 'activity', 'data-at': s.last_activity ?? '', text: ago(s.last_activity) }),
      el('td', { className: 'controlled-by', text: s.controlled_by ?? '–' }),
      actions(s));
    const view = views.get(s.slot);
    if (view) view.update(s);
  }
  rows.forEach(r => r.remove());
}

function actions(s) {
  const cell = el('td');
  const watch = el('button', { text: views.has(s.slot) ? 'Close view' : 'Watch', className: 'watch' });
  watch.addEventListener('click', () => views.has(s.slot) ? views.get(s.slot).close() : openView(s.slot));
  cell.append(watch);
  if (s.approval === 'pending' && s.lease_id) {
    const approve = el('button', { text: 'Approve', className: 'primary approve' });
    approve.addEventListener('click', () => post('/approve', { lease_id: s.lease_id }).catch(alert));
    const reject = el('button', { text: 'Reject', className: 'reject' });
    reject.addEventListener('click', () => post('/reject', { lease_id: s.lease_id }).catch(alert));
    cell.append(' ', approve, ' ', reject);
  }
  return cell;
}

function renderTimes() {
  document.querySelectorAll('td.expires').forEach(td => td.textContent = left(td.dataset.at === '' ? null : +td.dataset.at));
  document.querySelectorAll('td.activity').forEach(td => td.textContent = ago(td.dataset.at === '' ? null : +td.dataset.at));
}

async function loadRecent() {
  const r = await fetch('/evidence', { credentials: 'same-origin' }).catch(() => null);
  if (!r || !r.ok) return; // evidence arrives with supervised leases; until then the list stays empty
  const { evidence = [] } = await r.json();
  const list = $('#recent');
  list.replaceChildren(...(evidence.length ? evidence.map(e => el('li', {},
    el('a', { href: `/evidence/${encodeURIComponent(e.lease_id)}`, text: `slot ${e.slot}: ${e.holder}` }),
    el('span', { className: 'muted', text: ` ${e.reason ?? ''} ${e.ended_at ? ago(e.ended_at) : ''}` })))
    : [el('li', { className: 'muted', text: 'none yet' })]));
}

// ---- live views ----

function openView(slot) {
  const img = el('img', { alt: `slot ${slot}`, draggable: false });
  const screen = el('div', { className: 'screen', tabIndex: 0 }, img);
  const take = el('button', { text: 'Take control', className: 'primary take' });
  const status = el('span', { className: 'grow muted status', text: 'connecting…' });
  const close = el('button', { text: '×', title: 'close' });
  const box = el('div', { className: 'live', 'data-live-slot': slot },
    el('div', { className: 'bar' }, el('strong', { text: `slot ${slot}` }), status, take, close), screen);
  $('#views').append(box);

  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/console/live/${slot}`);
  socket.binaryType = 'blob';
  const view = { slot, box, socket, viewer: null, controlling: false, page: { width: 0, height: 0 }, frames: 0 };

  socket.addEventListener('message', e => {
    if (typeof e.data !== 'string') {
      const url = URL.createObjectURL(e.data);
      const old = img.src;
      img.src = url;
      if (old.startsWith('blob:')) URL.revokeObjectURL(old);
      view.frames++;
      box.dataset.frames = view.frames;
      return;
    }
    const m = JSON.parse(e.data);
    if (m.type === 'hello') { view.viewer = m.viewer; box.dataset.viewer = m.viewer; status.textContent = 'watching'; }
    if (m.type === 'meta') { view.page = { width: m.width, height: m.height }; }
    if (m.type === 'control') { setControlling(view, m.controlling); }
    if (m.type === 'error') { status.textContent = m.message; }
  });
  socket.addEventListener('close', () => { status.textContent = 'closed'; setControlling(view, false); });

  take.addEventListener('click', async () => {
    try {
      if (view.controlling) await post('/console/handback', { slot, viewer: view.viewer });
      else await post('/console/take', { slot, viewer: view.viewer });
    } catch (err) { status.textContent = err.message; }
  });
  close.addEventListener('click', () => view.close());
  view.close = () => { socket.close(); box.remove(); views.delete(slot); renderPool(); };
  view.update = s => {
    if (!view.controlling) status.textContent = s.controlled_by ? `controlled by ${s.controlled_by}` : (s.holder ? `watching ${s.holder}` : 'watching');
    take.disabled = !view.controlling && (s.state !== 'leased' || !!s.controlled_by);
  };
  wireInput(view, screen, img);
  views.set(slot, view);
  renderPool(); // the row's button now closes this view; update() shows the slot's state
}

function setControlling(view, on) {
  view.controlling = on;
  view.box.classList.toggle('controlling', on);
  view.box.dataset.controlling = on;
  $('.take', view.box).textContent = on ? 'Hand back' : 'Take control';
  if (on) { $('.status', view.box).textContent = 'you control this page; the agent waits'; $('.screen', view.box).focus(); }
}

// Viewer pixels -> the page's CSS pixels, from the frame's metadata.
function toPage(view, img, e) {
  const r = img.getBoundingClientRect();
  const w = view.page.width || img.naturalWidth, h = view.page.height || img.naturalHeight;
  return { x: (e.clientX - r.left) * w / r.width, y: (e.clientY - r.top) * h / r.height };
}

function modifiers(e) { return (e.altKey ? 1 : 0) | (e.ctrlKey ? 2 : 0) | (e.metaKey ? 4 : 0) | (e.shiftKey ? 8 : 0); }

const BUTTONS = ['left', 'middle', 'right'];

function wireInput(view, screen, img) {
  const send = m => { if (view.controlling && view.socket.readyState === 1) view.socket.send(JSON.stringify(m)); };
  let lastMove = 0;
  img.addEventListener('mousedown', e => { if (!view.controlling) return; e.preventDefault(); screen.focus();
    send({ type: 'mouse', event: 'mousePressed', ...toPage(view, img, e), button: BUTTONS[e.button] ?? 'left', clickCount: e.detail || 1, modifiers: modifiers(e) }); });
  img.addEventListener('mouseup', e => { if (!view.controlling) return; e.preventDefault();
    send({ type: 'mouse', event: 'mouseReleased', ...toPage(view, img, e), button: BUTTONS[e.button] ?? 'left', clickCount: e.detail || 1, modifiers: modifiers(e) }); });
  img.addEventListener('mousemove', e => { if (!view.controlling || e.timeStamp - lastMove < 30) return; lastMove = e.timeStamp;
    send({ type: 'mouse', event: 'mouseMoved', ...toPage(view, img, e), button: 'none', modifiers: modifiers(e) }); });
  img.addEventListener('wheel', e => { if (!view.controlling) return; e.preventDefault();
    send({ type: 'wheel', ...toPage(view, img, e), deltaX: e.deltaX, deltaY: e.deltaY }); }, { passive: false });
  img.addEventListener('contextmenu', e => { if (view.controlling) e.preventDefault(); });
  screen.addEventListener('keydown', e => {
    if (!view.controlling) return;
    e.preventDefault();
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) { send({ type: 'text', text: e.key }); return; }
    send({ type: 'key', event: 'rawKeyDown', key: e.key, code: e.code, keyCode: e.keyCode, modifiers: modifiers(e) });
    if (e.key === 'Enter') send({ type: 'key', event: 'char', key: 'Enter', text: '\r', keyCode: 13, modifiers: modifiers(e) });
  });
  screen.addEventListener('keyup', e => {
    if (!view.controlling) return;
    e.preventDefault();
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) return;
    send({ type: 'key', event: 'keyUp', key: e.key, code: e.code, keyCode: e.keyCode, modifiers: modifiers(e) });
  });
}

boot();
