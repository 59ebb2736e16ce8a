// Boot, shell (header, tab bar) and hash routing (#/product/12): works with the server's index.html fallback.
import { h, icon, clear, put, dropToastFor } from './dom.js';
import { api, setInitData, setGate, q, ApiError } from './api.js';
import { errorBox } from './views/parts.js';
import { t, setLang, getLang } from './i18n.js';
import { inTelegram, tgUser, initTelegram, backButton, hideMainButton, startParam } from './telegram.js';
import { state, onChange, refreshCart, cartCount, storage } from './state.js';
import home from './views/home.js';
import product from './views/product.js';
import cart from './views/cart.js';
import checkout from './views/checkout.js';
import { orderList, orderView } from './views/orders.js';
import favorites from './views/favorites.js';
import profile from './views/profile.js';
// The admin screens (and their charts) load only when an admin opens them: customers never download them.
const adminView = (name) => async (...args) => (await import('./views/admin.js'))[name](...args);
const admin = adminView('admin'), adminProduct = adminView('adminProduct');

const ROUTES = [
  [/^\/$/, home, 'home'], [/^\/product\/(\d+)$/, product, 'home'], [/^\/cart$/, cart, 'cart'],
  [/^\/checkout$/, checkout, 'cart'], [/^\/orders$/, orderList, 'orders'], [/^\/orders\/(\d+)$/, orderView, 'orders'],
  [/^\/favorites$/, favorites, 'fav'], [/^\/profile$/, profile, 'profile'], [/^\/admin$/, admin, 'admin'],
  [/^\/admin\/products\/(new|\d+)$/, adminProduct, 'admin'],
];
const TABS = [['home', '/', 'home'], ['fav', '/favorites', 'heart'], ['cart', '/cart', 'cart'],
  ['orders', '/orders', 'orders'], ['profile', '/profile', 'user'], ['admin', '/admin', 'admin']];

const root = document.getElementById('app');
let main, tabbar, headerBack, current = null, renderedHash = null;

const route = () => {
  const [path, qs] = (location.hash.slice(1) || '/').split('?');
  return { path: path || '/', params: new URLSearchParams(qs || '') };
};
const depth = () => history.state?.d || 0;

export function nav(path, { replace = false } = {}) {
  if (replace) history.replaceState({ d: depth() }, '', '#' + path);
  else history.pushState({ d: depth() + 1 }, '', '#' + path);
  render();
}
export function goBack() {
  if (depth() > 0) history.back();
  else nav('/', { replace: true });
}
export const rerender = () => { if (authFailed) startAuth(); renderedHash = null; render(); };
/** After a language switch: rebuild header and tabs, then the current view. */
export const relocalize = () => { shell(); rerender(); };

function shell() {
  headerBack = h('button', { class: 'icon-btn back', 'aria-label': t('back'), testid: 'back-button', hidden: true, onclick: goBack }, icon('back'));
  const header = h('header', { class: 'top' }, headerBack,
    h('a', { class: 'brand', href: '#/' }, t('store')),
    state.demo ? h('span', { class: 'badge-demo', testid: 'demo-badge', title: t('demo_note') }, t('demo')) : null);
  main = h('main', { id: 'main', tabindex: '-1' });
  tabbar = h('nav', { class: 'tabbar', 'aria-label': t('store') });
  clear(root).append(header, main, tabbar);
  drawTabs();
}

function drawTabs() {
  const active = match(route().path)[2];
  const n = cartCount();
  put(tabbar, ...TABS.filter(([k]) => k !== 'admin' || state.isAdmin).map(([k, path, ic]) =>
    h('a', { href: '#' + path, class: 'tab' + (k === active ? ' on' : ''), testid: 'tab-' + k,
      'aria-current': k === active ? 'page' : null },
      icon(ic), h('span', null, t('tab_' + k)),
      k === 'cart' && n > 0 ? h('span', { class: 'count', testid: 'cart-count' }, String(n)) : null)));
}

