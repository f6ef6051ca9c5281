// One renderer per page. Each builds its page once and returns a refresh() that the live update
// calls at the tick interval while the page is visible.
import { el, clear, getJson, postForm, seriesHref, formatValue, formatTime, textOrLink } from './dom.js';
import { chartCard } from './charts.js';

const SPANS = ['hour', 'day', 'week', 'month', 'year'];

function spanPicker(current, onPick) {
  const box = el('div', { class: 'spans', role: 'group', 'aria-label': 'span' });
  for (const s of SPANS) {
    const b = el('button', { type: 'button', 'data-span': s, 'aria-pressed': String(s === current) }, s);
    b.addEventListener('click', () => onPick(s));
    box.append(b);
  }
  return box;
}

function urlSpan() {
  const s = new URLSearchParams(location.search).get('span');
  return SPANS.includes(s) ? s : 'day';
}

function chartGrid(main, specs, span) {
  const grid = el('div', { class: 'grid' });
  main.append(grid);
  const cards = specs.map((spec) => chartCard(grid, spec, span));
  const refresh = () => Promise.all(cards.map((c) => c.update()));
  return { grid, refresh };
}

function message(main, text) {
  main.append(el('p', { class: 'empty' }, text));
}

export async function overview(main, meta) {
  const data = await getJson('/api/overview');
  const summary = el('div', { class: 'summary' });
  main.append(summary);
  const alertsBox = el('section', { class: 'card' });
  main.append(alertsBox);
  const { refresh: refreshCharts } = chartGrid(main, data.charts, 'hour');
  if (data.charts.length === 0) message(main, 'No key series yet: add HostMetrics or JvmMetrics to the monitor.');

  async function refresh() {
    const o = await getJson('/api/overview');
    clear(summary).append(
      el('div', { class: 'stat' }, el('span', { class: 'label' }, 'Health'), el('span', { class: 'value health-' + o.health.toLowerCase() }, o.health)),
      el('div', { class: 'stat' }, el('span', { class: 'label' }, 'Firing'), el('span', { class: 'value' }, String(o.firing))),
      el('div', { class: 'stat' }, el('span', { class: 'label' }, 'Pending'), el('span', { class: 'value' }, String(o.pending))),
      el('div', { class: 'stat' }, el('span', { class: 'label' }, 'Series'), el('span', { class: 'value' }, String(o.series))));
    const a = await getJson('/api/alerts');
    clear(alertsBox).append(el('h2', {}, 'Active alerts'), alertTable(a.active, meta, false, refresh));
    await refreshCharts();
  }
  return refresh;
}

export async function graphs(main) {
  const params = new URLSearchParams(location.search);
  const category = params.get('category') || '';
  let span = urlSpan();
  const all = await getJson('/api/graphs');
  const tabs = el('nav', { class: 'tabs' }, el('a', { href: '/graphs?span=' + span, 'aria-current': category === '' ? 'page' : null }, 'all'));
  for (const c of all.categories) {
    tabs.append(el('a', { href: '/graphs?category=' + encodeURIComponent(c.key) + '&span=' + span, 'aria-current': c.key === category ? 'page' : null }, c.title));
  }
  const body = el('div');
  main.append(tabs, spanPicker(span, (s) => { location.search = '?' + new URLSearchParams({ category, span: s }); }), body);
  const shown = all.categories.filter((c) => !category || c.key === category);
  if (shown.length === 0) message(body, 'No series recorded yet.');
  const refreshers = [];
  for (const c of shown) {
    body.append(el('h2', { id: 'category-' + c.key }, c.title));
    refreshers.push(chartGrid(body, c.charts, span).refresh);
  }
  return () => Promise.all(refreshers.map((r) => r()));
}

export async function series(main) {
  const id = new URLSearchParams(location.search).get('id') || '';
  const span = urlSpan();
  const list = await getJson('/api/series');
  const info = list.series.find((s) => s.id === id);
  if (!info) {
    message(main, 'No series ' + id);
    return async () => {};
  }
  const tagList = el('dl', { class: 'tags' });
  for (const [k, v] of Object.entries(info.tags)) tagList.append(el('dt', {}, k), el('dd', {}, v));
  const latest = el('p', { class: 'latest' });
  main.append(el('h2', { class: 'series-id' }, id), tagList,
    spanPicker(span, (s) => { location.search = '?' + new URLSearchParams({ id, span: s }); }), latest);
  const card = chartCard(main, { title: info.name, unit: info.unit, series: [id] }, span, { height: 320, noLink: true });
  return async () => {
    const l = await getJson('/api/series');
    const now = l.series.find((s) => s.id === id);
    latest.textContent = 'latest: ' + formatValue(now ? now.latest : null, info.unit);
    await card.update();
  };
}

