// Checkout: name/phone prefilled from the profile and Telegram, delivery zone, address, notes, payment method.
// Submit is Telegram's MainButton inside Telegram, an ordinary button outside it.
import { h, put } from '../dom.js';
import { api, ApiError, errorText, items } from '../api.js';
import { t, price, getLang } from '../i18n.js';
import { tgUser, mainButton, mainButtonBusy, hideMainButton, hapticNotify, requestPhone, canRequestPhone, mainButtonText, openInvoice } from '../telegram.js';
import { state, refreshCart } from '../state.js';
import { skelLines } from './parts.js';

export const normPhone = (s) => String(s || '').replace(/[\s\-()]/g, '');
// Telegram gives a contact's number without the plus ("998901234567").
const plusPhone = (s) => { const p = normPhone(s); return /^998\d{9}$/.test(p) ? '+' + p : p; };
export const phoneOk = (s) => /^\+998\d{9}$/.test(normPhone(s));
const key = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(36).slice(2));

function field(id, label, control) {
  const err = h('p', { class: 'field-error', testid: 'field-error', 'data-field': id, id: id + '-err', hidden: true });
  control.id = id;
  control.setAttribute('aria-describedby', id + '-err');
  return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), control, err), err, control };
}

export default async function checkout(root, ctx) {
  root.append(h('h1', null, t('checkout')), skelLines(4));
  const user = await state.ready;
  // Zones are optional: none defined = delivery is free, and the form is as before zones.
  const [cart, offered, zones] = await Promise.all([api('/api/cart'), api('/api/payment-methods', { ungated: true }).catch(() => null),
    api('/api/delivery-zones?lang=' + getLang()).then(items, () => [])]);
  if (!ctx.alive()) return;
  if (!items(cart).length) { ctx.nav('/cart', { replace: true }); return; }
  const tu = tgUser() || {};
  const fullName = [user?.first_name ?? tu.first_name, user?.last_name ?? tu.last_name].filter(Boolean).join(' ');
  const f = {
    name: field('co-name', t('name'), h('input', { autocomplete: 'name', value: fullName, testid: 'checkout-name', required: true })),
    phone: field('co-phone', t('phone'), h('input', { type: 'tel', autocomplete: 'tel', inputmode: 'tel', value: user?.phone || '+998', testid: 'checkout-phone', required: true })),
    address: field('co-address', t('address'), h('textarea', { rows: '2', placeholder: t('address_ph'), testid: 'checkout-address', required: true })),
    notes: field('co-notes', t('notes'), h('textarea', { rows: '2', placeholder: t('notes_ph'), testid: 'checkout-notes' })),
  };
  // Only the methods the store has configured (cash always).
  const methods = offered?.methods?.length ? offered.methods : ['cash'];
  const payLabel = { cash: t('cod'), card: t('pay_card'), stars: t('pay_stars') };
  const pay = h('fieldset', { class: 'field' }, h('legend', null, t('payment')),
    methods.filter((m) => payLabel[m]).map((m, i) => h('label', { class: 'radio' },
      h('input', { type: 'radio', name: 'pay', value: m, checked: i === 0, testid: 'checkout-payment-' + m }), payLabel[m])));
  // Phone in one tap from Telegram (requestContact); the field stays editable.
  const sharePhone = canRequestPhone() ? h('button', { type: 'button', class: 'btn secondary', testid: 'checkout-share-phone',
    onclick: async () => { const p = await requestPhone(); if (p) { f.phone.control.value = plusPhone(p); validatePhone(); } } }, t('share_phone')) : null;
  const validatePhone = () => { if (phoneOk(f.phone.control.value)) { f.phone.err.hidden = true; f.phone.control.setAttribute('aria-invalid', 'false'); } };
  if (sharePhone) f.phone.wrap.append(sharePhone);
  // Delivery: the zones with their fee (the server computes the real one; this shows it before ordering).
  const subtotal = Number(cart.subtotal ?? 0);
  const feeOf = (z) => (z.free_from != null && subtotal >= Number(z.free_from) ? 0 : Number(z.fee));
  const options = zones.map((z) => ({ key: 'z' + z.id, zone: z, pickup: !!z.is_pickup }));
  if (zones.length && !zones.some((z) => z.is_pickup)) options.push({ key: 'pickup', zone: null, pickup: true });
  const choice = () => options.find((o) => o.key === (form.querySelector('input[name=zone]:checked')?.value)) || null;
  const feeEl = h('strong', { testid: 'checkout-delivery-fee' });
  const grandEl = h('strong', { testid: 'checkout-grand-total' });
  const today = new Date(Date.now() + 5 * 3600e3).toISOString().slice(0, 10); // Tashkent's date
  const maxDay = new Date(Date.now() + (5 * 3600e3) + 30 * 864e5).toISOString().slice(0, 10);
  const dateInput = h('input', { type: 'date', min: today, max: maxDay, testid: 'checkout-delivery-date' });
  const zoneSet = options.length ? h('fieldset', { class: 'field', testid: 'checkout-zones' }, h('legend', null, t('delivery')),
    options.map((o) => h('label', { class: 'radio' },
      h('input', { type: 'radio', name: 'zone', value: o.key, testid: 'checkout-zone', 'data-zone-id': o.zone?.id ?? '', 'data-pickup': String(o.pickup) }),
      h('span', null, o.zone ? o.zone.name : t('pickup'), ' · ',
        !o.zone || feeOf(o.zone) === 0 ? t('free') : price(feeOf(o.zone)),
        o.zone && o.zone.free_from != null && feeOf(o.zone) > 0 ? ' (' + t('free_from', { sum: price(o.zone.free_from) }) + ')' : ''))),
    h('label', { for: 'co-date' }, t('delivery_date')), Object.assign(dateInput, { id: 'co-date' }),
    h('p', { class: 'field-error', testid: 'field-error', 'data-field': 'co-zone', hidden: true })) : null;
  const feeRows = options.length ? [
    h('div', { class: 'summary' }, h('span', null, t('delivery_fee')), feeEl),
    h('div', { class: 'summary' }, h('span', null, t('to_pay')), grandEl)] : [];
  const totalNow = () => { const c = choice(); return subtotal + (c?.zone ? feeOf(c.zone) : 0); };
  function showFee() {
    if (!options.length) return;
    const c = choice();
    feeEl.textContent = c ? (c.zone && feeOf(c.zone) > 0 ? price(feeOf(c.zone)) : t('free')) : '—';
    grandEl.textContent = price(totalNow());
    f.address.wrap.hidden = !!c?.pickup; // nothing to deliver to when the customer collects
    mainButtonText(t('place_order') + ' · ' + price(totalNow()));
  }
  zoneSet?.addEventListener('change', showFee);
  const msg = h('div', { class: 'inline-msg', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary wide', testid: 'checkout-submit' }, t('place_order'));
  const form = h('form', { class: 'form', novalidate: true, testid: 'checkout-form' },
    f.name.wrap, f.phone.wrap, zoneSet, f.address.wrap, f.notes.wrap, pay,
    h('div', { class: 'summary' }, h('span', null, t('subtotal')), h('strong', { testid: 'checkout-total' }, price(cart.subtotal ?? 0))),
    feeRows, msg, submit);
  showFee();
  put(root, h('h1', null, t('checkout')), form);

  const idem = key(); // one key per checkout visit: a double tap never makes two orders
  let busy = false;
  function validate() {
    const bad = [];
    const check = (fl, ok, text) => { fl.err.hidden = ok; fl.err.textContent = ok ? '' : text; fl.control.setAttribute('aria-invalid', String(!ok)); if (!ok) bad.push(fl); };
    check(f.name, !!f.name.control.value.trim(), t('required'));
    check(f.phone, phoneOk(f.phone.control.value), t('phone_invalid'));
    const c = choice();
    if (zoneSet) {
      const zerr = zoneSet.querySelector('[data-field=co-zone]');
      zerr.hidden = !!c; zerr.textContent = c ? '' : t('required');
      if (!c) bad.push({ control: zoneSet.querySelector('input') });
    }
    check(f.address, !!c?.pickup || !!f.address.control.value.trim(), t('required'));
    bad[0]?.control.focus();
    return !bad.length;
  }
  async function send() {
    if (busy || !validate()) { if (!busy) hapticNotify('error'); return; }
    busy = true; submit.disabled = true; mainButtonBusy(true); put(msg);
    const phone = normPhone(f.phone.control.value);
    try {
      const order = await api('/api/orders', { method: 'POST', headers: { 'Idempotency-Key': idem }, body: {
        customer_name: f.name.control.value.trim(), customer_phone: phone,
        delivery_address: f.address.control.value.trim(), delivery_notes: f.notes.control.value.trim() || null,
        payment_method: pay.querySelector('input[name=pay]:checked')?.value || 'cash', ...delivery() } });
      hapticNotify('success');
      refreshCart();
      if (user && !user.phone) { // remember the phone for next time; failure here does not matter
        api('/api/users/profile', { method: 'PUT', body: { first_name: user.first_name, last_name: user.last_name, phone, language: user.language } })
          .then((r) => { if (r?.user) state.user = r.user; }, () => {});
      }
      hideMainButton();
      // Card/Stars: the order waits, reserved, for its payment; Telegram's invoice opens at once.
      const outcome = order.payment_method === 'card' || order.payment_method === 'stars' ? await payOrder(order) : null;
      ctx.nav(`/orders/${order.id}?new=1${outcome ? '&pay=' + outcome : ''}`, { replace: true });
    } catch (e) {
      hapticNotify('error');
      if (e instanceof ApiError && e.problem.errors) {
        const map = { customer_name: f.name, customer_phone: f.phone, delivery_address: f.address, delivery_notes: f.notes };
        for (const [k, v] of Object.entries(e.problem.errors)) {
          const fl = map[k] || map[k.replace(/^\w/, (c) => c.toLowerCase())];
          if (fl) { fl.err.hidden = false; fl.err.textContent = [].concat(v).join(' '); }
        }
      }
      put(msg, h('p', { class: 'error-text', testid: 'error-message' }, errorText(e)),
        e instanceof ApiError && e.code === 'out_of_stock' ? h('a', { href: '#/cart', class: 'btn secondary' }, t('cart')) : null);
      if (ctx.alive()) { busy = false; submit.disabled = false; mainButtonBusy(false); }
    }
  }
  function delivery() {
    const c = choice();
    if (!c) return {};
    return { delivery_zone_id: c.zone?.id ?? null, pickup: c.pickup || null, delivery_date: dateInput.value || null,
      delivery_address: c.pickup ? null : f.address.control.value.trim() };
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); send(); });
  if (mainButton(t('place_order') + ' · ' + price(totalNow()), send)) submit.hidden = true;
  ctx.onLeave(hideMainButton);
}

/**
 * Opens the order's invoice (the checkout's link, or a fresh one) and resolves with Telegram's status
 * (paid, cancelled, failed, pending), or 'unavailable' when no link could be had: the order is kept either way.
 */
export async function payOrder(order) {
  let link = order.invoice_link;
  if (!link) {
    try { link = (await api(`/api/orders/${order.id}/invoice`, { method: 'POST' }))?.invoice_link; } catch { link = null; }
  }
  if (!link) return 'unavailable';
  const status = await openInvoice(link);
  hapticNotify(status === 'paid' ? 'success' : status === 'failed' ? 'error' : 'warning');
  return status;
}
