// Admin (only shown when /api/users/validate says is_admin): today's orders with the status actions the API
// offers (next_statuses: the server's state machine, no copy here),
// stock low-first with quick adjust, marketplaces (admin-marketplaces.js), users (admin-users.js), product create/edit
// (its picture uploaded through admin-image.js),
// categories and banners (admin-catalog.js).
import { h, toast, put } from '../dom.js';
import { api, q, items, ApiError, errorText } from '../api.js';
import { t, price, date, getLang } from '../i18n.js';
import { state } from '../state.js';
import { statusBadge } from './orders.js';
import { empty, errorBox, skelLines } from './parts.js';
import { marketplaces } from './admin-marketplaces.js';
import { users } from './admin-users.js';
import { dashboard } from './admin-dashboard.js';
import { files } from './admin-files.js';
import { categories, banners } from './admin-catalog.js';
import { imageUpload } from './admin-image.js';
import { inTelegram, openLink } from '../telegram.js';

let tab = 'orders';
let productCache = [];

const nameOf = (p) => p.name || (getLang() === 'ru' ? p.name_ru || p.name_uz : p.name_uz) || p.sku;
// The API's figure (the database's one definition); nothing is recomputed here.
const availOf = (p) => p.available ?? 0;

async function allProducts() {
  const out = [];
  for (let page = 1; page <= 20; page++) {
    const r = await api('/api/admin/products' + q({ page, limit: 100 }));
    const list = items(r);
    out.push(...list);
    if (!list.length || out.length >= (r?.total ?? out.length)) break;
  }
  return (productCache = out);
}