export async function container(main) {
  const data = await getJson('/api/container');
  if (data.charts.length === 0) {
    message(main, 'No container series: this process does not run in a cgroup the monitor reads, or ContainerMetrics is not a source.');
    return async () => {};
  }
  const span = urlSpan();
  main.append(spanPicker(span, (s) => { location.search = '?span=' + s; }));
  return chartGrid(main, data.charts, span).refresh;
}

export async function availability(main) {
  const table = el('table', { class: 'probes' });
  const charts = el('div', { class: 'grid' });
  main.append(table, el('h2', {}, 'Up / down over the last day'), charts);
  let cards = null;
  return async () => {
    const data = await getJson('/api/availability');
    clear(table).append(el('thead', {}, el('tr', {}, ['Probe', 'Target', 'Now', 'Latency', 'Certificate expires in', '24 h', '7 d', '30 d'].map((h) => el('th', {}, h)))));
    const tbody = el('tbody');
    for (const p of data.probes) {
      const up = p.up === 1 ? 'UP' : p.up === 0 ? 'DOWN' : 'UNKNOWN';
      tbody.append(el('tr', {},
        el('td', {}, el('a', { href: seriesHref(p.series) }, p.probe)),
        el('td', {}, p.target),
        el('td', { class: 'state-' + up.toLowerCase() }, up),
        el('td', {}, formatValue(p.latencySeconds, 'seconds')),
        el('td', {}, p.certExpirySeconds === null ? '–' : (p.certExpirySeconds / 86400).toFixed(1) + ' days'),
        ...[p.uptime24h, p.uptime7d, p.uptime30d].map((u) => el('td', {}, u === null ? '–' : u.toFixed(2) + ' %'))));
    }
    table.append(tbody);
    if (data.probes.length === 0) message(main, 'No probes: add Probes.http(...) or Probes.tcp(...) to the monitor.');
    if (!cards) {
      cards = data.probes.map((p) => chartCard(charts, { title: p.probe + ' ' + p.target, unit: '', series: [p.series] }, 'day'));
    }
    await Promise.all(cards.map((c) => c.update()));
  };
}

export async function alerts(main, meta) {
  const active = el('section', { class: 'card' });
  const silences = el('section', { class: 'card' });
  const notifications = el('section', { class: 'card' });
  const form = silenceForm(meta);
  main.append(active, silences, form.node, notifications);
  // The live update leaves a table alone while someone types in it; an action refreshes it at once.
  async function refresh(force) {
    const a = await getJson('/api/alerts');
    if (force === true || !busy(active)) {
      clear(active).append(el('h2', {}, 'Active alerts'), alertTable(a.active, meta, true, () => refresh(true), form));
    }
    if (force === true || !busy(silences)) {
      clear(silences).append(el('h2', {}, 'Silences'), silenceTable(a.silences, meta, () => refresh(true)));
    }
    const n = await getJson('/api/notifications');
    clear(notifications).append(el('h2', {}, 'Notifications'),
      el('p', {}, n.configured ? 'Receivers: ' + (n.receivers.join(', ') || 'none') + ' · queued: ' + n.pending : 'No notifications configured.'));
  }
  form.onDone = () => refresh(true);
  return refresh;
}

function busy(node) {
  return node.contains(document.activeElement)
    || [...node.querySelectorAll('input')].some((i) => !i.readOnly && i.value !== '');
}

function alertTable(list, meta, withActions, refresh, form) {
  if (list.length === 0) return el('p', { class: 'empty' }, 'No active alerts.');
  const table = el('table', { class: 'alerts' });
  table.append(el('thead', {}, el('tr', {}, ['State', 'Severity', 'Alert', 'Since', 'Value', 'Labels', 'Annotations', ''].map((h) => el('th', {}, h)))));
  const tbody = el('tbody');
  for (const a of list) {
    const labels = el('ul', { class: 'labels' });
    for (const [k, v] of Object.entries(a.labels)) labels.append(el('li', {}, k + '=' + v));
    const annotations = el('dl', { class: 'annotations' });
    for (const [k, v] of Object.entries(a.annotations)) annotations.append(el('dt', {}, k), el('dd', {}, textOrLink(v)));
    const flags = [a.silenced && 'silenced', a.inhibited && 'inhibited', a.flapping && 'flapping'].filter(Boolean).join(' ');
    const ack = a.acknowledgement ? el('div', { class: 'ack' }, 'acknowledged by ' + a.acknowledgement.by + (a.acknowledgement.note ? ': ' + a.acknowledgement.note : '')) : null;
    const name = a.series ? el('a', { href: seriesHref(a.series) }, a.name) : a.name;
    const actions = el('td', { class: 'actions' });
    if (a.report) {
      const pre = el('pre', { class: 'report', hidden: true }, a.report);
      const b = el('button', { type: 'button' }, 'report');
      b.addEventListener('click', () => { pre.hidden = !pre.hidden; });
      actions.append(b, pre);
    }
    if (withActions && !meta.readOnly) {
      if (a.state === 'FIRING' && !a.acknowledgement) actions.append(ackForm(a, meta, refresh));
      const s = el('button', { type: 'button', class: 'silence-this' }, 'silence…');
      s.addEventListener('click', () => form.fill(a));
      actions.append(s);
    }
    tbody.append(el('tr', { 'data-fingerprint': a.fingerprint, class: 'sev-' + a.severity.toLowerCase() },
      el('td', {}, a.state, flags ? el('div', { class: 'flags' }, flags) : null),
      el('td', {}, a.severity),
      el('td', { class: 'name' }, name, ack),
      el('td', {}, formatTime(a.since)),
      el('td', {}, formatValue(a.value, '')),
      el('td', {}, labels),
      el('td', {}, annotations),
      actions));
  }
  table.append(tbody);
  return table;
}

