// Tiny SVG charts, coloured by app.css (.ch-N = Nth series, Telegram's theme). Hand-written: JS+CSS must stay
// under 100 KB and stood at 95 KB; uPlot 1.6.32 is 51 KB minified (no pie), Chart.js 4.6.1 210 KB.
const s = (tag, a, ...k) => { const e = document.createElementNS('http://www.w3.org/2000/svg', tag); for (const n in a) e.setAttribute(n, a[n]); e.append(...k); return e; };
const svg = (w, h, label) => s('svg', { viewBox: `0 0 ${w} ${h}`, class: 'chart', role: 'img', 'aria-label': label });

/** Stacked columns: cols [{label, parts: {key: value}}], keys = series in order. */
export function stacked(cols, keys, label) {
  const W = 320, H = 150, bw = W / Math.max(cols.length, 1), every = Math.ceil(cols.length / 8);
  const max = Math.max(1, ...cols.map((c) => keys.reduce((a, k) => a + (c.parts[k] || 0), 0)));
  const g = svg(W, H + 14, label);
  cols.forEach((c, i) => {
    let y = H;
    keys.forEach((k, j) => {
      const v = c.parts[k] || 0, hh = v / max * H;
      if (v) g.append(s('rect', { x: i * bw + bw * 0.15, y: y -= hh, width: bw * 0.7, height: hh, class: 'ch-' + j }, s('title', {}, `${c.label} ${k}: ${v}`)));
    });
    if (i % every === 0) g.append(s('text', { x: i * bw + bw / 2, y: H + 12, class: 'ch-t ch-m' }, c.label));
  });
  g.append(s('line', { x1: 0, x2: W, y1: H, y2: H, class: 'ch-b' }));
  return g;
}

/** A ring of shares: values in series order. */
export function donut(values, label) {
  const R = 48, C = 2 * Math.PI * R, total = values.reduce((a, v) => a + v, 0), g = svg(120, 120, label);
  let off = 0;
  g.append(s('circle', { cx: 60, cy: 60, r: R, class: 'ch-b ch-a' }));
  values.forEach((v, j) => {
    if (!v) return;
    const len = v / total * C;
    g.append(s('circle', { cx: 60, cy: 60, r: R, class: 'ch-a ch-' + j, 'stroke-dasharray': `${len} ${C - len}`, 'stroke-dashoffset': -off, transform: 'rotate(-90 60 60)' }));
    off += len;
  });
  return g;
}

/** Horizontal bars: rows [{label, value, text}]. */
export function bars(rows, label) {
  const W = 320, max = Math.max(1, ...rows.map((r) => r.value)), g = svg(W, rows.length * 24, label);
  rows.forEach((r, i) => g.append(s('text', { x: 0, y: i * 24 + 10, class: 'ch-t' }, r.label), s('text', { x: W, y: i * 24 + 10, class: 'ch-t ch-e' }, r.text),
    s('rect', { x: 0, y: i * 24 + 14, width: Math.max(2, r.value / max * W), height: 6, rx: 3, class: 'ch-0' })));
  return g;
}
