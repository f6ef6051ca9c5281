// Builds the page with createElement and textContent only: text from the history or the alerts
// (series tags, labels, annotations, report text) can never become markup or a script.

/** An element with attributes and children; string children become text nodes. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'href') e.setAttribute('href', safeHref(v));
    else if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Our own paths, or http(s) URLs; anything else (javascript:, data:) is refused. */
export function safeHref(v) {
  const s = String(v);
  if (s.startsWith('/') && !s.startsWith('//')) return s;
  try {
    const u = new URL(s);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch (e) { /* not a URL */ }
  return '#';
}

/** A link if the text is an http(s) URL, else plain text. */
export function textOrLink(v) {
  const s = String(v);
  return /^https?:\/\//i.test(s) && safeHref(s) !== '#' ? el('a', { href: s, rel: 'noreferrer noopener' }, s) : s;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export const csrfToken = () => document.querySelector('meta[name="vigil-csrf"]').getAttribute('content');

export async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!r.ok) throw new Error(path + ': ' + r.status + ' ' + (await r.text()).trim());
  return r.json();
}

/** A POST of form fields with the CSRF token; throws with the server's reason when refused. */
export async function postForm(path, fields) {
  const r = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Vigil-CSRF': csrfToken() },
    body: new URLSearchParams(fields).toString(),
  });
  if (!r.ok) throw new Error((await r.text()).trim() || String(r.status));
  return r.json();
}

export function seriesHref(id, span) {
  return '/series?id=' + encodeURIComponent(id) + (span ? '&span=' + encodeURIComponent(span) : '');
}

export function formatValue(v, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (unit === 'ratio') return (v * 100).toFixed(1) + ' %';
  if (unit === 'bytes' || unit === 'bytes/s') {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let x = Math.abs(v), i = 0;
    while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
    return (Math.sign(v) * x).toFixed(x < 10 && i > 0 ? 1 : 0) + ' ' + units[i] + (unit === 'bytes/s' ? '/s' : '');
  }
  if (unit === 'seconds') return v < 1 ? (v * 1000).toFixed(1) + ' ms' : v.toFixed(2) + ' s';
  const a = Math.abs(v);
  const s = a !== 0 && (a < 0.01 || a >= 1e6) ? v.toExponential(2) : (Math.round(v * 100) / 100).toString();
  return unit ? s + ' ' + unit : s;
}

export function formatTime(ms) {
  if (!ms) return '–';
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
