// Admin: catalog files and marketplace price rules (the preview is the server's).
import { h, toast, put } from '../dom.js';
import { api, items, errorText, ApiError } from '../api.js';
import { t, price } from '../i18n.js';

const SLUGS = { uzum: 'Uzum', wildberries: 'Wildberries', ozon: 'OZON' };
const sec = (id, title, ...c) => h('section', { class: 'order', testid: id }, h('h2', null, title), ...c);
const btn = (id, label, onclick, kind = 'primary') => h('button', { type: 'button', class: 'btn small ' + kind, testid: id, onclick }, label);

export async function files(body, ctx) {
  const prices = sec('pr-section', t('pr_title'));
  put(body, sec('fl-export', t('fl_export'), h('div', { class: 'actions' }, ...['csv', 'xlsx'].map((x) => btn('fl-export-' + x, x.toUpperCase(), () => download(x), 'secondary')))),
    importSection(), prices);
  const rules = await Promise.all(Object.keys(SLUGS).map((s) => api(`/api/admin/marketplaces/${s}/price-rule`).catch(() => null)));
  if (ctx.alive()) rules.forEach((r) => r && prices.append(ruleCard(r)));
}

async function download(ext) {
  try {
    const url = URL.createObjectURL(await (await api('/api/admin/products/export.' + ext, { raw: true })).blob());
    const a = h('a', { href: url, download: 'products.' + ext });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (err) { toast(errorText(err), { error: true }); }
}

function importSection() {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', id: 'fl-file', testid: 'fl-file' });
  const dry = h('input', { type: 'checkbox', id: 'fl-dry', checked: true, testid: 'fl-dry' });
  const out = h('div', { role: 'status', testid: 'fl-result' });
  const bad = (s) => h('p', { class: 'error-text small' }, s);
  const go = btn('fl-import', t('fl_go'), async () => {
    const file = input.files?.[0];
    if (!file) return put(out, bad(t('fl_pick')));
    go.disabled = true;
    const form = new FormData();
    form.append('file', file);
    try {
      const r = await api('/api/admin/products/import' + (dry.checked ? '?dry_run=true' : ''), { method: 'POST', body: form });
      put(out, h('p', { class: 'small mp-ok', testid: 'fl-counts', 'data-created': r.created, 'data-updated': r.updated },
        t(r.dry_run ? 'fl_dry_done' : 'fl_done', { c: r.created, u: r.updated, n: r.unchanged })));
    } catch (err) {
      const list = err instanceof ApiError && Array.isArray(err.problem.errors) ? err.problem.errors : null;
      put(out, list ? [bad(t('fl_bad')), h('ul', { class: 'plain small' }, list.map((e) => h('li', { testid: 'fl-error', 'data-row': e.row, 'data-field': e.field },
        h('strong', null, t('fl_row', { row: e.row })), ` ${e.field}: ${e.message}`)))] : bad(errorText(err)));
    }
    go.disabled = false;
  });
  return sec('fl-import-section', t('fl_import'), h('div', { class: 'field' }, h('label', { for: 'fl-file' }, t('fl_file')), input),
    h('label', { class: 'small' }, dry, ' ', t('fl_dry')), h('div', { class: 'actions' }, go), out);
}

function ruleCard(rule) {
  const slug = rule.marketplace;
  const field = (id, label, value, ph = '') => {
    const el = h('input', { type: 'number', step: 'any', id: `pr-${slug}-${id}`, testid: 'pr-' + id, value: value ?? '', placeholder: ph });
    return [el, h('div', { class: 'field' }, h('label', { for: el.id }, label), el)];
  };
  const [markup, f1] = field('markup', t('pr_markup'), rule.fixed_markup_percent, String(rule.markup_percent));
  const [round, f2] = field('round', t('pr_round'), rule.round_to);
  const [margin, f3] = field('margin', t('pr_margin'), rule.min_margin_percent);
  const list = h('ul', { class: 'plain small', testid: 'pr-preview' });
  const msg = h('p', { class: 'small muted', role: 'status', testid: 'pr-msg' });
  const num = (el) => (el.value === '' ? null : Number(el.value));
  const save = btn('pr-save', t('pr_save'), async () => {
    save.disabled = true;
    try {
      await api(`/api/admin/marketplaces/${slug}/price-rule`, { method: 'PUT', body: { markup_percent: num(markup), round_to: num(round), min_margin_percent: num(margin) ?? 0 } });
      msg.textContent = t('pr_saved');
      await preview(slug, list);
    } catch (err) { msg.textContent = errorText(err); }
    save.disabled = false;
  });
  preview(slug, list);
  return h('div', { testid: 'pr-card', 'data-slug': slug }, h('h3', null, SLUGS[slug]), f1, f2, f3, h('div', { class: 'actions' }, save), msg, list);
}

async function preview(slug, list) {
  try {
    const rows = items(await api(`/api/admin/marketplaces/${slug}/prices`));
    put(list, rows.length ? rows.map((p) => {
      const sent = p.marketplace_sale_price ?? p.marketplace_price;
      return h('li', { testid: 'pr-item', 'data-product-id': p.product_id, 'data-sent': sent ?? '' }, h('strong', null, p.sku), ` ${p.name} · ${price(p.price)} → `,
        h('strong', null, sent == null ? '—' : `${sent} ${p.currency}`),
        // Wildberries is sent a whole price and a whole-percent discount: shown as sent.
        p.marketplace_discount_percent ? h('span', { class: 'muted' }, ` (${p.marketplace_price} −${p.marketplace_discount_percent}%)`) : null, p.floor != null ? h('span', { class: 'muted' }, ` · ${t('pr_floor')} ${price(p.floor)}`) : null,
        p.at_floor ? h('span', { class: 'warn' }, ` · ${t('pr_at_floor')}`) : null);
    }) : h('li', { class: 'muted' }, t('pr_none')));
  } catch (err) { put(list, h('li', { class: 'error-text' }, errorText(err))); }
}
