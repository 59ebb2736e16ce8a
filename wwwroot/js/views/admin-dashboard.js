// Admin "Report" tab: the sales report (GET /api/admin/reports/sales) of the last 7 or 30 Tashkent days as charts.
import { h, put } from '../dom.js';
import { api, q } from '../api.js';
import { t, price, getLang } from '../i18n.js';
import { stacked, donut, bars } from '../charts.js';

let days = 7;
const day = (ms) => new Date(ms + 5 * 36e5).toISOString().slice(0, 10); // Tashkent is UTC+5

export async function dashboard(body, ctx) {
  const now = Date.now();
  const r = await api('/api/admin/reports/sales' + q({ from: day(now - (days - 1) * 864e5), to: day(now), lang: getLang() }));
  if (!ctx.alive()) return;
  const keys = r.by_channel.map((c) => c.channel);
  const pick = (n) => h('button', { type: 'button', class: 'tab-pill', 'aria-selected': String(days === n), testid: 'dash-days-' + n,
    onclick: () => { days = n; ctx.rerender(); } }, t('dash_days', { n }));
  const kpi = (k, v) => h('div', { class: 'kpi', testid: 'dash-' + k }, h('span', { class: 'muted small' }, t('dash_' + k)), h('strong', null, v));
  const legend = () => h('div', { class: 'legend small' }, keys.map((k, j) => h('span', { class: 'lg-' + j }, k)));
  const box = (id, ...kids) => h('section', { class: 'order', testid: 'dash-' + id }, h('h2', null, t('dash_' + id)), ...kids);
  put(body, h('div', { class: 'tabs' }, pick(7), pick(30)),
    h('div', { class: 'kpis' }, kpi('revenue', price(r.total.revenue)), kpi('profit', price(r.total.profit)),
      kpi('orders', r.total.orders), kpi('avg', price(r.total.average_order))),
    box('by_day', stacked(r.by_day.map((d) => ({ label: d.date.slice(5), parts: d.channels })), keys, t('dash_by_day')), legend()),
    box('share', h('div', { class: 'share' }, donut(r.by_channel.map((c) => c.revenue), t('dash_share')), legend())),
    box('top', r.top_products.length ? bars(r.top_products.map((p) => ({ label: `${p.name} × ${p.units}`, value: p.revenue, text: price(p.revenue) })), t('dash_top'))
      : h('p', { class: 'muted' }, t('dash_none'))));
}
