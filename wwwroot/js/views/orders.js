// "My orders" with statuses; one order (also the confirmation after checkout) with cancel.
import { h, toast, put } from '../dom.js';
import { api, items, errorText } from '../api.js';
import { t, price, date } from '../i18n.js';
import { confirmDialog } from '../telegram.js';
import { state } from '../state.js';
import { payOrder } from './checkout.js';
import { empty, skelLines } from './parts.js';

const paidChecks = new Map(); // order id → looks taken after Telegram said paid (bounded)

export const statusBadge = (s) => h('span', { class: 'status st-' + s, testid: 'order-status', 'data-status': s }, t('st_' + s));

export async function orderList(root, ctx) {
  root.append(h('h1', null, t('my_orders')), skelLines(4));
  await state.ready;
  const list = items(await api('/api/orders?limit=50'));
  if (!ctx.alive()) return;
  put(root, h('h1', null, t('my_orders')), list.length
    ? h('ul', { class: 'orders', testid: 'order-list' }, list.map((o) => h('li', null,
      h('a', { class: 'order', href: '#/orders/' + o.id, testid: 'order-item', 'data-order-id': o.id, 'data-order-number': o.order_number },
        h('div', { class: 'order-head' }, h('strong', null, t('order_no', { n: o.order_number ?? o.id })), statusBadge(o.status)),
        h('div', { class: 'order-meta muted small' }, h('span', null, date(o.created_at)), h('strong', { testid: 'order-total' }, price(o.total)))))))
    : empty(t('no_orders'), h('a', { class: 'btn primary', href: '#/' }, t('go_shopping'))));
}

export async function orderView(root, ctx, id) {
  root.append(skelLines(5));
  await state.ready;
  const o = await api('/api/orders/' + id);
  if (!ctx.alive()) return;
  const fresh = ctx.params.get('new') === '1';
  const cancel = o.can_cancel
    ? h('button', { type: 'button', class: 'btn danger wide', testid: 'order-cancel' }, t('cancel_order')) : null;
  cancel?.addEventListener('click', async () => {
    if (!(await confirmDialog(t('cancel_confirm')))) return;
    cancel.disabled = true;
    try { await api(`/api/orders/${o.id}/cancel`, { method: 'POST' }); ctx.rerender(); }
    catch (e) { cancel.disabled = false; toast(errorText(e), { error: true }); }
  });
  // Card/Stars: what Telegram said when the invoice closed (?pay=), and a way to pay while it is still unpaid.
  const online = o.payment_method === 'card' || o.payment_method === 'stars';
  const outcome = ['paid', 'cancelled', 'failed', 'pending', 'unavailable'].includes(ctx.params.get('pay')) ? ctx.params.get('pay') : null;
  const payBtn = online && o.status === 'pending' && o.payment_status === 'unpaid' && outcome !== 'paid'
    ? h('button', { type: 'button', class: 'btn primary wide', testid: 'order-pay' }, t('pay_now')) : null;
  payBtn?.addEventListener('click', async () => {
    payBtn.disabled = true;
    const status = await payOrder(o);
    if (ctx.alive()) ctx.nav(`/orders/${o.id}?pay=${status}`, { replace: true });
  });
  // Telegram says paid before our server has the payment message: look again shortly.
  if (outcome === 'paid' && o.payment_status === 'unpaid' && (paidChecks.set(o.id, (paidChecks.get(o.id) || 0) + 1).get(o.id) <= 10))
    setTimeout(() => { if (ctx.alive()) ctx.rerender(); }, 1500);
  const row = (label, value, testid) => h('div', { class: 'kv' }, h('span', null, label), h('strong', { testid }, value));
  put(root, 
    fresh ? h('div', { class: 'success', testid: 'order-confirmation', role: 'status' }, h('div', { class: 'big-check', 'aria-hidden': 'true' }, '✓'), h('h1', null, t('order_thanks'))) : null,
    h('div', { class: 'order-head' }, h('h2', { testid: 'order-number' }, t('order_no', { n: o.order_number ?? o.id })), statusBadge(o.status)),
    h('p', { class: 'muted small' }, date(o.created_at)),
    h('ul', { class: 'lines compact', testid: 'order-lines' }, (o.items || []).map((it) =>
      h('li', { class: 'kv', testid: 'order-line', 'data-product-id': it.product_id },
        h('span', null, `${it.product_name} × ${it.quantity}`), h('span', null, price(it.subtotal ?? it.price * it.quantity))))),
    row(t('subtotal'), price(o.subtotal)),
    Number(o.delivery_fee) ? row(t('delivery_fee'), price(o.delivery_fee)) : null,
    row(t('total'), price(o.total), 'order-total'),
    o.delivery_address ? row(t('address'), o.delivery_address) : null,
    o.customer_phone ? row(t('phone'), o.customer_phone) : null,
    row(t('payment'), o.payment_method === 'card' ? t('pay_card') : o.payment_method === 'stars' ? t('pay_stars') : t('cod')),
    o.payment_status && o.payment_status !== 'unpaid' || online
      ? row(t('payment_status'), t('ps_' + (o.payment_status || 'unpaid')), 'order-payment-status') : null,
    outcome ? h('p', { class: outcome === 'paid' ? 'success-text' : outcome === 'pending' ? 'muted' : 'error-text',
      testid: 'payment-outcome', 'data-status': outcome, role: 'status' }, t('pay_' + outcome)) : null,
    payBtn,
    cancel,
    h('a', { class: 'btn secondary wide', href: '#/', testid: 'continue-shopping' }, t('continue')));
}
