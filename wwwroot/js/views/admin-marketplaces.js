// Admin "Marketplaces" tab: per channel its credentials, price currency and the latest run of each sync
// type, a manual sync, and mapping discovery (proposals to accept, listings nothing matched).
import { h, toast, put } from '../dom.js';
import { api, q, items, errorText } from '../api.js';
import { t, date } from '../i18n.js';
import { empty } from './parts.js';

const TYPES = ['stock', 'price', 'orders'];
// "deferred" is items held back by a per-item rate limit (OZON's 30 s) and sent next run: not a failure.
const TONE = { success: 'ok', deferred: 'neutral', skipped: 'neutral', partial: 'warn', failed: 'bad' };

export async function marketplaces(body, ctx) {
  const list = items(await api('/api/admin/marketplaces')).filter((m) => m.integration_type !== 'own' && m.slug !== 'amazing-store');
  if (!ctx.alive()) return;
  put(body, list.length ? h('ul', { class: 'orders', testid: 'mp-list' }, list.map((m) => h('li', null, card(m, ctx)))) : empty(t('mp_none')));
}

/** The price currency the server will convert to; null = it refuses to push prices (no currency for a non-so'm marketplace). */
const currencyOf = (m) => (m.settings?.currency_code || (m.slug === 'uzum' ? 'UZS' : null));

function card(m, ctx) {
  const code = currencyOf(m), rate = m.settings?.uzs_per_unit;
  const runs = h('div', { class: 'mp-runs', testid: 'mp-runs' });
  const disc = h('div', { class: 'mp-disc', testid: 'mp-discovery' });
  const msg = h('p', { class: 'inline-msg muted small', role: 'status', testid: 'mp-sync-msg' });
  const el = h('section', { class: 'order', testid: 'mp-card', 'data-slug': m.slug, 'aria-label': m.name },
    h('div', { class: 'order-head' }, h('h2', null, m.name), m.is_active ? null : h('span', { class: 'status mp-neutral' }, t('mp_off'))),
    h('div', { class: 'mp-kv small' },
      h('span', { class: 'muted' }, t('mp_credentials')),
      h('span', { class: m.credentials_set ? 'mp-ok' : 'warn', testid: 'mp-credentials', 'data-set': String(!!m.credentials_set) },
        t(m.credentials_set ? 'mp_cred_set' : 'mp_cred_unset')),
      h('span', { class: 'muted' }, t('mp_currency')),
      code ? h('span', { testid: 'mp-currency', 'data-currency': code },
        code + (code !== 'UZS' && rate ? ' · ' + t('mp_rate', { code, rate }) : ''))
        : h('span', { class: 'warn', testid: 'mp-currency', 'data-currency': '' }, t('mp_cur_unset'))),
    runs,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn small primary', testid: 'mp-sync', 'aria-label': `${t('mp_sync')}: ${m.name}`,
        onclick: (e) => sync(m, e.currentTarget, msg, runs, ctx) }, t('mp_sync')),
      h('button', { type: 'button', class: 'btn small secondary', testid: 'mp-discover', 'aria-label': `${t('mp_discover')}: ${m.name}`,
        onclick: (e) => discover(m, e.currentTarget, disc) }, t('mp_discover'))),
    msg, disc);
  loadRuns(m, runs);
  return el;
}

/** The newest log of each type; returns their ids so a caller can tell when a new run arrived. */
async function loadRuns(m, box) {
  const logs = await Promise.all(TYPES.map((type) =>
    api('/api/admin/sync-logs' + q({ marketplace: m.slug, type, limit: 1 })).then((r) => items(r)[0] || null, () => undefined)));
  put(box, TYPES.map((type, i) => runRow(type, logs[i])));
  return logs.map((l) => l?.id ?? 0);
}

function runRow(type, log) {
  const row = h('div', { class: 'mp-run', testid: 'mp-run', 'data-type': type }, h('span', { class: 'muted' }, t('mp_t_' + type)));
  if (log === undefined) row.append(h('span', { class: 'error-text' }, t('err_generic')));
  else if (!log) row.append(h('span', { class: 'muted', testid: 'mp-run-status', 'data-status': '' }, t('mp_never')));
  else {
    const tone = TONE[log.status] || 'neutral';
    row.append(h('span', { class: 'status mp-' + tone, testid: 'mp-run-status', 'data-status': log.status, 'data-tone': tone,
      title: log.status === 'deferred' ? t('mp_deferred_hint') : null }, t('mp_s_' + log.status)),
    h('span', { class: 'muted' }, date(log.started_at)));
    if (log.error_message) row.append(h('span', { class: 'mp-err ' + (tone === 'bad' ? 'error-text' : tone === 'warn' ? 'warn' : 'muted'), testid: 'mp-run-error' }, log.error_message));
    if (log.status === 'deferred') row.append(h('span', { class: 'mp-err muted' }, t('mp_deferred_hint')));
  }
  return row;
}

