// Time-series charts with uPlot (loaded as a classic script, the global uPlot).
import { el, clear, getJson, formatValue, seriesHref } from './dom.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

/** Fetches one series over a span. */
export function fetchSeries(id, span) {
  return getJson('/api/series/data?id=' + encodeURIComponent(id) + '&span=' + encodeURIComponent(span));
}

/**
 * Draws a chart of `spec` ({title, unit, series: [ids]}) into a new card appended to `parent`;
 * returns a handle whose update() re-reads the data. One series with consolidated points gets a
 * min..max band around its mean; nulls from the API are gaps.
 */
export function chartCard(parent, spec, span, opts = {}) {
  const plotBox = el('div', { class: 'plot' });
  const title = spec.series.length === 1 && !opts.noLink
    ? el('a', { href: seriesHref(spec.series[0], span) }, spec.title)
    : spec.title;
  const card = el('section', { class: 'card chart' }, el('h3', {}, title), plotBox);
  parent.append(card);
  let plot = null;
  let shape = '';
  let drawn = null; // resolves when uPlot has drawn, which it does after the current task
  const height = opts.height || 180;

  // The card keeps how long the last update took to fetch and to draw, for the measurements in
  // docs/dashboard.md; reading them costs nothing.
  async function update() {
    const t0 = performance.now();
    const datas = await Promise.all(spec.series.map((id) => fetchSeries(id, span)));
    const t1 = performance.now();
    const done = new Promise((resolve) => { drawn = resolve; });
    draw(datas);
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000))]);
    card.dataset.fetchMs = (t1 - t0).toFixed(1);
    card.dataset.drawMs = (performance.now() - t1).toFixed(1);
    card.dataset.points = String(datas.reduce((n, d) => n + d.t.length, 0));
    return plot;
  }

  function draw(datas) {
    const { data, series, bands } = toUplot(datas, spec);
    const newShape = series.length + ':' + (bands ? 'b' : '');
    if (plot && shape === newShape) {
      plot.setData(data);
      return;
    }
    if (plot) plot.destroy();
    clear(plotBox);
    shape = newShape;
    const width = Math.max(300, plotBox.clientWidth || card.clientWidth - 24 || 600);
    plot = new uPlot({
      width, height,
      series: [{}, ...series],
      bands: bands || undefined,
      scales: { x: { time: true } },
      axes: [{}, { size: 70, values: (u, vals) => vals.map((v) => formatValue(v, spec.unit)) }],
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      hooks: { draw: [() => { if (drawn) { drawn(); drawn = null; } }] },
    }, data, plotBox);
  }
  return { card, update, get plot() { return plot; } };
}

function toUplot(datas, spec) {
  if (spec.scale && spec.scale !== 1) datas = datas.map((d) => scaled(d, spec.scale));
  const fmt = (u, v) => formatValue(v, spec.unit);
  if (datas.length === 1 && datas[0].bands) {
    const d = datas[0];
    const label = seriesLabel(d);
    return {
      data: [d.t, d.min, d.avg, d.max],
      series: [
        { label: 'min', stroke: '#93c5fd', width: 1, value: fmt },
        { label: label, stroke: COLORS[0], width: 1.5, value: fmt },
        { label: 'max', stroke: '#93c5fd', width: 1, value: fmt },
      ],
      bands: [{ series: [3, 1], fill: 'rgba(37, 99, 235, 0.15)' }],
    };
  }
  const tables = datas.map((d) => [d.t, d.avg]);
  const oneName = datas.every((d) => d.name === datas[0].name);
  const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
  return {
    data,
    series: datas.map((d, i) => ({ label: oneName ? seriesLabel(d) : fullLabel(d), stroke: COLORS[i % COLORS.length], width: 1.5, value: fmt })),
    bands: null,
  };
}

function fullLabel(d) {
  const tags = seriesLabel(d);
  return tags === d.name ? d.name : d.name + ' ' + tags;
}

/** The tags tell apart the series of one chart; the name is already its title. */
function seriesLabel(d) {
  const tags = Object.entries(d.tags).map(([k, v]) => k + '=' + v).join(', ');
  return tags || d.name;
}

function scaled(d, k) {
  const times = (col) => col && col.map((v) => (v === null ? null : v * k));
  return { ...d, avg: times(d.avg), min: times(d.min), max: times(d.max) };
}
