// Entry point: renders the page named by <body data-page>, then refreshes it at the monitor's
// tick interval while the page is visible. A hidden or closed page asks the server for nothing.
import { getJson, el, clear } from './dom.js';
import * as pages from './pages.js';

const status = () => document.getElementById('status');

async function start() {
  const meta = await getJson('/api/meta');
  const main = document.getElementById('main');
  const page = document.body.dataset.page;
  const render = pages[page];
  const refresh = await render(main, meta);
  const every = Math.max(1000, meta.intervalMillis);
  let timer = null;
  let running = false;

  async function tick() {
    timer = null;
    if (running || document.hidden) return;
    running = true;
    try {
      await Promise.all([refresh(), health()]);
      status().textContent = 'updated ' + new Date().toLocaleTimeString() + ' · every ' + every / 1000 + ' s';
      document.body.dataset.updated = String(Date.now());
    } catch (e) {
      status().textContent = 'update failed: ' + e.message;
    } finally {
      running = false;
      schedule();
    }
  }
  function schedule() {
    if (timer === null && !document.hidden) timer = setTimeout(tick, every);
  }
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    } else {
      tick();
    }
  });
  await tick();
}

async function health() {
  const o = await getJson('/api/alerts');
  const h = document.getElementById('health');
  clear(h).append(el('span', { class: 'health-' + o.health.toLowerCase() }, o.health),
    ' · ' + o.firing + ' firing');
}

start().catch((e) => { status().textContent = 'failed to load: ' + e.message; });