/** Who acts: the signed-in user under basic authentication, else whatever name is typed. */
function byInput(meta, size) {
  return el('input', { name: 'by', placeholder: 'your name', required: true, size, autocomplete: 'username', value: meta.user, readonly: !!meta.user });
}

function ackForm(a, meta, refresh) {
  const by = byInput(meta, 10);
  const note = el('input', { name: 'note', placeholder: 'note', size: 12 });
  const error = el('span', { class: 'error', role: 'alert' });
  const f = el('form', { class: 'ack-form' }, by, note, el('button', { type: 'submit' }, 'acknowledge'), error);
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await postForm('/api/alerts/' + encodeURIComponent(a.fingerprint) + '/acknowledge', { by: by.value, note: note.value });
      await refresh();
    } catch (err) {
      error.textContent = err.message;
    }
  });
  return f;
}

function silenceTable(list, meta, refresh) {
  if (list.length === 0) return el('p', { class: 'empty' }, 'No silences.');
  const table = el('table', { class: 'silences' });
  table.append(el('thead', {}, el('tr', {}, ['Matchers', 'Until', 'By', 'Comment', ''].map((h) => el('th', {}, h)))));
  const tbody = el('tbody');
  for (const s of list) {
    const actions = el('td');
    if (!meta.readOnly) {
      const b = el('button', { type: 'button', class: 'expire' }, 'expire');
      const error = el('span', { class: 'error', role: 'alert' });
      b.addEventListener('click', async () => {
        try {
          await postForm('/api/silences/' + encodeURIComponent(s.id) + '/expire', {});
          await refresh();
        } catch (err) {
          error.textContent = err.message;
        }
      });
      actions.append(b, error);
    }
    tbody.append(el('tr', { 'data-silence': s.id },
      el('td', {}, el('ul', { class: 'labels' }, s.matchers.map((m) => el('li', {}, m)))),
      el('td', {}, formatTime(s.endsAt)), el('td', {}, s.createdBy), el('td', {}, s.comment), actions));
  }
  table.append(tbody);
  return table;
}

function quote(v) {
  return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

function silenceForm(meta) {
  const matchers = el('textarea', { name: 'matchers', rows: 3, cols: 40, placeholder: 'alertname="disk-almost-full"', required: true });
  const duration = el('input', { name: 'duration', value: '2h', size: 6, required: true });
  const by = byInput(meta, 12);
  const comment = el('input', { name: 'comment', placeholder: 'why', required: true, size: 30 });
  const status = el('span', { class: 'status', role: 'status' });
  const f = el('form', { class: 'silence-form card' },
    el('h2', {}, 'New silence'),
    el('label', {}, 'Matchers, one a line', matchers),
    el('label', {}, 'Duration (30m, 2h, 1d)', duration),
    el('label', {}, 'By', by),
    el('label', {}, 'Comment', comment),
    el('button', { type: 'submit', disabled: meta.readOnly }, 'silence'), status);
  const handle = {
    node: f,
    onDone: async () => {},
    fill(a) {
      matchers.value = Object.entries(a.labels).filter(([k]) => k !== 'severity').map(([k, v]) => k + '=' + quote(v)).join('\n');
      f.scrollIntoView();
      comment.focus();
    },
  };
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await postForm('/api/silences', { matchers: matchers.value, duration: duration.value, by: by.value, comment: comment.value });
      status.textContent = 'silence ' + r.id + ' created';
      await handle.onDone();
    } catch (err) {
      status.textContent = err.message;
    }
  });
  if (meta.readOnly) status.textContent = 'read-only dashboard';
  return handle;
}
