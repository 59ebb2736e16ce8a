// Product page: image, name, description, price (sale struck), stock, favorite toggle, stepper, add to cart.
import { h, img, icon, toast, put } from '../dom.js';
import { api, q, ApiError, errorText, shortLines } from '../api.js';
import { t, getLang } from '../i18n.js';
import { haptic, hapticNotify } from '../telegram.js';
import { state, refreshCart, cartLine, emit } from '../state.js';
import { priceBlock, stepper, errorBox, imageOf, skelLines } from './parts.js';

export default async function product(root, ctx, id) {
  id = Number(id);
  root.append(h('div', { class: 'skel-hero' }), skelLines(3));
  const p = await api(`/api/products/${id}` + q({ lang: getLang() }));
  if (!ctx.alive()) return;
  let stock = p.stock_quantity ?? 0;

  const stockEl = h('p', { class: 'stock', testid: 'product-stock' });
  const paintStock = () => {
    stockEl.textContent = stock > 0 ? t('in_stock', { n: stock }) : t('sold_out');
    stockEl.classList.toggle('out', stock <= 0);
    add.disabled = stock <= 0;
  };
  const fav = h('button', { type: 'button', class: 'icon-btn fav', testid: 'favorite-toggle' }, icon('heart'));
  const paintFav = () => {
    const on = state.favorites.has(id) || (!state.user && p.is_favorite === true);
    fav.setAttribute('aria-pressed', String(on));
    fav.setAttribute('aria-label', on ? t('fav_remove') : t('fav_add'));
  };
  fav.addEventListener('click', async () => {
    const on = fav.getAttribute('aria-pressed') !== 'true';
    try {
      await state.ready;
      await api(`/api/users/favorites/${id}`, { method: on ? 'POST' : 'DELETE' });
      on ? state.favorites.add(id) : state.favorites.delete(id);
      haptic('light'); paintFav();
    } catch (e) { toast(errorText(e), { error: true }); }
  });
  const step = stepper(1, { max: 99 });
  const msg = h('div', { class: 'inline-msg', role: 'alert' });
  const add = h('button', { type: 'button', class: 'btn primary wide', testid: 'add-to-cart' }, t('add_to_cart'));
  add.addEventListener('click', async () => {
    put(msg);
    add.disabled = true;
    try {
      await state.ready;
      const have = cartLine(id)?.quantity || 0;
      await api('/api/cart', { method: 'POST', body: { product_id: id, quantity: have + step.get() } });
      haptic('medium');
      await refreshCart();
      step.set(1);
      toast(t('added'), { action: h('a', { href: '#/cart', class: 'toast-link', testid: 'toast-go-cart' }, t('go_cart')) });
    } catch (e) {
      hapticNotify('error');
      if (e instanceof ApiError && e.code === 'out_of_stock') {
        const left = shortLines(e.problem, p.name).find((l) => l.product_id == null || l.product_id === id)?.available;
        if (left != null) stock = left;
        refreshCart();
      }
      put(msg, h('p', { class: 'error-text', testid: 'error-message' }, errorText(e, p.name)));
    } finally { if (ctx.alive()) paintStock(); }
  });

  put(root, 
    h('div', { class: 'hero' }, img(imageOf(p), p.name, 'hero-img'), fav),
    h('h1', { class: 'p-name', testid: 'product-title' }, p.name),
    priceBlock(p, 'big'),
    stockEl,
    h('div', { class: 'buy' }, step, add),
    msg,
    p.description ? h('section', { class: 'desc' }, h('h2', null, t('description')),
      h('p', { testid: 'product-description' }, p.description)) : null,
    p.sku ? h('p', { class: 'muted small' }, t('sku') + ': ' + p.sku) : null);
  paintStock(); paintFav();
  state.ready.then(() => { if (ctx.alive()) paintFav(); }, () => {});
  emit();
}