function match(path) {
  for (const [re, view, tab] of ROUTES) { const m = path.match(re); if (m) return [view, m.slice(1), tab]; }
  return [home, [], 'home'];
}

function render() {
  if (location.hash === renderedHash && current) return;
  renderedHash = location.hash;
  current?.abort();
  const ctrl = new AbortController();
  current = ctrl;
  hideMainButton();
  const { path, params } = route();
  dropToastFor('#' + path);
  const [view, args] = match(path);
  const atRoot = path === '/';
  headerBack.hidden = inTelegram || atRoot;
  backButton(!atRoot, goBack);
  drawTabs();
  const section = h('section', { class: 'view', 'data-route': path });
  put(main, section);
  window.scrollTo(0, 0);
  const ctx = { signal: ctrl.signal, params, nav, rerender, relocalize, goBack, alive: () => !ctrl.signal.aborted,
    onLeave: (fn) => ctrl.signal.addEventListener('abort', fn) };
  Promise.resolve().then(() => view(section, ctx, ...args)).catch((e) => {
    if (ctrl.signal.aborted) return;
    put(section, errorBox(e, rerender));
  });
}

document.addEventListener('click', (e) => {
  const a = e.target.closest?.('a[href^="#/"]');
  if (!a || e.defaultPrevented || e.metaKey || e.ctrlKey || e.button) return;
  e.preventDefault();
  const to = a.getAttribute('href').slice(1);
  if ('#' + to !== location.hash) nav(to);
});
window.addEventListener('popstate', render);
window.addEventListener('hashchange', render);
onChange(drawTabs);

async function demoInitData() {
  const p = new URLSearchParams(location.search);
  let id = p.get('demo_id') || storage.get('as_demo_tid');
  if (!/^\d{1,15}$/.test(id || '')) id = String(900000000 + Math.floor(Math.random() * 99999999));
  storage.set('as_demo_tid', id);
  const r = await api('/api/dev/init-data' + q({ telegram_id: id, first_name: p.get('demo_name') || 'Demo', language: getLang() }), { ungated: true });
  return r?.init_data || '';
}

async function authenticate(initP) {
  await initP;
  const r = await api('/api/users/validate', { method: 'POST' });
  state.user = r?.user || null;
  state.favorites = new Set(r?.favorites || []);
  state.isAdmin = !!state.user?.is_admin;
  const saved = state.user?.language;
  if ((saved === 'uz' || saved === 'ru') && saved !== getLang()) {
    setLang(saved); storage.set('as_lang', saved); shell(); rerender();
  } else drawTabs();
  refreshCart();
  return state.user;
}

let authFailed = false;
function startAuth() {
  authFailed = false;
  const initP = (inTelegram ? Promise.resolve(window.Telegram.WebApp.initData) : demoInitData()).then(setInitData, (e) => {
    // No demo endpoint (e.g. Production) reads as "sign-in failed", not "not found"; network trouble stays retryable.
    throw e instanceof ApiError && !e.retryable ? new ApiError(401, { code: 'invalid_init_data' }) : e;
  });
  setGate(initP);
  state.ready = authenticate(initP);
  state.ready.catch(() => { authFailed = true; }); // views that need the user show the error themselves
}

function boot() {
  initTelegram();
  const p = new URLSearchParams(location.search);
  const code = tgUser()?.language_code || p.get('lang') || storage.get('as_lang') || navigator.language || '';
  setLang(String(code).toLowerCase().startsWith('ru') ? 'ru' : 'uz');
  state.demo = !inTelegram;
  shell();
  const sp = startParam().match(/^product_(\d+)$/);
  if (sp && route().path === '/') history.replaceState({ d: 0 }, '', '#/product/' + sp[1]);
  else if (history.state?.d == null) history.replaceState({ d: 0 }, '', location.href);
  startAuth();
  render();
}

boot();
