// Pieces shared by the views: product card, price, stepper, error box.
import { h, img, icon } from '../dom.js';
import { t, price } from '../i18n.js';
import { ApiError, errorText } from '../api.js';
import { rerender } from '../app.js';

export const imageOf = (p) => p.image || p.image_url || '';

export function priceBlock(p, cls = '') {
  const hasSale = p.sale_price != null && Number(p.sale_price) < Number(p.price);
  return h('div', { class: 'price ' + cls, testid: 'product-price' },
    h('span', { class: 'now' + (hasSale ? ' sale' : '') }, price(p.display_price ?? (hasSale ? p.sale_price : p.price))),
    hasSale ? h('s', { class: 'old', testid: 'product-old-price' }, price(p.price)) : null);
}

export function productCard(p) {
  return h('a', { class: 'card', href: '#/product/' + p.id, testid: 'product-card', 'data-product-id': p.id },
    img(imageOf(p), p.name, 'card-img'),
    h('div', { class: 'card-name', testid: 'product-name' }, p.name),
    priceBlock(p),
    p.stock_quantity === 0 ? h('div', { class: 'muted small' }, t('sold_out')) : null);
}

/** − value + ; onChange(newValue) may return a promise. */
export function stepper(value, { min = 1, max = 99, onChange, label = t('qty') } = {}) {
  let v = value;
  const out = h('output', { class: 'step-val', testid: 'qty-value', 'aria-live': 'polite' }, String(v));
  const minus = h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('dec'), testid: 'qty-minus', onclick: () => set(v - 1) }, icon('minus'));
  const plus = h('button', { type: 'button', class: 'icon-btn', 'aria-label': t('inc'), testid: 'qty-plus', onclick: () => set(v + 1) }, icon('plus'));
  const el = h('div', { class: 'stepper', role: 'group', 'aria-label': label, testid: 'qty-stepper' }, minus, out, plus);
  const paint = () => { out.textContent = String(v); minus.disabled = v <= min; plus.disabled = v >= max; };
  function set(n) {
    if (n < min || n > max || n === v) return;
    v = n; paint(); onChange?.(v);
  }
  el.get = () => v;
  el.set = (n) => { v = n; paint(); };
  paint();
  return el;
}

/** A message a person understands plus, for network/server trouble, a retry button. */
export function errorBox(err, retry = rerender, fallbackName) {
  const canRetry = retry && (!(err instanceof ApiError) || err.retryable || err.status >= 500 || err.status === 401);
  return h('div', { class: 'error-box', role: 'alert', testid: 'error-message' },
    h('p', null, errorText(err, fallbackName)),
    canRetry ? h('button', { class: 'btn', testid: 'retry-button', onclick: retry }, t('retry')) : null);
}

export function empty(text, action) {
  return h('div', { class: 'empty', testid: 'empty' }, h('p', null, text), action || null);
}

export const skelLines = (n) => h('div', { class: 'skel-list', 'aria-busy': 'true', 'aria-label': t('loading') },
  Array.from({ length: n }, () => h('div', { class: 'skel-row' })));