async function sync(m, btn, msg, runs, ctx) {
  btn.disabled = true;
  try {
    const before = await loadRuns(m, runs);
    await api(`/api/admin/marketplaces/${m.slug}/sync`, { method: 'POST', body: { type: 'all' } });
    msg.textContent = t('mp_sync_queued');
    // The runs happen in the background: look again a few times until each type has a newer log.
    for (let i = 0; i < 15 && ctx.alive(); i++) {
      await new Promise((r) => setTimeout(r, 1500));
      const now = await loadRuns(m, runs);
      if (now.every((id, k) => id > before[k])) { msg.textContent = ''; break; }
    }
  } catch (err) { msg.textContent = ''; toast(errorText(err), { error: true }); }
  btn.disabled = false;
}

async function discover(m, btn, box) {
  btn.disabled = true;
  put(box, h('p', { class: 'muted small', role: 'status' }, t('loading')));
  try { showProposals(m, box, await api(`/api/admin/marketplaces/${m.slug}/discover`)); }
  catch (err) { put(box, h('p', { class: 'error-text', role: 'alert', testid: 'mp-discover-error' }, errorText(err))); }
  btn.disabled = false;
}

function showProposals(m, box, r) {
  const open = (r.proposals || []).filter((p) => p.mapping === 'new' || p.mapping === 'different');
  const unmatched = r.unmatched || [];
  const result = h('p', { class: 'small', role: 'status', testid: 'mp-accept-result' });
  const rows = open.map((p) => {
    const cb = h('input', { type: 'checkbox', checked: p.mapping === 'new', testid: 'mp-proposal-accept' });
    const li = h('li', { testid: 'mp-proposal', 'data-product-id': p.product_id, 'data-mapping': p.mapping },
      h('label', { class: 'mp-prop' }, cb, h('span', null,
        h('strong', null, p.product_name), ` (${p.product_sku}) → ${p.marketplace_name || ''} `,
        h('span', { class: 'muted' }, [p.marketplace_product_id, p.marketplace_sku].filter(Boolean).join(' / ')),
        h('br'), h('span', { class: 'muted' }, t('mp_by_' + p.matched_by) + (p.barcode ? ': ' + p.barcode : '')),
        p.mapping === 'different' ? h('span', { class: 'warn', testid: 'mp-replaces' }, ' · ' + t('mp_replaces')) : null)));
    return { p, cb, li };
  });
  const accept = h('button', { type: 'button', class: 'btn small primary', testid: 'mp-accept' }, t('mp_accept'));
  const count = () => { accept.disabled = !rows.some((x) => x.cb.checked && !x.cb.disabled); };
  rows.forEach((x) => x.cb.addEventListener('change', count));
  accept.addEventListener('click', async () => {
    const chosen = rows.filter((x) => x.cb.checked && !x.cb.disabled);
    if (!chosen.length) return;
    accept.disabled = true; result.className = 'small';
    try {
      await api(`/api/admin/marketplaces/${m.slug}/products`, { method: 'PUT', body: chosen.map(({ p }) =>
        ({ product_id: p.product_id, marketplace_product_id: p.marketplace_product_id, marketplace_sku: p.marketplace_sku, barcode: p.barcode })) });
      for (const x of chosen) { x.cb.disabled = true; x.li.dataset.saved = 'true'; x.li.classList.add('mp-saved'); }
      result.textContent = t('mp_accepted', { n: chosen.length });
    } catch (err) { result.className = 'error-text'; result.textContent = errorText(err); }
    count();
  });
  count();
  put(box,
    h('p', { class: 'muted small', testid: 'mp-listings' }, t('mp_listings', { n: r.listings ?? 0 })),
    rows.length ? [h('ul', { class: 'mp-props', testid: 'mp-proposals' }, rows.map((x) => x.li)), accept, result]
      : h('p', { class: 'small', testid: 'mp-no-proposals' }, t('mp_no_proposals')),
    unmatched.length ? h('details', { class: 'mp-unmatched', testid: 'mp-unmatched' },
      h('summary', null, t('mp_unmatched', { n: unmatched.length })),
      h('ul', { class: 'plain small' }, unmatched.map((u) => h('li', { testid: 'mp-unmatched-item' },
        [u.name, u.vendor_code, [u.marketplace_product_id, u.marketplace_sku].filter(Boolean).join(' / '), (u.barcodes || []).join(', ')]
          .filter(Boolean).join(' · '))))) : null);
}
