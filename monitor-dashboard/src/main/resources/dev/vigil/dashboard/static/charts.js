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
  const height = opts.height || 180;

  async function update() {
    const datas = await Promise.all(spec.series.map((id) => fetchSeries(id, span)));
    const { data, series, bands } = toUplot(datas, spec);
    const newShape = series.length + ':' + (bands ? 'b' : '');
    if (plot && shape === newShape) {
      plot.setData(data);
      return plot;
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
    }, data, plotBox);
    return plot;
  }
  return { card, update, get plot() { return plot; } };
}

function toUplot(datas, spec) {
  const secs = (t) => { const out = new Float64Array(t.length); for (let i = 0; i < t.length; i++) out[i] = t[i] / 1000; return out; };
  const fmt = (u, v) => formatValue(v, spec.unit);
  if (datas.length === 1 && datas[0].bands) {
    const d = datas[0];
    const label = d.id;
    return {
      data: [secs(d.t), d.min, d.avg, d.max],
      series: [
        { label: 'min', stroke: '#93c5fd', width: 1, value: fmt },
        { label: label, stroke: COLORS[0], width: 1.5, value: fmt },
        { label: 'max', stroke: '#93c5fd', width: 1, value: fmt },
      ],
      bands: [{ series: [3, 1], fill: 'rgba(37, 99, 235, 0.15)' }],
    };
  }
  const tables = datas.map((d) => [secs(d.t), d.avg]);
  const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
  return {
    data,
    series: datas.map((d, i) => ({ label: d.id, stroke: COLORS[i % COLORS.length], width: 1.5, value: fmt })),
    bands: null,
  };
}
