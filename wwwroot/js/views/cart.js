// Cart: lines with steppers and removal, subtotal updated as you tap.
import { h, img, icon, toast, put } from '../dom.js';
import { api, ApiError, errorText, shortLines, items } from '../api.js';
import { t, price } from '../i18n.js';
import { state, emit } from '../state.js';
import { stepper, errorBox, empty, skelLines } from './parts.js';

export default async function cart(root, ctx) {
  root.append(h('h1', null, t('cart')), skelLines(3));
  await state.ready;
  const data = await api('/api/cart');
  if (!ctx.alive()) return;
  state.cart = data || { items: [], subtotal: 0 }; emit();
  const lines = items(data);
  if (!lines.length) {
    put(root, h('h1', null, t('cart')), empty(t('cart_empty'),
      h('a', { class: 'btn primary', href: '#/', testid: 'go-shopping' }, t('go_shopping'))));
    return;
  }
  const subtotal = h('strong', { testid: 'cart-subtotal' });
  const list = h('ul', { class: 'lines', testid: 'cart-lines' });
  const paintTotal = () => { subtotal.textContent = price(lines.reduce((s, l) => s + Number(l.price ?? l.price_snapshot) * l.quantity, 0)); };

  const sync = () => { state.cart = { items: lines, subtotal: 0 }; emit(); };
  for (const l of lines) {
    const msg = h('div', { class: 'inline-msg' });
    const lineTotal = h('span', { class: 'line-total', testid: 'cart-line-total' });
    const paintLine = () => { lineTotal.textContent = price(Number(l.price ?? l.price_snapshot) * l.quantity); };
    let chain = Promise.resolve();
    const step = stepper(l.quantity, { min: 1, max: 999, onChange: (v) => {
      const before = l.quantity;
      l.quantity = v; paintLine(); paintTotal(); sync(); put(msg);
      chain = chain.then(() => api(`/api/cart/${l.id}`, { method: 'PATCH', body: { quantity: v } })).catch((e) => {
        if (e instanceof ApiError && e.code === 'out_of_stock') {
          const left = shortLines(e.problem, l.name)[0]?.available;
          if (left != null) l.available = left;
        }
        l.quantity = before; step.set(before); paintLine(); paintTotal(); sync();
        put(msg, h('p', { class: 'error-text', testid: 'error-message', role: 'alert' }, errorText(e, l.name)));
      });
    } });
    const remove = h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('remove') + ': ' + l.name, testid: 'cart-remove' }, icon('trash'));
    const li = h('li', { class: 'line', testid: 'cart-line', 'data-product-id': l.product_id, 'data-line-id': l.id },
      h('a', { href: '#/product/' + l.product_id, class: 'line-img' }, img(l.image, l.name)),
      h('div', { class: 'line-body' },
        h('a', { href: '#/product/' + l.product_id, class: 'line-name', testid: 'cart-line-name' }, l.name),
        h('span', { class: 'muted small' }, price(l.price ?? l.price_snapshot)),
        l.available != null && l.available < l.quantity ? h('span', { class: 'warn small' }, t('only_left', { n: l.available })) : null,
        h('div', { class: 'line-row' }, step, lineTotal), msg),
      remove);
    remove.addEventListener('click', async () => {
      remove.disabled = true;
      try {
        await api(`/api/cart/${l.id}`, { method: 'DELETE' });
        lines.splice(lines.indexOf(l), 1); li.remove(); paintTotal(); sync();
        if (!lines.length) ctx.rerender();
      } catch (e) { remove.disabled = false; toast(errorText(e), { error: true }); }
    });
    paintLine();
    list.append(li);
  }
  paintTotal();
  put(root, h('h1', null, t('cart')), list,
    h('div', { class: 'summary' }, h('span', null, t('subtotal')), subtotal),
    h('a', { class: 'btn primary wide', href: '#/checkout', testid: 'checkout-button' }, t('to_checkout')));
}
