// DOM helpers. Server text only ever goes in through textContent / attributes, never innerHTML.
const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'required']);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, children);
  return el;
}

function add(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) add(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const ICONS = {
  home: 'M3 11l9-8 9 8v10a1 1 0 0 1-1 1h-5v-7H9v7H4a1 1 0 0 1-1-1z',
  heart: 'M12 21s-7.5-4.6-9.5-9.2C1.1 8.4 3.3 5 6.7 5c2 0 3.5 1.1 5.3 3 1.8-1.9 3.3-3 5.3-3 3.4 0 5.6 3.4 4.2 6.8C19.5 16.4 12 21 12 21z',
  cart: 'M3 4h2l2.4 11.2a1 1 0 0 0 1 .8h9.2a1 1 0 0 0 1-.8L20 8H6.2M9 20.5a1.5 1.5 0 1 0 0-.01M17 20.5a1.5 1.5 0 1 0 0-.01',
  orders: 'M6 3h12v18l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-6 8-6s8 2 8 6',
  admin: 'M12 2l8 4v6c0 5-3.5 8.5-8 10-4.5-1.5-8-5-8-10V6z',
  back: 'M15 5l-7 7 7 7',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  minus: 'M5 12h14',
  plus: 'M12 5v14M5 12h14',
};

export function icon(name) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'ic ic-' + name);
  const p = document.createElementNS(NS, 'path');
  p.setAttribute('d', ICONS[name]);
  svg.append(p);
  return svg;
}

export function clear(el) { el.replaceChildren(); return el; }
/** replaceChildren that skips null/false (the native one would print "null"). */
export function put(el, ...children) { el.replaceChildren(); add(el, children); return el; }

export function skeleton(n, cls = 'card skel') {
  return Array.from({ length: n }, () => h('div', { class: cls, 'aria-hidden': 'true' },
    h('div', { class: 'skel-img' }), h('div', { class: 'skel-line' }), h('div', { class: 'skel-line short' })));
}

let toastTimer;
export function toast(msg, { error = false, action } = {}) {
  let box = document.getElementById('toast');
  if (!box) {
    box = h('div', { id: 'toast', role: 'status', 'aria-live': 'polite', testid: 'toast' });
    document.body.append(box);
  }
  box.className = 'toast show' + (error ? ' error' : '');
  put(box, h('span', null, msg), action);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => box.classList.remove('show'), error ? 5000 : 2500);
}

/** Arriving where the toast's action leads ("go to cart" on the cart page) makes it moot. */
export function dropToastFor(hash) {
  const box = document.getElementById('toast');
  if (box?.classList.contains('show') && [...box.querySelectorAll('a')].some((a) => a.getAttribute('href') === hash)) box.classList.remove('show');
}

/** A safe image: only site-relative or http(s) URLs are used. */
export function img(src, alt, cls) {
  const ok = typeof src === 'string' && /^(\/(?!\/)|https?:\/\/)/.test(src);
  const el = h('img', { class: cls, alt: alt || '', loading: 'lazy', decoding: 'async' });
  if (ok) el.src = src; else el.classList.add('noimg');
  el.addEventListener('error', () => { el.removeAttribute('src'); el.classList.add('noimg'); }, { once: true });
  return el;
}