export async function admin(root, ctx) {
  await state.ready;
  if (!state.isAdmin) { root.append(errorBox(new ApiError(403, {}))); return; }
  const body = h('div');
  const tabBtn = (k, label) => h('button', { type: 'button', role: 'tab', class: 'tab-pill', 'aria-selected': String(tab === k), testid: 'admin-tab-' + k,
    onclick: () => { tab = k; ctx.rerender(); } }, label);
  root.append(h('div', { class: 'tabs', role: 'tablist' }, tabBtn('orders', t('adm_orders')), tabBtn('dashboard', t('adm_dash')), tabBtn('stock', t('adm_stock')), tabBtn('marketplaces', t('adm_mp')), tabBtn('users', t('adm_users')), tabBtn('files', t('adm_files')), tabBtn('categories', t('adm_cats')), tabBtn('banners', t('adm_banners')),
    h('a', { class: 'tab-pill', href: '#/admin/products/new', testid: 'admin-new-product' }, '+ ' + t('adm_new')),
    h('button', { type: 'button', class: 'tab-pill', testid: 'admin-jobs', onclick: openJobs }, t('adm_jobs'))), body);
  body.append(skelLines(5));
  // Eight tabs overflow a phone's width: keep the chosen one in sight.
  root.querySelector('[role=tab][aria-selected=true]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  if (tab === 'orders') await orders(body, ctx); else if (tab === 'dashboard') await dashboard(body, ctx); else if (tab === 'marketplaces') await marketplaces(body, ctx);
  else if (tab === 'users') await users(body, ctx); else if (tab === 'files') await files(body, ctx);
  else if (tab === 'categories') await categories(body, ctx); else if (tab === 'banners') await banners(body, ctx); else await stock(body, ctx);
}

// The job dashboard (/hangfire) takes a short session cookie issued for this admin's initData. Telegram
// opens links in another browser, without that cookie: there the reply's one-time link carries the session.
async function openJobs() {
  try {
    const r = await api('/api/admin/dashboard-session', { method: 'POST' });
    if (inTelegram) openLink(r.link); else location.assign(r.dashboard_url);
  } catch (e) { toast(errorText(e), { error: true }); }
}

async function orders(body, ctx) {
  const list = items(await api('/api/admin/orders' + q({ page: 1, limit: 100 })));
  if (!ctx.alive()) return;
  const today = new Date().toDateString();
  const todays = list.filter((o) => new Date(o.created_at).toDateString() === today);
  put(body, todays.length ? h('ul', { class: 'orders' }, todays.map((o) => h('li', null, orderCard(o)))) : empty(t('adm_no_orders')));
}

function orderCard(o) {
  const el = h('div', { class: 'order', testid: 'admin-order', 'data-order-id': o.id });
  const paint = () => put(el, 
    h('div', { class: 'order-head' }, h('strong', null, t('order_no', { n: o.order_number ?? o.id })), statusBadge(o.status)),
    h('div', { class: 'muted small' }, `${date(o.created_at)} · ${t('source')}: ${o.source || 'app'}`),
    h('div', null, [o.customer_name, o.customer_phone].filter(Boolean).join(' · ')),
    o.delivery_address ? h('div', { class: 'small' }, o.delivery_address) : null,
    h('ul', { class: 'small plain' }, (o.items || []).map((it) => h('li', null, `${it.product_name} × ${it.quantity}`))),
    h('div', { class: 'order-meta' }, h('strong', null, price(o.total)),
      h('span', { class: 'actions' }, (o.next_statuses || []).map((s) => h('button', {
        type: 'button', class: 'btn small ' + (s === 'cancelled' ? 'danger' : 'primary'), testid: 'admin-order-action', 'data-status': s,
        onclick: async (e) => {
          e.currentTarget.disabled = true;
          try { const r = await api(`/api/admin/orders/${o.id}`, { method: 'PATCH', body: { status: s } }); Object.assign(o, r && r.status ? r : { status: s, next_statuses: [] }); }
          catch (err) { toast(errorText(err), { error: true }); }
          paint();
        } }, t('act_' + s))),
        // A return carries its decision: the units back into stock, or written off (the server's ledger does either).
        o.can_return ? [true, false].map((restock) => h('button', {
          type: 'button', class: 'btn small secondary', testid: 'admin-order-return', 'data-restock': String(restock),
          onclick: async (e) => {
            e.currentTarget.disabled = true;
            try { Object.assign(o, await api(`/api/admin/orders/${o.id}`, { method: 'PATCH', body: { status: 'returned', restock } })); }
            catch (err) { toast(errorText(err), { error: true }); }
            paint();
          } }, t(restock ? 'act_return_restock' : 'act_return_writeoff'))) : null)));
  paint();
  return el;
}

async function stock(body, ctx) {
  const list = await allProducts();
  if (!ctx.alive()) return;
  list.sort((a, b) => availOf(a) - availOf(b));
  put(body, h('ul', { class: 'stock-list', testid: 'stock-list' }, list.map((p) => h('li', null, stockRow(p)))));
}

function stockRow(p) {
  const avail = h('strong', { testid: 'stock-available' });
  const extra = h('span', { class: 'muted small' });
  const row = h('div', { class: 'stock-row', testid: 'stock-row', 'data-product-id': p.id });
  const paint = () => {
    const a = availOf(p);
    avail.textContent = String(a);
    extra.textContent = p.reserved_quantity ? t('reserved', { n: p.reserved_quantity }) : '';
    row.classList.toggle('low', a <= 3);
  };
  const send = async (b) => {
    try {
      const r = await api(`/api/admin/products/${p.id}/stock`, { method: 'POST', body: { ...b, reason: 'mini app' } });
      if (r) { p.quantity = r.quantity; p.reserved_quantity = r.reserved_quantity; p.available = r.available; p.stock_quantity = r.available; }
      paint();
    } catch (e) { toast(e instanceof ApiError && e.status === 409 && !e.code ? t('stock_below') : errorText(e), { error: true }); }
  };
  const setIn = h('input', { type: 'number', inputmode: 'numeric', min: '0', class: 'set-in', 'aria-label': t('set'), testid: 'stock-set-input' });
  const btn = (label, change, id) => h('button', { type: 'button', class: 'btn small secondary', testid: id, 'aria-label': `${label} (${nameOf(p)})`, onclick: () => send({ change }) }, label);
  row.append(
    h('div', { class: 'stock-name' }, h('a', { href: '#/admin/products/' + p.id }, nameOf(p)), h('span', { class: 'muted small' }, p.sku || ''), extra),
    h('div', { class: 'stock-ctl' }, avail, btn('−1', -1, 'stock-minus'), btn('+1', 1, 'stock-plus'), btn('+10', 10, 'stock-plus10'),
      setIn, h('button', { type: 'button', class: 'btn small', testid: 'stock-set', onclick: () => { if (setIn.value !== '') send({ set: Number(setIn.value) }); } }, t('set'))));
  paint();
  return row;
}

const FIELDS = [['sku', 'sku', 'text', true], ['barcode', 'barcode', 'text'], ['name_uz', 'name_uz', 'text', true], ['name_ru', 'name_ru', 'text'],
  ['description_uz', 'desc_uz', 'area'], ['description_ru', 'desc_ru', 'area'], ['price', 'price', 'number', true],
  ['sale_price', 'sale_price', 'number'], ['cost_price', 'cost_price', 'number'], ['image_url', 'image_url', 'text']];

export async function adminProduct(root, ctx, id) {
  root.append(skelLines(6));
  await state.ready;
  if (!state.isAdmin) { put(root, errorBox(new ApiError(403, {}))); return; }
  const isNew = id === 'new';
  const [cats, prods] = await Promise.all([api('/api/categories' + q({ lang: getLang() })).then(items),
    isNew ? [] : productCache.length ? productCache : allProducts()]);
  if (!ctx.alive()) return;
  const p = isNew ? { is_active: true } : prods.find((x) => String(x.id) === id);
  if (!p) throw new ApiError(404, {});
  const ctl = {}, errs = {};
  const fields = FIELDS.map(([k, label, type, req]) => {
    const el = type === 'area' ? h('textarea', { rows: '3' }) : h('input', { type, step: type === 'number' ? 'any' : null, min: type === 'number' ? '0' : null });
    el.id = 'ap-' + k; el.dataset.testid = 'admin-field-' + k; el.required = !!req;
    el.value = p[k] ?? (k === 'name_uz' && isNew ? '' : k === 'name_uz' ? p.name ?? '' : '');
    ctl[k] = el; errs[k] = h('p', { class: 'field-error', hidden: true });
    return h('div', { class: 'field' }, h('label', { for: el.id }, t(label)), el, errs[k], k === 'image_url' ? imageUpload(el, 'ap-image') : null);
  });
  const cat = h('select', { id: 'ap-cat', testid: 'admin-field-category_id' }, cats.map((c) =>
    h('option', { value: c.id, selected: c.id === p.category_id }, (c.parent_id ? '— ' : '') + c.name)));
  const active = h('input', { type: 'checkbox', id: 'ap-active', checked: p.is_active !== false, testid: 'admin-field-is_active' });
  const init = isNew ? h('input', { type: 'number', id: 'ap-init', min: '0', value: '0', testid: 'admin-field-initial_stock' }) : null;
  const msg = h('div', { class: 'inline-msg', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary wide', testid: 'admin-product-save' }, t('save'));
  const form = h('form', { class: 'form', novalidate: true, testid: 'admin-product-form' }, fields,
    h('div', { class: 'field' }, h('label', { for: 'ap-cat' }, t('category')), cat),
    h('label', { class: 'radio' }, active, t('active')),
    init ? h('div', { class: 'field' }, h('label', { for: 'ap-init' }, t('initial_stock')), init) : null, msg, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault(); put(msg);
    const num = (k) => (ctl[k].value === '' ? null : Number(ctl[k].value));
    const b = { sku: ctl.sku.value.trim(), barcode: ctl.barcode.value.trim() || null, name_uz: ctl.name_uz.value.trim(),
      name_ru: ctl.name_ru.value.trim() || null, description_uz: ctl.description_uz.value.trim() || null,
      description_ru: ctl.description_ru.value.trim() || null, category_id: cat.value ? Number(cat.value) : null,
      price: num('price'), sale_price: num('sale_price'), cost_price: num('cost_price'),
      image_url: ctl.image_url.value.trim() || null, is_active: active.checked };
    if (init) b.initial_stock = Number(init.value || 0);
    let bad = false;
    for (const [k, , , req] of FIELDS) {
      const miss = req && (b[k] == null || b[k] === '');
      errs[k].hidden = !miss; errs[k].textContent = miss ? t('required') : ''; bad ||= miss;
    }
    if (bad) return;
    submit.disabled = true;
    try {
      await api(isNew ? '/api/admin/products' : `/api/admin/products/${id}`, { method: isNew ? 'POST' : 'PUT', body: b });
      productCache = []; toast(t('saved')); tab = 'stock'; ctx.nav('/admin', { replace: true });
    } catch (err) {
      for (const [k, v] of Object.entries(err.problem?.errors || {})) if (errs[k]) { errs[k].hidden = false; errs[k].textContent = [].concat(v).join(' '); }
      put(msg, h('p', { class: 'error-text', testid: 'error-message' }, errorText(err)));
      submit.disabled = false;
    }
  });
  put(root, h('h1', null, isNew ? t('adm_new') : t('edit') + ': ' + nameOf(p)), form);
}
