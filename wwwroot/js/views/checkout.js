// Checkout: name/phone prefilled from the profile and Telegram, address, notes, cash on delivery.
// Submit is Telegram's MainButton inside Telegram, an ordinary button outside it.
import { h, put } from '../dom.js';
import { api, ApiError, errorText, items } from '../api.js';
import { t, price } from '../i18n.js';
import { tgUser, mainButton, mainButtonBusy, hideMainButton, hapticNotify, openInvoice } from '../telegram.js';
import { state, refreshCart } from '../state.js';
import { skelLines } from './parts.js';

export const normPhone = (s) => String(s || '').replace(/[\s\-()]/g, '');
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
  const [cart, offered] = await Promise.all([api('/api/cart'), api('/api/payment-methods', { ungated: true }).catch(() => null)]);
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
  const msg = h('div', { class: 'inline-msg', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn primary wide', testid: 'checkout-submit' }, t('place_order'));
  const form = h('form', { class: 'form', novalidate: true, testid: 'checkout-form' },
    f.name.wrap, f.phone.wrap, f.address.wrap, f.notes.wrap, pay,
    h('div', { class: 'summary' }, h('span', null, t('subtotal')), h('strong', { testid: 'checkout-total' }, price(cart.subtotal ?? 0))),
    msg, submit);
  put(root, h('h1', null, t('checkout')), form);

  const idem = key(); // one key per checkout visit: a double tap never makes two orders
  let busy = false;
  function validate() {
    const bad = [];
    const check = (fl, ok, text) => { fl.err.hidden = ok; fl.err.textContent = ok ? '' : text; fl.control.setAttribute('aria-invalid', String(!ok)); if (!ok) bad.push(fl); };
    check(f.name, !!f.name.control.value.trim(), t('required'));
    check(f.phone, phoneOk(f.phone.control.value), t('phone_invalid'));
    check(f.address, !!f.address.control.value.trim(), t('required'));
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
        payment_method: pay.querySelector('input[name=pay]:checked')?.value || 'cash' } });
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
  form.addEventListener('submit', (e) => { e.preventDefault(); send(); });
  if (mainButton(t('place_order') + ' · ' + price(cart.subtotal ?? 0), send)) submit.hidden = true;
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
