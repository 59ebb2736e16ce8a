// Admin "Files and prices" tab: the catalog as CSV/XLSX, a CSV import (with a dry run and every bad row
// named), and per marketplace its price rule with the server's preview of what each product is sent
// (GET .../prices: the push's own computation, nothing priced here).
import { h, toast, put } from '../dom.js';
import { api, items, errorText, ApiError } from '../api.js';
import { t, price } from '../i18n.js';

const SLUGS = ['uzum', 'wildberries', 'ozon'];

export async function files(body, ctx) {
  const sections = [exportSection(), importSection()];
  const prices = h('section', { class: 'order', testid: 'pr-section' }, h('h2', null, t('pr_title')));
  put(body, ...sections, prices);
  const rules = await Promise.all(SLUGS.map((s) => api(`/api/admin/marketplaces/${s}/price-rule`).catch(() => null)));
  if (!ctx.alive()) return;
  SLUGS.forEach((slug, i) => { if (rules[i]) prices.append(ruleCard(slug, rules[i])); });
}

function exportSection() {
  const get = (ext) => async (e) => {
    e.currentTarget.disabled = true;
    try {
      const res = await api('/api/admin/products/export.' + ext, { raw: true });
      const url = URL.createObjectURL(await res.blob());
      const a = h('a', { href: url, download: 'products.' + ext });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) { toast(errorText(err), { error: true }); }
    e.currentTarget.disabled = false;
  };
  return h('section', { class: 'order', testid: 'fl-export' }, h('h2', null, t('fl_export')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn small secondary', testid: 'fl-export-csv', onclick: get('csv') }, 'CSV'),
      h('button', { type: 'button', class: 'btn small secondary', testid: 'fl-export-xlsx', onclick: get('xlsx') }, 'XLSX')));
}

function importSection() {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', id: 'fl-file', testid: 'fl-file' });
  const dry = h('input', { type: 'checkbox', id: 'fl-dry', checked: true, testid: 'fl-dry' });
  const result = h('div', { role: 'status', testid: 'fl-result' });
  const go = h('button', { type: 'button', class: 'btn small primary', testid: 'fl-import' }, t('fl_go'));
  go.addEventListener('click', async () => {
    const file = input.files?.[0];
    if (!file) { put(result, h('p', { class: 'error-text small' }, t('fl_pick'))); return; }
    go.disabled = true;
    const form = new FormData();
    form.append('file', file);
    try {
      const r = await api('/api/admin/products/import' + (dry.checked ? '?dry_run=true' : ''), { method: 'POST', body: form });
      put(result, h('p', { class: 'small mp-ok', testid: 'fl-counts', 'data-created': r.created, 'data-updated': r.updated, 'data-unchanged': r.unchanged },
        t(r.dry_run ? 'fl_dry_done' : 'fl_done', { c: r.created, u: r.updated, n: r.unchanged })));
    } catch (err) {
      const errors = err instanceof ApiError && Array.isArray(err.problem.errors) ? err.problem.errors : null;
      put(result, errors
        ? [h('p', { class: 'error-text small' }, t('fl_bad')),
          h('ul', { class: 'plain small', testid: 'fl-errors' }, errors.map((e) => h('li', { testid: 'fl-error', 'data-row': e.row, 'data-field': e.field },
            h('strong', null, t('fl_row', { row: e.row })), e.field ? ` · ${e.field}: ` : ': ', e.message)))]
        : h('p', { class: 'error-text small' }, errorText(err)));
    }
    go.disabled = false;
  });
  return h('section', { class: 'order', testid: 'fl-import-section' }, h('h2', null, t('fl_import')),
    h('div', { class: 'field' }, h('label', { for: 'fl-file' }, t('fl_file')), input),
    h('label', { class: 'small', for: 'fl-dry' }, dry, ' ', t('fl_dry')),
    h('div', { class: 'actions' }, go), result);
}

function ruleCard(slug, rule) {
  const num = (id, label, value, ph) => {
    const el = h('input', { type: 'number', step: 'any', id: `pr-${slug}-${id}`, testid: 'pr-' + id, value: value ?? '', placeholder: ph || '' });
    return [el, h('div', { class: 'field' }, h('label', { for: el.id }, label), el)];
  };
  const [markup, markupField] = num('markup', t('pr_markup'), rule.fixed_markup_percent, `${t('pr_markup_ph')}: ${rule.markup_percent}`);
  const [round, roundField] = num('round', t('pr_round'), rule.round_to);
  const [margin, marginField] = num('margin', t('pr_margin'), rule.min_margin_percent);
  const list = h('ul', { class: 'plain small', testid: 'pr-preview' });
  const msg = h('p', { class: 'small muted', role: 'status', testid: 'pr-msg' });
  const val = (el) => (el.value === '' ? null : Number(el.value));
  const save = h('button', { type: 'button', class: 'btn small primary', testid: 'pr-save' }, t('pr_save'));
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      await api(`/api/admin/marketplaces/${slug}/price-rule`, { method: 'PUT', body: { markup_percent: val(markup), round_to: val(round), min_margin_percent: val(margin) ?? 0 } });
      msg.textContent = t('pr_saved');
      await preview(slug, list);
    } catch (err) { msg.textContent = errorText(err); }
    save.disabled = false;
  });
  preview(slug, list);
  return h('div', { class: 'mp-card', testid: 'pr-card', 'data-slug': slug },
    h('h3', null, slug === 'wildberries' ? 'Wildberries' : slug === 'ozon' ? 'OZON' : 'Uzum'),
    rule.currency_error ? h('p', { class: 'warn small' }, rule.currency_error) : null,
    markupField, roundField, marginField, h('div', { class: 'actions' }, save), msg, list);
}

async function preview(slug, list) {
  try {
    const rows = items(await api(`/api/admin/marketplaces/${slug}/prices`));
    put(list, rows.length ? rows.map((p) => h('li', { testid: 'pr-item', 'data-product-id': p.product_id, 'data-sent': p.marketplace_sale_price ?? p.marketplace_price ?? '' },
      h('strong', null, p.sku), ` ${p.name} · ${price(p.price)} → `,
      h('strong', null, p.marketplace_price == null ? '—' : `${p.marketplace_sale_price ?? p.marketplace_price} ${p.currency}`),
      p.floor != null ? h('span', { class: 'muted' }, ` · ${t('pr_floor')} ${price(p.floor)}`) : null,
      p.at_floor ? h('span', { class: 'warn' }, ` · ${t('pr_at_floor')}`) : null))
      : h('li', { class: 'muted' }, t('pr_none')));
  } catch (err) { put(list, h('li', { class: 'error-text' }, errorText(err))); }
}
